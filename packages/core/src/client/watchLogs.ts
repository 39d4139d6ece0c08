/**
 * `client.watchLogs(params)`: a pod container's log, live, as an Observable
 * of updates (the lines each batch adds, the lines kept, the status). The
 * driver of logs/followTransition.ts: it opens the requests, reads lines,
 * applies the resume rule (logs/resume.ts) to every batch, keeps at most
 * `maxLines`, and follows the pod object (through the client's own shared
 * watch) for restarts, deletion and whether the container runs.
 */
import { Observable, type Subscription } from 'rxjs';
import { isAbortError, isKubeApiError, KubeApiError } from '../errors/KubeApiError.js';
import type { KubeHttp } from '../http/kubeHttp.js';
import { Pods } from '../resources/builtins.js';
import { resourcePath } from '../urls/resourcePath.js';
import { validateName } from '../urls/validate.js';
import { createBackoff } from '../watch/backoff.js';
import { containerFacts, containerNames } from '../logs/containerFacts.js';
import { transition, type ContainerFacts, type FollowEffect, type FollowInput, type FollowState, type LogPhase } from '../logs/followTransition.js';
import type { LogLine } from '../logs/logLine.js';
import { logQuery, sinceTimeOfDate } from '../logs/logQuery.js';
import { EMPTY_WINDOW, LogBuffer, type LogWindow } from '../logs/logWindow.js';
import { readLogLines } from '../logs/readLogLines.js';
import { accept, emptyCursor, restarted, resumed, resumeSince, type ResumeCursor } from '../logs/resume.js';
import type { StatusNotice, Transport } from '../status/queryStatus.js';
import { Activity } from '../watch/activity.js';
import type { ConnectionEnvironment } from './connectionPlan.js';
import type { ResolvedOptions } from './options.js';
import type { WatchResourceParams } from './querySpec.js';

export interface WatchLogsParams {
  cluster?: string | undefined;
  namespace: string;
  /** The pod. */
  name: string;
  /** Needed when the pod has more than one container. */
  container?: string | undefined;
  /** The first request's lines from the end (later requests resume instead). */
  tailLines?: number | undefined;
  /** The first request's lines of the last N seconds. */
  sinceSeconds?: number | undefined;
  /** The first request's lines from this time (the server reads it to the whole second). */
  sinceTime?: string | Date | undefined;
  /** The last run of a restarted container, read once. */
  previous?: boolean | undefined;
  /** Stop after this many bytes of log: one read, no follow. */
  limitBytes?: number | undefined;
  /** Lines kept, oldest out first; default 10,000. 0: keep none, the subscriber takes `added`. */
  maxLines?: number | undefined;
  /** Poll (with the same resume rule) when the client's downgradeWatch is on: true = every pollInterval, or { interval } ms. */
  downgradePolling?: boolean | { interval: number } | undefined;
  /** A follow that receives nothing this long while the container runs is checked and reopened; default 30. */
  stallSeconds?: number | undefined;
}

export interface LogStatus {
  readonly phase: LogPhase;
  readonly transport: Transport;
  /** The fatal failure in `error`; the one being recovered from (or waited out) otherwise. */
  readonly error?: KubeApiError | undefined;
  readonly notice?: StatusNotice | undefined;
  /** How many times the follow reconnected. */
  readonly reconnects: number;
  /** The container's restartCount as last seen; a rise is a restart (lines carry their `run`). */
  readonly restartCount: number;
}

export interface LogUpdate {
  /** The lines this update brings, oldest first (empty for a status change). */
  readonly added: readonly LogLine[];
  /** The kept lines, `added` included; always empty with `maxLines: 0`. */
  readonly lines: LogWindow;
  readonly status: LogStatus;
}

export const DEFAULT_MAX_LOG_LINES = 10_000;
export const DEFAULT_LOG_STALL_SECONDS = 30;

export interface WatchLogsContext {
  http: KubeHttp;
  options: ResolvedOptions;
  /** The pod, live (the client's shared watchResource). */
  watchPod(params: WatchResourceParams<unknown>): Observable<unknown>;
  /** The client's environment now (its downgrade switch), and its changes (the switch, a tab going to sleep). */
  environment?: (() => ConnectionEnvironment) | undefined;
  onEnvironment?: ((listener: (environment: ConnectionEnvironment) => void) => () => void) | undefined;
}

export function watchLogs(context: WatchLogsContext, params: WatchLogsParams): Observable<LogUpdate> {
  return new Observable<LogUpdate>((subscriber) => {
    const { http, options } = context;
    const timers = options.timers;
    const backoff = createBackoff(options.backoff, () => timers.now());
    const buffer = new LogBuffer(params.maxLines ?? DEFAULT_MAX_LOG_LINES);
    const keep = buffer.maxLines > 0;
    const stallMs = (params.stallSeconds ?? DEFAULT_LOG_STALL_SECONDS) * 1000;
    const once = params.previous === true || params.limitBytes !== undefined;
    let path: string;
    try {
      validateName(params.name);
      if (params.container !== undefined) validateName(params.container);
      path = resourcePath({ cluster: params.cluster, resource: Pods, namespace: params.namespace, name: params.name, subresource: 'log' }, options.clusterPrefix);
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    let state: FollowState = { kind: 'idle' };
    let cursor: ResumeCursor = emptyCursor();
    /**
     * With `tailLines: 0` (only what comes next), the server's second when the
     * first response came (its Date header): a follow that broke before its
     * first line resumes from there, since asking for tailLines=0 again would
     * lose what was written in between. Other first requests are repeated as
     * they were: they reach back, and a response that broke (or a proxy held)
     * before its first line may not have sent the lines it had then.
     */
    let openedAt: string | undefined;
    let pod: ContainerFacts | undefined;
    let podObject: unknown;
    let forcedPoll: StatusNotice | undefined;
    let status: LogStatus = { phase: 'loading', transport: 'stream', reconnects: 0, restartCount: 0 };
    let stopped = false;
    const activity = new Activity<FollowInput>(timers, (input) => dispatch(input));

    const transport = (): Transport => {
      if (forcedPoll) return 'poll';
      const downgradeWatch = context.environment?.().downgradeWatch ?? options.downgradeWatch;
      return params.downgradePolling && downgradeWatch ? 'poll' : 'stream';
    };
    const pollIntervalMs = (): number =>
      typeof params.downgradePolling === 'object' ? params.downgradePolling.interval : options.pollInterval;

    function emit(added: readonly LogLine[]): void {
      if (stopped) return;
      subscriber.next({ added, lines: keep ? buffer.snapshot() : EMPTY_WINDOW, status });
    }

    function dispatch(given: FollowInput): void {
      if (stopped) return;
      // The downgrade switch is read at each check too, so that a quiet follow moves to polling within stallSeconds.
      const input: FollowInput = given.type === 'stallCheck' && transport() === 'poll' ? { type: 'transportChanged' } : given;
      const [next, effects] = transition(state, input, {
        transport: transport(),
        once,
        pollIntervalMs: pollIntervalMs(),
        stallMs,
        pod,
        now: timers.now(),
      });
      state = next;
      for (const effect of effects) {
        if (stopped) return;
        perform(effect);
      }
    }

    const beginActivity = () => activity.begin();
    const setTimer = (ms: number, input: FollowInput): void => activity.setTimer(ms, input);

    function perform(effect: FollowEffect): void {
      switch (effect.type) {
        case 'status': {
          const transportNow = transport();
          status = {
            ...status,
            phase: effect.phase,
            transport: transportNow,
            error: effect.error,
            notice: effect.notice ?? forcedPoll,
            reconnects: status.reconnects + (effect.reconnect ? 1 : 0),
          };
          emit([]);
          return;
        }
        case 'open':
          void read(effect.follow, false);
          return;
        case 'probe':
          void read(false, true);
          return;
        case 'backoff':
          beginActivity();
          setTimer(backoff.next(effect.retryAfterSeconds), { type: 'retry' });
          return;
        case 'wait':
          beginActivity();
          setTimer(effect.ms, { type: 'retry' });
          return;
        case 'stallCheck':
          setTimer(effect.ms, { type: 'stallCheck' });
          return;
        case 'idle':
          beginActivity();
          return;
        case 'restarted':
          cursor = restarted(cursor);
          status = { ...status, restartCount: effect.restartCount };
          emit([]);
          return;
        case 'poll':
          forcedPoll = effect.notice;
          return;
        case 'end':
          stop();
          subscriber.complete();
          return;
        case 'fail':
          stop();
          subscriber.error(effect.error);
          return;
      }
    }

    async function read(follow: boolean, probe: boolean): Promise<void> {
      const { id, signal } = beginActivity();
      const current = () => activity.isCurrent(id);
      cursor = resumed(cursor);
      let fresh = 0;
      try {
        const { body, headers } = await http.openTextStream(path + logQuery(params, follow, resumeSince(cursor) ?? openedAt), { cluster: params.cluster, signal });
        if (!current()) return;
        if (params.tailLines === 0) openedAt ??= sinceTimeOfDate(headers.get('date'));
        if (!probe) dispatch({ type: 'opened' });
        for await (const batch of readLogLines(body, () => pod?.restartCount ?? status.restartCount)) {
          if (!current()) return;
          const accepted = accept(cursor, batch);
          cursor = accepted.cursor;
          fresh += accepted.fresh.length;
          if (accepted.fresh.length > 0) {
            if (keep) buffer.push(accepted.fresh);
            emit(accepted.fresh);
          }
          if (!probe) dispatch({ type: 'lines', count: accepted.fresh.length });
          if (!probe && follow && transport() === 'poll') dispatch({ type: 'transportChanged' });
        }
        if (current()) dispatch(probe ? { type: 'probed', fresh } : { type: 'ended' });
      } catch (error) {
        if (!current() || isAbortError(error)) return;
        const failure = isKubeApiError(error) ? error : KubeApiError.client('NetworkError', String(error), error);
        dispatch({ type: 'failed', error: await explained(failure) });
      }
    }

    /** The apiserver's "container x is not valid for pod y" does not say which containers it has: add them. */
    async function explained(error: KubeApiError): Promise<KubeApiError> {
      if (error.code !== 400 || !/is not valid for pod/.test(error.message)) return error;
      const known = podObject ?? (await http.request(resourcePath({ cluster: params.cluster, resource: Pods, namespace: params.namespace, name: params.name }, options.clusterPrefix), { cluster: params.cluster }).catch(() => undefined));
      const names = known ? containerNames(known as never) : [];
      if (names.length === 0) return error;
      return new KubeApiError({ ...error.status, message: `${error.message}: its containers are ${names.join(', ')}` });
    }

    function stop(): void {
      if (stopped) return;
      stopped = true;
      activity.end();
      // Called from inside the pod subscription's first callbacks at the earliest, once it is assigned.
      podSubscription?.unsubscribe();
      stopSleeping?.();
    }

    let stopSleeping: (() => void) | undefined;
    let started = false;
    /** The follow starts once the pod is known (or cannot be read): a container that has not run has no log to ask for. */
    const start = () => {
      if (started) return;
      started = true;
      dispatch({ type: 'start' });
    };
    const podSubscription: Subscription = context.watchPod({ cluster: params.cluster, resource: Pods, namespace: params.namespace, name: params.name }).subscribe({
      next: (object) => {
        podObject = object ?? undefined;
        const before = pod;
        pod = containerFacts(object as never, params.container);
        if (!started) return start();
        if (before && pod.restartCount === before.restartCount && pod.running === before.running && pod.exists === before.exists && pod.finished === before.finished) return;
        dispatch({ type: 'pod', before, after: pod });
      },
      // Without the pod (no right to watch it), the follow relies on the log endpoint's answers alone.
      error: () => start(),
    });
    // A tab asleep (the tabSleep add-on) closes its follow, and resumes it from the last second shown when it wakes;
    // the downgrade switch moves it between streaming and polling at once.
    let asleep = false;
    let wanted = transport();
    stopSleeping = context.onEnvironment?.((environment) => {
      if (transport() !== wanted) {
        wanted = transport();
        dispatch({ type: 'transportChanged' });
      }
      if (environment.asleep === asleep) return;
      asleep = environment.asleep;
      dispatch({ type: asleep ? 'pause' : 'resume' });
    });
    return stop;
  });
}


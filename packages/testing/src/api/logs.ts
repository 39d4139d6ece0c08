// GET /api/v1/namespaces/{ns}/pods/{name}/log, served as kube-apiserver and
// the kubelet serve it together:
// - the apiserver picks and checks the container and passes the options on
//   (pkg/registry/core/pod/strategy.go, LogLocation and validateContainer),
//   formatting sinceTime with time.RFC3339, so without its fraction: the
//   kubelet sees it truncated to the whole second;
// - the kubelet checks that the container has a log to read
//   (pkg/kubelet/kubelet_pods.go, validateContainerLogStatus) and reads the
//   run's file: tailLines from its end, lines not before since, limitBytes
//   bytes at most (cut wherever the count ends, mid-line too), each line
//   prefixed with its timestamp when asked; with follow it keeps sending
//   what is written until the container stops or the file rotates
//   (pkg/kubelet/kuberuntime/logs/logs.go).
// Errors are the apiserver's Status with code 400 and the kubelet's message.
import type { Fault } from '../faults/types.js';
import { Pods } from '../model/builtinResources.js';
import type { FakeCluster } from '../model/cluster.js';
import { badRequest, notFound } from '../model/status.js';
import { formatTimestamp, logsOf, type LogAddress, type LogEntry } from '../logs/logStore.js';
import { LineStream } from './lineStream.js';
import { queryFlag } from './queryFlag.js';
import type { ResourceRoute } from './route.js';

export interface LogRequest {
  url: URL;
  route: ResourceRoute;
  cluster: FakeCluster;
  streamFault?: Fault | undefined;
  /** The model's clock, now (sinceSeconds counts back from it). */
  now: number;
  track(stream: LineStream): void;
}

const encoder = new TextEncoder();
const TEXT_HEADERS = { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' };

/** How often an open follow looks at its pod (container stopped, restarted, pod deleted). */
const POD_CHECK_MS = 100;

export function handleLogs(r: LogRequest): Response {
  const { namespace, name } = r.route;
  const pod = r.cluster.find<any>(Pods, { namespace: namespace!, name: name! });
  if (!pod) throw notFound({ resource: 'pods', group: '', name: name! });
  const q = r.url.searchParams;
  const container = validateContainer(q.get('container') ?? '', pod);
  // An unscheduled pod has no kubelet to ask: LogLocation returns no location and the answer is empty.
  if (!pod.spec?.nodeName) return new Response('', { status: 200, headers: TEXT_HEADERS });
  const previous = queryFlag(q, 'previous');
  const run = runToRead(pod, container, previous);
  const address: LogAddress = { namespace: namespace!, pod: name!, uid: pod.metadata.uid, container, run };
  const store = logsOf(r.cluster);
  const timestamps = queryFlag(q, 'timestamps');
  const since = sinceOf(q, r.now);
  const tailLines = q.has('tailLines') ? Number(q.get('tailLines')) : undefined;
  let bytesLeft = q.has('limitBytes') ? Number(q.get('limitBytes')) : Number.POSITIVE_INFINITY;
  const follow = queryFlag(q, 'follow') && !previous && isRunning(pod, container, run);

  const stream = new LineStream();
  r.track(stream);
  const fault = r.streamFault;
  const faultAfter = fault && 'afterEvents' in fault ? (fault.afterEvents ?? 0) : fault && 'afterLines' in fault ? (fault.afterLines ?? 0) : 0;
  let sent = 0;
  let lastSecond: string | undefined;
  /** A stalled follow (fault logStall) stays open and sends nothing more. */
  let stalled = false;

  /** Sends one entry; false once the stream is over (a fault or limitBytes ended it). */
  const send = (entry: LogEntry): boolean => {
    const stamp = formatTimestamp(entry);
    const text = `${timestamps ? `${stamp} ` : ''}${entry.text}\n`;
    if (stalled) return false;
    if (fault && sent >= faultAfter) {
      if (fault.kind === 'logStall') {
        stalled = true;
        return false;
      }
      if (fault.kind === 'cutMidLine') {
        stream.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        stream.fail();
        return false;
      }
      if (fault.kind === 'logCutMidSecond' && lastSecond === stamp.slice(0, 19)) {
        stream.fail();
        return false;
      }
    }
    if (Number.isFinite(bytesLeft)) {
      const bytes = encoder.encode(text);
      if (bytes.length >= bytesLeft) {
        // The kubelet's LimitWriter stops where the count ends, mid-line or mid-character.
        stream.write(new TextDecoder().decode(bytes.subarray(0, bytesLeft)));
        stream.close();
        return false;
      }
      bytesLeft -= bytes.length;
    }
    stream.write(text);
    sent += 1;
    lastSecond = stamp.slice(0, 19);
    return true;
  };

  const first = store.read(address);
  // `next` counts lines of the file from its first ever, so that lines dropped off its front do not move it.
  let next = first.dropped + (tailLines !== undefined && tailLines >= 0 ? Math.max(0, first.entries.length - tailLines) : 0);
  const drain = (): boolean => {
    const { entries, dropped } = store.read(address);
    if (next < dropped) next = dropped; // rotated away before it was read, as on a kubelet
    for (; next - dropped < entries.length; next++) {
      const entry = entries[next - dropped]!;
      if (since !== undefined && entry.ms < since) continue;
      if (!send(entry)) {
        next++;
        return false;
      }
    }
    // A rotation once the follow has caught up: every line was in the old file and sent; what comes next goes to the new one.
    if (fault?.kind === 'logRotation' && sent >= faultAfter) {
      store.rotate(address);
      stream.close();
      return false;
    }
    return true;
  };
  const caughtUp = drain();
  // A stalled response stays open, silent, until the client gives up.
  if (stalled) return response(stream);
  if (!caughtUp || stream.done) return response(stream);
  if (!follow) {
    stream.close();
    return response(stream);
  }
  const unsubscribe = store.subscribe(address, (event) => {
    if (event.type === 'rotated') {
      stream.close();
      return;
    }
    if (!drain() && !stream.done && !stalled) stream.close();
  });
  stream.onFinish(unsubscribe);
  stream.every(POD_CHECK_MS, () => {
    const current = r.cluster.find<any>(Pods, { namespace: namespace!, name: name! });
    if (!current || current.metadata.uid !== pod.metadata.uid || !isRunning(current, container, run)) {
      drain();
      stream.close();
    }
  });
  return response(stream);
}

function response(stream: LineStream): Response {
  return new Response(stream.body, { status: 200, headers: TEXT_HEADERS });
}

/** The kubelet's `since`: sinceSeconds back from now, or sinceTime cut to the whole second, as the apiserver passes it on. */
function sinceOf(q: URLSearchParams, now: number): number | undefined {
  const sinceSeconds = q.get('sinceSeconds');
  const sinceTime = q.get('sinceTime');
  if (sinceSeconds !== null && sinceTime !== null) throw badRequest('at most one of sinceTime or sinceSeconds may be specified');
  if (sinceSeconds !== null) {
    const seconds = Number(sinceSeconds);
    if (!Number.isInteger(seconds) || seconds < 1) throw badRequest('sinceSeconds must be greater than 0');
    return now - seconds * 1000;
  }
  if (sinceTime === null) return undefined;
  const ms = Date.parse(sinceTime);
  if (Number.isNaN(ms)) throw badRequest(`sinceTime: parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  return Math.floor(ms / 1000) * 1000;
}

/** strategy.go, validateContainer: the only container when none is named; a named one must exist. */
function validateContainer(container: string, pod: any): string {
  const names: string[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: { name: string }) => c.name);
  const name = pod.metadata.name as string;
  if (container === '') {
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 1) return containers[0].name as string;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    // Go prints a []string as [a b].
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

function statusOf(pod: any, container: string): any {
  return [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: { name: string }) => s.name === container);
}

function isRunning(pod: any, container: string, run: number): boolean {
  const status = statusOf(pod, container);
  return status?.state?.running !== undefined && (status.restartCount ?? 0) === run;
}

/** kubelet_pods.go, validateContainerLogStatus: which run has a log to read, or the kubelet's refusal. */
function runToRead(pod: any, container: string, previous: boolean): number {
  const podName = pod.metadata.name as string;
  const status = statusOf(pod, container);
  const restarts: number = status?.restartCount ?? 0;
  if (previous) {
    if (!status || restarts === 0) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return restarts - 1;
  }
  if (status?.state?.running || status?.state?.terminated) return restarts;
  // Crash-looping: the last terminated run is read while the next waits.
  if (status?.lastState?.terminated) return restarts;
  const reason: string = status?.state?.waiting?.reason ?? 'ContainerCreating';
  const shown = reason === 'ErrImagePull' || reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${shown}`);
}

// The faults the fake can inject, as plain JSON-able values (the control
// endpoint accepts the same shapes). Three families:
// - answers: the request gets this response instead of its real one;
// - stream faults: the real response, broken after some events;
// - transport faults: what a proxy in between does to any body.
export type Fault =
  // answers
  /** HTTP 410 Gone (reason Expired) instead of the response, as after a compaction. */
  | { kind: 'gone' }
  /** HTTP 429 TooManyRequests with `Retry-After` and a Status body. */
  | { kind: 'tooManyRequests'; retryAfterSeconds?: number }
  /**
   * HTTP 429 as API Priority and Fairness rejects a request it cannot queue
   * (big LISTs first): `Retry-After` (1 s by default, as the apiserver sends),
   * the matched flow schema and priority level UIDs, and a plain-text body, not a Status.
   */
  | { kind: 'throttled'; retryAfterSeconds?: number }
  /**
   * Only for a watch from a resourceVersion older than the history (where the
   * answer would be 410): HTTP 200 and an empty body that ends at once, as
   * kube-apiserver answers for resources it serves outside its watch cache
   * (kubernetes/kubernetes issue 137089). Other requests pass untouched and
   * do not use the rule up.
   */
  | { kind: 'silentCloseWhenExpired' }
  /** HTTP 500 InternalError. */
  | { kind: 'serverError'; message?: string }
  /** HTTP 403 Forbidden, as RBAC denies a verb (`User "x" cannot patch resource "jobs"...`). */
  | { kind: 'forbidden'; message?: string }
  /** The real answer, `ms` later: a slow server, or a test holding a write's answer back. */
  | { kind: 'delay'; ms: number }
  /** HTTP 200 with an SSO login page (`text/html`), as a proxy whose session expired. */
  | { kind: 'htmlLogin' }
  /**
   * Only for a request whose Accept asks for a projection or carries a parameter
   * (`as=Table`, `as=PartialObjectMetadataList`, `drop=...`): HTTP 406 NotAcceptable,
   * as an aggregated API without projections or a strict proxy answers. Other
   * requests pass untouched and do not use the rule up.
   */
  | { kind: 'notAcceptable' }
  /** The server never answers (until the client gives up or the server closes). */
  | { kind: 'hang' }
  // stream faults (watch and export streams; a list body for cut/malformed)
  /** Ends the watch normally once `events` events have been sent. */
  | { kind: 'endWatchAfter'; events: number }
  /** After `afterEvents` events (log lines for pod logs), sends half a line and cuts the connection. */
  | { kind: 'cutMidLine'; afterEvents?: number }
  /** After `afterEvents` events, sends a line that is not JSON, then carries on. */
  | { kind: 'malformedLine'; afterEvents?: number }
  /** Pod logs: after `afterLines` lines, cuts the connection between two lines of one second (a resume must keep the rest of it). */
  | { kind: 'logCutMidSecond'; afterLines?: number }
  /** Pod logs: after `afterLines` lines, the follow sends nothing more but stays open (a stalled kubelet or proxy, tilt-dev/tilt#3908). */
  | { kind: 'logStall'; afterLines?: number }
  /** Pod logs: once a follow sent `afterLines` lines and caught up, the log file rotates: the follow ends normally and later reads see only the new file. */
  | { kind: 'logRotation'; afterLines?: number }
  /** After `afterEvents` events, sends an ERROR event carrying a Status (default 410 Expired) and ends. */
  | { kind: 'errorEvent'; afterEvents?: number; code?: number }
  // transport faults
  /** A buffering proxy: the body arrives only when the response ends. */
  | { kind: 'bufferingProxy' }
  /** A proxy that cuts every connection after `ms` (60,000 for the classic gateway). */
  | { kind: 'cutAfter'; ms: number };

export type FaultKind = Fault['kind'];

/** What the apiserver is asked to do, as the request log and fault matchers name it. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'export' | 'discovery';

/** Which requests a fault applies to; every field left out matches anything. */
export interface FaultMatch {
  cluster?: string;
  /** Plural, optionally qualified: `pods`, `jobs.batch`. */
  resource?: string;
  namespace?: string;
  /** Verbs it applies to; by default every resource request (not discovery). */
  verb?: Verb | Verb[];
  /** Shorthand: true = watches only, false = everything but watches. */
  watch?: boolean;
  /** How many requests it applies to (default 1), or 'always'. */
  times?: number | 'always';
}

export interface FaultRule {
  id: number;
  fault: Fault;
  match: FaultMatch;
  /** Requests still to be affected (Infinity for 'always'). */
  remaining: number;
  /** Requests affected so far. */
  hits: number;
}

export const ANSWER_FAULTS: ReadonlySet<FaultKind> = new Set(['gone', 'tooManyRequests', 'throttled', 'silentCloseWhenExpired', 'serverError', 'forbidden', 'delay', 'htmlLogin', 'notAcceptable', 'hang']);
export const STREAM_FAULTS: ReadonlySet<FaultKind> = new Set(['endWatchAfter', 'cutMidLine', 'malformedLine', 'errorEvent', 'logCutMidSecond', 'logRotation', 'logStall']);

// The containers' log files of one fake cluster, as a kubelet keeps them on
// its nodes: one file per container run (restartCount), lines appended with
// a nanosecond timestamp from the runtime (CRI log format), the oldest lines
// dropped past a size bound (the kubelet rotates at containerLogMaxSize), and
// a rotation that starts a new file: a follow of the old one ends
// (kubernetes/kubernetes#115701), and later reads see only the new file,
// because the kubelet reads the current file only
// (pkg/kubelet/kuberuntime/logs/logs.go, ReadLogs).
// Invariant: timestamps of one file never go back, and two lines never share
// one (the runtime's clock is in nanoseconds); lines of one second may be many.
import type { FakeCluster } from '../model/cluster.js';

export interface LogEntry {
  /** Milliseconds since the epoch (the model's clock). */
  readonly ms: number;
  /** Nanoseconds within the millisecond, 0-999,999. */
  readonly nanos: number;
  readonly text: string;
}

export interface LogFileEvent {
  type: 'lines' | 'rotated';
}

interface LogFile {
  entries: LogEntry[];
  /** Lines dropped off the front so far: line i of the file is entries[i - dropped]. */
  dropped: number;
  listeners: Set<(event: LogFileEvent) => void>;
}

export interface LogAddress {
  namespace: string;
  pod: string;
  /** The pod's uid: a pod deleted and created again under the same name has new files. */
  uid: string;
  container: string;
  run: number;
}

/** Lines kept per file before the oldest go: about 10 MiB of 100-byte lines, the kubelet's default containerLogMaxSize. */
export const MAX_LINES_PER_FILE = 100_000;

const stores = new WeakMap<FakeCluster, LogStore>();

/** The log store of a cluster, created on first use. */
export function logsOf(cluster: FakeCluster): LogStore {
  let store = stores.get(cluster);
  if (!store) stores.set(cluster, (store = new LogStore()));
  return store;
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed, as Go's time.RFC3339Nano prints the kubelet's timestamps. */
export function formatTimestamp(entry: Pick<LogEntry, 'ms' | 'nanos'>): string {
  const iso = new Date(entry.ms).toISOString(); // 2026-12-06T07:30:45.123Z
  const fraction = `${iso.slice(20, 23)}${String(entry.nanos).padStart(6, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

export class LogStore {
  private readonly files = new Map<string, LogFile>();
  private readonly addresses = new Map<string, LogAddress>();
  private readonly maxLines: number;
  /** Fills a file when it is first opened (the simulator's backlog: what the container wrote before anyone looked). */
  backlog: ((address: LogAddress) => void) | undefined;

  constructor(options: { maxLinesPerFile?: number } = {}) {
    this.maxLines = options.maxLinesPerFile ?? MAX_LINES_PER_FILE;
  }

  /** Appends lines (a text with newlines is several lines, as the runtime splits them) at `ms`; returns the entries written. */
  write(address: LogAddress, text: string, ms: number): LogEntry[] {
    const file = this.file(address);
    const written: LogEntry[] = [];
    for (const part of text.split('\n')) {
      const last = file.entries[file.entries.length - 1];
      // Never back in time, never two lines on one nanosecond.
      const entry =
        last && last.ms >= ms
          ? last.nanos < 999_999
            ? { ms: last.ms, nanos: last.nanos + 1, text: part }
            : { ms: last.ms + 1, nanos: 0, text: part }
          : { ms, nanos: 0, text: part };
      file.entries.push(entry);
      written.push(entry);
    }
    // Dropped in slices of a quarter, so that a busy file does not move its whole array on every line.
    if (file.entries.length > this.maxLines * 1.25) {
      const over = file.entries.length - this.maxLines;
      file.entries.splice(0, over);
      file.dropped += over;
    }
    for (const listener of file.listeners) listener({ type: 'lines' });
    return written;
  }

  /** The lines of a file now (live: later writes append to it), and how many were dropped before the first. */
  read(address: LogAddress): { entries: readonly LogEntry[]; dropped: number } {
    const file = this.file(address);
    return { entries: file.entries, dropped: file.dropped };
  }

  /** Every file opened so far (read or written). */
  opened(): IterableIterator<LogAddress> {
    return this.addresses.values();
  }

  /** The lines of a file now, oldest first. */
  entries(address: LogAddress): readonly LogEntry[] {
    return this.read(address).entries;
  }

  /** Rotation: the current file is closed (its follows end) and an empty one takes its place. */
  rotate(address: LogAddress): void {
    const file = this.files.get(key(address));
    if (!file) return;
    const listeners = [...file.listeners];
    this.files.set(key(address), { entries: [], dropped: 0, listeners: new Set() });
    for (const listener of listeners) listener({ type: 'rotated' });
  }

  /** Calls `listener` after each write to (or the rotation of) the file; returns the unsubscribe. */
  subscribe(address: LogAddress, listener: (event: LogFileEvent) => void): () => void {
    const file = this.file(address);
    file.listeners.add(listener);
    return () => file.listeners.delete(listener);
  }

  /** Forgets every file of a pod (its uid), once the pod is gone. */
  forgetPod(uid: string): void {
    for (const name of this.files.keys()) {
      if (!name.startsWith(`${uid}/`)) continue;
      this.files.delete(name);
      this.addresses.delete(name);
    }
  }

  private file(address: LogAddress): LogFile {
    const name = key(address);
    let file = this.files.get(name);
    if (file) return file;
    file = { entries: [], dropped: 0, listeners: new Set() };
    this.files.set(name, file);
    this.addresses.set(name, { ...address });
    this.backlog?.(address);
    return file;
  }
}

const key = (a: LogAddress) => `${a.uid}/${a.container}/${a.run}`;

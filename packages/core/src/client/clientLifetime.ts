/**
 * The life of a client, from createKubeClient to dispose(). Invariants:
 * - until dispose(), nothing here changes what a call does;
 * - dispose() completes every live Observable the client handed out (watches,
 *   lists, streams, observers' snapshots), calls back every observer's
 *   subscribers so that they read the final snapshot, and aborts every request
 *   in flight;
 * - after it, every call fails with one typed error (`ClientDisposed`), the
 *   way the client reports any bad call: an Observable errors on subscribe, a
 *   promise rejects, an observer's snapshot says error. Nothing throws at call
 *   time, and nothing reaches the network.
 */
import { Observable } from 'rxjs';
import { KubeApiError } from '../errors/KubeApiError.js';
import { failedStatus } from '../status/nextStatus.js';
import type { QueryObserver, QuerySnapshot } from './queryObserver.js';

export class ClientLifetime {
  /** What every call gets once the client is disposed. */
  readonly error = KubeApiError.client('ClientDisposed', 'this KubeClient was disposed; create a new client');
  private readonly controller = new AbortController();
  private readonly disposedSnapshot: QuerySnapshot<never> = Object.freeze({
    data: undefined,
    status: failedStatus(this.error),
    error: this.error,
  });

  get disposed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts with the disposed error as its reason; listeners run in the order they were added. */
  dispose(): void {
    this.controller.abort(this.error);
  }

  /** The source until dispose(), which completes it; after dispose(), an Observable that errors on subscribe. */
  bind<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.disposed) {
        subscriber.error(this.error);
        return undefined;
      }
      const complete = () => subscriber.complete();
      this.controller.signal.addEventListener('abort', complete, { once: true });
      const subscription = source.subscribe(subscriber);
      return () => {
        this.controller.signal.removeEventListener('abort', complete);
        subscription.unsubscribe();
      };
    });
  }

  /**
   * An observer that, from dispose() on, reports the disposed error as its
   * snapshot: its subscribers are called back once to read it, and its
   * snapshots() completes.
   */
  guard<D>(observer: QueryObserver<D>): QueryObserver<D> {
    return {
      getSnapshot: () => (this.disposed ? this.disposedSnapshot : observer.getSnapshot()),
      lastEventAt: () => (this.disposed ? undefined : observer.lastEventAt()),
      subscribe: (onChange) => {
        if (this.disposed) return () => undefined;
        const unsubscribe = observer.subscribe(onChange);
        // A listener of its own: the same callback may subscribe twice, and EventTarget would keep it once.
        const notify = () => onChange();
        this.controller.signal.addEventListener('abort', notify, { once: true });
        return () => {
          this.controller.signal.removeEventListener('abort', notify);
          unsubscribe();
        };
      },
      snapshots: () => (this.disposed ? new Observable((subscriber) => subscriber.next(this.disposedSnapshot)) : this.bind(observer.snapshots())),
      patches: () => this.bind(observer.patches()),
    };
  }

  /**
   * Runs a one-shot request with its signal joined to one that dispose()
   * aborts; after dispose() it rejects without starting.
   */
  async request<P extends { signal?: AbortSignal | undefined }, T>(params: P, run: (params: P) => Promise<T>): Promise<T> {
    if (this.disposed) throw this.error;
    const own = this.controller.signal;
    const signal = params?.signal ? AbortSignal.any([params.signal, own]) : own;
    try {
      return await run({ ...params, signal });
    } catch (error) {
      throw this.disposed ? this.error : error;
    }
  }
}

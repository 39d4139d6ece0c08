// A typed client for the control endpoint (`/__rxkube/`), for tests that
// drive a fake apiserver in another process (the CLI) or behind msw.
import type { ObjectAction } from '../api/control.js';
import type { Fault, FaultMatch, FaultRule } from '../faults/types.js';
import type { KubeObject } from '../model/eventLog.js';
import type { PatchType } from '../model/patch/index.js';
import type { RequestFilter, RequestRecord } from '../requests/requestLog.js';

export interface ControlObjectRef {
  name: string;
  namespace?: string;
  cluster?: string;
}

export class FakeApiControl {
  private readonly base: string;

  constructor(
    /** The server's URL (gateway base included if the server has one). */
    baseUrl: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/__rxkube`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new Error(`control ${method} ${path} failed (${response.status}): ${(parsed as { message?: string } | undefined)?.message ?? text}`);
    return parsed as T;
  }

  injectFault(fault: Fault, match: FaultMatch = {}): Promise<FaultRule> {
    return this.call('POST', '/faults', { fault, match });
  }

  async faults(): Promise<FaultRule[]> {
    return (await this.call<{ items: FaultRule[] }>('GET', '/faults')).items;
  }

  async removeFault(id: number): Promise<void> {
    await this.call('DELETE', `/faults/${id}`);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  async compact(cluster = 'global'): Promise<void> {
    await this.call('POST', '/compact', { cluster });
  }

  async restart(cluster = 'global'): Promise<void> {
    await this.call('POST', '/restart', { cluster });
  }

  private query(filter: RequestFilter): string {
    const q = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
    return q.size ? `?${q}` : '';
  }

  async requests(filter: RequestFilter = {}): Promise<RequestRecord[]> {
    return (await this.call<{ items: RequestRecord[] }>('GET', `/requests${this.query(filter)}`)).items;
  }

  async openWatches(filter: Omit<RequestFilter, 'watch' | 'open'> = {}): Promise<number> {
    return (await this.call<{ openWatches: number }>('GET', `/requests${this.query({ ...filter, watch: true, open: true })}`)).openWatches;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  /** Polls until `openWatches(filter)` equals `count`. */
  async waitForOpenWatches(count: number, filter: Omit<RequestFilter, 'watch' | 'open'> = {}, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = await this.openWatches(filter);
      if (open === count) return;
      if (Date.now() > deadline) throw new Error(`expected ${count} open watches, found ${open}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private objects<T>(action: ObjectAction): Promise<T> {
    return this.call('POST', '/objects', action);
  }

  create<T = KubeObject>(resource: string, object: unknown, cluster?: string): Promise<T> {
    return this.objects({ action: 'create', resource, object, ...(cluster ? { cluster } : {}) });
  }

  update<T = KubeObject>(resource: string, object: unknown, cluster?: string): Promise<T> {
    return this.objects({ action: 'update', resource, object, ...(cluster ? { cluster } : {}) });
  }

  updateStatus<T = KubeObject>(resource: string, object: unknown, cluster?: string): Promise<T> {
    return this.objects({ action: 'updateStatus', resource, object, ...(cluster ? { cluster } : {}) });
  }

  patch<T = KubeObject>(resource: string, ref: ControlObjectRef, patch: unknown, patchType: PatchType = 'merge'): Promise<T> {
    return this.objects({ action: 'patch', resource, patch, patchType, ...ref });
  }

  get<T = KubeObject>(resource: string, ref: ControlObjectRef): Promise<T> {
    return this.objects({ action: 'get', resource, ...ref });
  }

  delete<T = KubeObject>(resource: string, ref: ControlObjectRef): Promise<T> {
    return this.objects({ action: 'delete', resource, ...ref });
  }

  async list<T = KubeObject>(resource: string, options: { cluster?: string; namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): Promise<T[]> {
    const q = new URLSearchParams({ resource, ...options });
    return (await this.call<{ items: T[] }>('GET', `/objects?${q}`)).items;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  async tick(count = 1): Promise<void> {
    await this.call('POST', '/tick', { count });
  }
}

import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../errors/KubeApiError.js';
import type { KubeObject } from '../resources/resourceType.js';
import type { AppliedChange } from './appliedChange.js';
import type { CacheOp } from './cacheOp.js';
import { CacheStore } from './store.js';

const BUCKET = 'calico3|v1/pods';
const pod = (name: string, resourceVersion: string): KubeObject => ({ metadata: { name, namespace: 'default', resourceVersion } });
const manual = () => new CacheStore(() => undefined);

describe('CacheStore.onApply', () => {
  it('sees every batch of a query as applied, then transport changes and a failure, until it stops', () => {
    const store = manual();
    store.addQuery('q', BUCKET, 'stream');
    const seen: AppliedChange[] = [];
    const stop = store.onApply('q', (change) => seen.push(change));
    const listed: CacheOp[] = [{ type: 'replace', objects: [pod('a', '1')], resourceVersion: '1' }];
    const modified: CacheOp[] = [{ type: 'upsert', object: pod('a', '2') }, { type: 'resourceVersion', resourceVersion: '2' }];
    store.apply('q', listed);
    store.apply('q', modified);
    store.setTransport('q', 'poll');
    const error = KubeApiError.client('InvalidResponse', 'broken');
    store.fail('q', error);
    stop();
    store.apply('q', [{ type: 'upsert', object: pod('a', '3') }]);
    expect(seen).toEqual([{ type: 'ops', ops: listed }, { type: 'ops', ops: modified }, { type: 'transport', transport: 'poll' }, { type: 'fail', error }]);
  });

  it("shows a reader only its own object's ops from its covering list", () => {
    const store = manual();
    store.addQuery('list', BUCKET, 'stream');
    store.addReader('one', 'list', 'default', 'b');
    const seen: AppliedChange[] = [];
    store.onApply('one', (change) => seen.push(change));
    store.apply('list', [{ type: 'replace', objects: [pod('a', '1'), pod('b', '1')], resourceVersion: '1' }]);
    store.apply('list', [{ type: 'upsert', object: pod('a', '2') }, { type: 'delete', object: pod('b', '3') }, { type: 'resourceVersion', resourceVersion: '3' }]);
    expect(seen).toEqual([
      { type: 'ops', ops: [{ type: 'replace', objects: [pod('b', '1')], resourceVersion: '1' }] },
      { type: 'ops', ops: [{ type: 'delete', object: pod('b', '3') }, { type: 'resourceVersion', resourceVersion: '3' }] },
    ]);
  });
});

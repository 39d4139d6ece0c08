import { describe, expect, it } from 'vitest';
import { paramsKey } from '../client/paramsKey.js';
import { listSpec, objectSpec } from '../client/querySpec.js';
import type { ResolvedOptions } from '../client/options.js';
import { covers } from '../client/coverage.js';
import { Pods } from '../resources/builtins.js';
import { isKubeApiError } from '../errors/KubeApiError.js';

const options = { downgradeWatch: false, pollInterval: 10_000 } as ResolvedOptions;

describe('view keys', () => {
  it('gives each view, and keepManagedFields, its own query and its own bucket', () => {
    const full = listSpec({ resource: Pods, namespace: 'a' }, options);
    const metadata = listSpec({ resource: Pods, namespace: 'a', view: 'metadata' }, options);
    const table = listSpec({ resource: Pods, namespace: 'a', view: 'table' }, options);
    const kept = listSpec({ resource: Pods, namespace: 'a', keepManagedFields: true }, options);
    expect(new Set([full.key, metadata.key, table.key, kept.key]).size).toBe(4);
    expect(new Set([full.bucket, metadata.bucket, table.bucket, kept.bucket]).size).toBe(4);
    expect(listSpec({ resource: Pods, namespace: 'a', view: 'full', keepManagedFields: false }, options).key).toBe(full.key);
  });

  it('lets a full list, and only a full list, serve a single object', () => {
    const object = objectSpec({ resource: Pods, namespace: 'a', name: 'p' }, options);
    expect(covers(listSpec({ resource: Pods }, options), object)).toBe(true);
    expect(covers(listSpec({ resource: Pods, view: 'metadata' }, options), object)).toBe(false);
    expect(covers(listSpec({ resource: Pods, view: 'table' }, options), object)).toBe(false);
  });

  it('reads the default view and keepManagedFields as absent in paramsKey', () => {
    expect(paramsKey({ resource: Pods, view: 'full', keepManagedFields: false })).toBe(paramsKey({ resource: Pods }));
    expect(paramsKey({ resource: Pods, view: 'table' })).not.toBe(paramsKey({ resource: Pods }));
  });

  it('refuses an unknown view before any request', () => {
    let error: unknown;
    try {
      listSpec({ resource: Pods, view: 'wide' as never }, options);
    } catch (caught) {
      error = caught;
    }
    expect(isKubeApiError(error) && error.code === 400 && error.reason === 'Invalid').toBe(true);
  });
});

/**
 * Security: credentials travel only in headers, never in URLs or error
 * messages; a request for cluster A never carries cluster B's headers; and no
 * name, namespace, cluster or selector a caller passes can move a request out
 * of its collection (property-based, against what actually goes on the wire).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, Jobs, KubeApiError, microtask, Pods, type KubeClient } from '@rxkube/core';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import { pick, seed } from './support/profile.js';
import { report } from './support/summary.js';
import { until } from '../support/until.js';

let server: FakeApiServer;
beforeAll(async () => {
  server = await startFakeApiServer({ port: 0, clusters: ['alpha', 'beta'], seedState: true, seed: 5 });
});
afterAll(() => server.close());

interface Sent {
  url: URL;
  headers: Headers;
}

/** A client whose every request is recorded as it leaves (then really sent to the fake server). */
function recordingClient(options: Parameters<typeof createKubeClient>[0] = {}): { client: KubeClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = createKubeClient({
    baseUrl: server.url,
    notifySchedule: microtask,
    gracePeriodMs: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      sent.push({ url: new URL(request.url), headers: request.headers });
      return fetch(request);
    },
    ...options,
  });
  return { client, sent };
}

const tokens: Record<string, string> = { alpha: 'alpha-s3cret', beta: 'beta-s3cret' };

describe('security', () => {
  it("sends each cluster's credentials only to that cluster, only in headers", async () => {
    const { client, sent } = recordingClient({
      clusterHeaders: (cluster) => (cluster ? { Authorization: `Bearer ${tokens[cluster]}` } : undefined),
      hooks: { beforeRequest: [({ request }) => request.headers.set('X-CSRF-Token', 'csrf-s3cret')] },
    });
    const subs = [
      client.watchResourceList({ cluster: 'alpha', resource: Pods }).subscribe(),
      client.watchResourceList({ cluster: 'beta', resource: Pods }).subscribe(),
      client.watchResource({ resource: Jobs, namespace: 'default', name: 'pi' }).subscribe(),
    ];
    await until(() => server.requests.openWatches() === 3, 5_000);
    await client.getResource({ cluster: 'beta', resource: Pods, namespace: 'default', name: 'nope' }).catch((e: unknown) => {
      expect(e).toBeInstanceOf(KubeApiError);
      expect(JSON.stringify({ message: (e as Error).message, status: (e as KubeApiError).status })).not.toMatch(/s3cret/);
    });
    for (const { url, headers } of sent) {
      expect(url.href).not.toMatch(/s3cret/);
      const cluster = url.pathname.match(/^\/kubernetes\/([^/]+)\//)?.[1];
      expect(headers.get('authorization')).toBe(cluster ? `Bearer ${tokens[cluster]}` : null);
      expect(headers.get('x-csrf-token')).toBe('csrf-s3cret');
    }
    subs.forEach((s) => s.unsubscribe());
    client.dispose();
    report('security-headers', { requestsChecked: sent.length, clusters: 3, leaks: 0 });
  });

  it('keeps every request inside the collection the caller addressed', async () => {
    const { client, sent } = recordingClient();
    let tried = 0;
    let refused = 0;
    const text = fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,10}[a-z0-9])?$/) },
      fc.string({ maxLength: 12 }),
      fc.constantFrom('..', '.', '../secrets', 'a/b', '%2F', '%2e%2e', 'x?watch=false', 'x#frag', 'x&y=1', 'web\nx', 'ok-name', 'a.b', 'UPPER', ' ', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ cluster: fc.option(text, { nil: undefined }), namespace: text, name: text, labelSelector: fc.option(text, { nil: undefined }) }), async (input) => {
        tried += 1;
        const before = sent.length;
        const outcome = await client
          .listResources({ cluster: input.cluster, resource: Pods, namespace: input.namespace, labelSelector: input.labelSelector, fieldSelector: `metadata.name=${input.name}` })
          .then(() => 'sent', (e: unknown) => e);
        if (outcome !== 'sent' && (outcome as KubeApiError).reason === 'Invalid') {
          refused += 1;
          expect(sent.length).toBe(before); // refused before any request
          return;
        }
        for (const { url } of sent.slice(before)) {
          const prefix = input.cluster === undefined ? '' : `/kubernetes/${input.cluster}`;
          expect(url.pathname).toBe(`${prefix}/api/v1/namespaces/${input.namespace}/pods`);
          const labels = input.labelSelector?.trim();
          expect([...url.searchParams.keys()].toSorted()).toEqual(labels ? ['fieldSelector', 'labelSelector', 'limit'] : ['fieldSelector', 'limit']);
          expect(url.searchParams.get('fieldSelector')).toBe(`metadata.name=${input.name}`.trim());
          if (labels) expect(url.searchParams.get('labelSelector')).toBe(labels);
        }
      }),
      { seed, numRuns: pick(300, 3_000) },
    );
    client.dispose();
    report('security-paths', { seed, inputsTried: tried, refusedBeforeAnyRequest: refused, escapes: 0 });
  });
});

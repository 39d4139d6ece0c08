/**
 * In a production build (NODE_ENV=production, where objects are not deeply
 * frozen) no subscriber can change what another subscriber sees or what the
 * next emission is built from: lists are handed out frozen copies of the
 * store's own array, and objects have their sections frozen, so the usual
 * edits (sorting a list in place, setting a label or a name to build an
 * update body) throw instead of corrupting the cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '@rxkube/testing';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { microtask } from '../cache/schedule.js';
import { Pods } from '../resources/builtins.js';
import { until } from '../../../../tests/support/until.js';
import { createKubeClient, type KubeClient } from './createKubeClient.js';

let server: FakeApiServer;
let client: KubeClient;
let environment: string | undefined;

beforeEach(async () => {
  environment = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  server = await startFakeApiServer({ port: 0, seed: 5 });
  for (const name of ['a', 'b', 'c', 'd']) {
    server.clusters.global.create('pods', { metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  }
  client = createKubeClient({ baseUrl: server.url, notifySchedule: microtask, gracePeriodMs: 0 });
});
afterEach(async () => {
  client.dispose();
  await server.close();
  process.env.NODE_ENV = environment;
});

const names = (pods: readonly Pod[]) => pods.map((pod) => `${pod.metadata!.name}${pod.metadata!.labels?.changed ? ':changed' : ''}`).join(' ');

describe('handed-out values in a production build', () => {
  it('a subscriber that reverses, sorts or splices its list changes nothing another subscriber or a later emission sees', async () => {
    const first: (readonly Pod[])[] = [];
    const second: string[] = [];
    const failures: unknown[] = [];
    client.watchResourceList<Pod>({ resource: Pods, namespace: 'default' }).subscribe((pods) => {
      first.push(pods);
      // oxlint-disable-next-line unicorn/no-array-reverse, unicorn/no-array-sort -- mutating in place is what this test tries
      for (const vandalism of [() => (pods as Pod[]).reverse(), () => (pods as Pod[]).sort(() => -1), () => (pods as Pod[]).splice(1, 2)]) {
        try {
          vandalism();
        } catch (error) {
          failures.push(error);
        }
      }
    });
    client.watchResourceList<Pod>({ resource: Pods, namespace: 'default' }).subscribe((pods) => second.push(names(pods)));
    await until(() => second.length === 1);
    server.clusters.global.patch('pods', 'default/b', { metadata: { labels: { changed: 'yes' } } });
    await until(() => second.length === 2);
    expect(second).toEqual(['a b c d', 'a b:changed c d']);
    expect(first.map(names)).toEqual(['a b c d', 'a b:changed c d']);
    expect(failures).toHaveLength(6);
    expect(failures.every((error) => error instanceof TypeError)).toBe(true);
  });

  it('a subscriber that sets a label or a name on a handed-out object changes nothing another subscriber or a later emission sees', async () => {
    const failures: unknown[] = [];
    const seenBySecond: Pod[] = [];
    client.watchResource<Pod>({ resource: Pods, namespace: 'default', name: 'b' }).subscribe((pod) => {
      for (const vandalism of [() => (pod!.metadata!.labels!.app = 'hacked'), () => (pod!.metadata!.name = 'renamed'), () => (pod!.spec!.nodeName = 'elsewhere')]) {
        try {
          vandalism();
        } catch (error) {
          failures.push(error);
        }
      }
    });
    client.watchResourceList<Pod>({ resource: Pods, namespace: 'default' }).subscribe((pods) => seenBySecond.push(pods[1]!));
    await until(() => seenBySecond.length === 1 && failures.length === 3);
    server.clusters.global.patch('pods', 'default/c', { metadata: { labels: { changed: 'yes' } } });
    await until(() => seenBySecond.length === 2);
    expect(seenBySecond.map((pod) => [pod.metadata!.name, pod.metadata!.labels!.app, pod.spec!.nodeName])).toEqual([
      ['b', 'web', undefined],
      ['b', 'web', undefined],
    ]);
    expect(failures.every((error) => error instanceof TypeError)).toBe(true);
  });
});

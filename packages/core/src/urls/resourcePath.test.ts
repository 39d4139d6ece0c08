import { describe, expect, it } from 'vitest';
import { thrownKubeApiError } from '../../test/thrownKubeApiError.js';
import { Jobs, Namespaces, Nodes, Pods } from '../resources/builtins.js';
import { defineResource } from '../resources/resourceType.js';
import { queryString } from './query.js';
import { clusterPath, resourcePath, type ClusterPrefix } from './resourcePath.js';
import { fieldSelector } from './selectors.js';

const MicroServices = defineResource({ group: 'asm.alauda.io', version: 'v1beta3', plural: 'microservices', kind: 'MicroService', namespaced: true });
const gateway: ClusterPrefix = (cluster) => `/api-gateway/kubernetes/${cluster}`;
const proxyPrefix: ClusterPrefix = (cluster) => `/clusters/${cluster}/proxy`;

describe('resourcePath: the three requests of seed 001', () => {
  const item = { cluster: 'calico3', resource: MicroServices, namespace: 'testhl', name: 'asm-cal3' };
  const collection = { cluster: 'calico3', resource: MicroServices, namespace: 'testhl' };
  const filter = { fieldSelector: fieldSelector({ 'metadata.name': 'asm-cal3' }) };

  it('builds the item URL behind the /api-gateway prefix', () => {
    expect(resourcePath(item, gateway)).toBe('/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices/asm-cal3');
  });

  it('builds the filtered list URL', () => {
    expect(resourcePath(collection, gateway) + queryString(filter)).toBe(
      '/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices?fieldSelector=metadata.name=asm-cal3',
    );
  });

  it('builds the watch URL with the query in the console order', () => {
    const query = queryString({ ...filter, watch: true, allowWatchBookmarks: true, timeoutSeconds: 59, resourceVersion: '5937358' });
    expect(resourcePath(collection, gateway) + query).toBe(
      '/api-gateway/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices' +
        '?fieldSelector=metadata.name=asm-cal3&watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersion=5937358',
    );
  });

  it('builds the same paths without a gateway base, with the default /kubernetes/{cluster} prefix', () => {
    expect(resourcePath(item)).toBe('/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices/asm-cal3');
    expect(resourcePath(collection)).toBe('/kubernetes/calico3/apis/asm.alauda.io/v1beta3/namespaces/testhl/microservices');
  });

  it('gives the same URL when the gateway base is put in front of the default path (a baseUrl)', () => {
    expect('/api-gateway' + resourcePath(item)).toBe(resourcePath(item, gateway));
  });
});

describe('resourcePath', () => {
  it('puts the core group under /api/v1', () => {
    expect(resourcePath({ resource: Pods, namespace: 'default', name: 'web-1' })).toBe('/api/v1/namespaces/default/pods/web-1');
  });

  it('puts other groups under /apis/{group}/{version}', () => {
    expect(resourcePath({ resource: Jobs, namespace: 'default', name: 'pi' })).toBe('/apis/batch/v1/namespaces/default/jobs/pi');
  });

  it('addresses the global cluster without a prefix', () => {
    expect(resourcePath({ resource: Pods, namespace: 'default' })).toBe('/api/v1/namespaces/default/pods');
    expect(resourcePath({ cluster: undefined, resource: Pods })).toBe('/api/v1/pods');
  });

  it('addresses a namespaced collection across all namespaces when no namespace is given', () => {
    expect(resourcePath({ cluster: 'calico3', resource: Pods })).toBe('/kubernetes/calico3/api/v1/pods');
  });

  it('builds cluster-scoped paths without /namespaces/', () => {
    expect(resourcePath({ resource: Nodes })).toBe('/api/v1/nodes');
    expect(resourcePath({ resource: Nodes, name: 'node-1' })).toBe('/api/v1/nodes/node-1');
    expect(resourcePath({ cluster: 'c1', resource: Namespaces, name: 'testhl' })).toBe('/kubernetes/c1/api/v1/namespaces/testhl');
  });

  it('appends the status, scale and log subresources after the name', () => {
    expect(resourcePath({ resource: Jobs, namespace: 'ns', name: 'pi', subresource: 'status' })).toBe('/apis/batch/v1/namespaces/ns/jobs/pi/status');
    const Deploys = defineResource({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true });
    expect(resourcePath({ cluster: 'c1', resource: Deploys, namespace: 'ns', name: 'web', subresource: 'scale' })).toBe(
      '/kubernetes/c1/apis/apps/v1/namespaces/ns/deployments/web/scale',
    );
    expect(resourcePath({ resource: Pods, namespace: 'ns', name: 'web-1', subresource: 'log' })).toBe('/api/v1/namespaces/ns/pods/web-1/log');
  });

  it('uses a custom clusterPrefix', () => {
    expect(resourcePath({ cluster: 'east-1', resource: Pods, namespace: 'ns' }, proxyPrefix)).toBe('/clusters/east-1/proxy/api/v1/namespaces/ns/pods');
  });

  it('refuses a subresource without a name', () => {
    const error = thrownKubeApiError(() => resourcePath({ resource: Jobs, namespace: 'ns', subresource: 'status' }));
    expect(error.reason).toBe('Invalid');
  });

  it('refuses a subresource that is not a plain word', () => {
    expect(thrownKubeApiError(() => resourcePath({ resource: Pods, namespace: 'ns', name: 'a', subresource: '../exec' })).code).toBe(400);
    expect(thrownKubeApiError(() => resourcePath({ resource: Pods, namespace: 'ns', name: 'a', subresource: 'log?follow=true' })).code).toBe(400);
  });

  it('refuses a name of a namespaced resource without a namespace', () => {
    expect(thrownKubeApiError(() => resourcePath({ resource: Pods, name: 'web-1' })).reason).toBe('Invalid');
  });

  it('refuses a namespace on a cluster-scoped resource', () => {
    const error = thrownKubeApiError(() => resourcePath({ resource: Nodes, namespace: 'default', name: 'node-1' }));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('Invalid');
    expect(error.status.details?.causes?.[0]?.field).toBe('metadata.namespace');
  });

  it.each([
    ['../x'],
    ['a/b'],
    ['%2F'],
    ['..'],
    ['.'],
    ['Web'],
    ['x'.repeat(254)],
    [''],
    ['a?b'],
    ['a#b'],
    ['a b'],
  ])('refuses the name %j with a 400 Invalid before any request', (name) => {
    const error = thrownKubeApiError(() => resourcePath({ cluster: 'calico3', resource: Pods, namespace: 'default', name }));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('Invalid');
    expect(error.retryable).toBe(false);
    expect(error.status.details?.causes?.[0]?.field).toBe('metadata.name');
  });

  it('accepts a name of exactly 253 characters', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(resourcePath({ resource: Nodes, name })).toBe(`/api/v1/nodes/${name}`);
  });

  it.each([['a/b'], ['..'], ['Default'], ['x'.repeat(64)], [''], ['a.b']])('refuses the namespace %j', (namespace) => {
    const error = thrownKubeApiError(() => resourcePath({ resource: Pods, namespace }));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('Invalid');
    expect(error.status.details?.causes?.[0]?.field).toBe('metadata.namespace');
  });

  it.each([['a/b'], ['..'], ['../secrets'], ['%2F'], ['']])('refuses the cluster %j', (cluster) => {
    const error = thrownKubeApiError(() => resourcePath({ cluster, resource: Pods, namespace: 'default' }));
    expect(error.code).toBe(400);
    expect(error.reason).toBe('Invalid');
    expect(error.status.details?.causes?.[0]?.field).toBe('cluster');
  });

  it('refuses a resource type with a path in its plural', () => {
    const Bad = defineResource({ group: 'x.io', version: 'v1', plural: 'things/../../secrets', kind: 'Thing', namespaced: false });
    expect(thrownKubeApiError(() => resourcePath({ resource: Bad })).reason).toBe('Invalid');
  });
});

describe('clusterPath', () => {
  it('is empty for the global cluster', () => {
    expect(clusterPath(undefined)).toBe('');
    expect(clusterPath(undefined, gateway)).toBe('');
  });

  it('is the default /kubernetes/{cluster} prefix', () => {
    expect(clusterPath('calico3')).toBe('/kubernetes/calico3');
  });

  it('refuses a clusterPrefix that does not start with / or ends with /', () => {
    expect(thrownKubeApiError(() => clusterPath('c1', (cluster) => `kubernetes/${cluster}`)).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => clusterPath('c1', (cluster) => `/kubernetes/${cluster}/`)).reason).toBe('Invalid');
  });
});

import { describe, expect, it } from 'vitest';
import { thrownKubeApiError } from '../../test/thrownKubeApiError.js';
import { validateCluster, validateName, validateNamespace, validateResourceSegment, validateSubresource } from './validate.js';

describe('validateName', () => {
  it('returns a DNS-1123 subdomain unchanged', () => {
    expect(validateName('asm-cal3')).toBe('asm-cal3');
    expect(validateName('pod.17a8c3d2e1f0')).toBe('pod.17a8c3d2e1f0');
    expect(validateName('0')).toBe('0');
  });

  it.each([['../x'], ['a/b'], ['%2F'], ['..'], ['.'], ['ABC'], ['x'.repeat(254)], [''], ['-a'], ['a-'], ['a..b'], ['a\n']])('refuses %j', (name) => {
    const error = thrownKubeApiError(() => validateName(name));
    expect(error.status).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, reason: 'Invalid' });
    expect(error.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
  });

  it('refuses a value that is not a string', () => {
    expect(thrownKubeApiError(() => validateName(undefined)).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => validateName(42)).reason).toBe('Invalid');
  });
});

describe('validateNamespace', () => {
  it('returns a DNS-1123 label unchanged', () => {
    expect(validateNamespace('testhl')).toBe('testhl');
    expect(validateNamespace('x'.repeat(63))).toBe('x'.repeat(63));
  });

  it.each([['a.b'], ['a/b'], ['x'.repeat(64)], ['Default'], ['']])('refuses %j', (namespace) => {
    expect(thrownKubeApiError(() => validateNamespace(namespace)).status.details?.causes?.[0]?.field).toBe('metadata.namespace');
  });
});

describe('validateCluster', () => {
  it('accepts cluster names such as calico3 and global.east', () => {
    expect(validateCluster('calico3')).toBe('calico3');
    expect(validateCluster('global.east')).toBe('global.east');
  });

  it.each([['a/b'], ['..'], ['%2F'], ['Calico'], ['']])('refuses %j', (cluster) => {
    expect(thrownKubeApiError(() => validateCluster(cluster)).status.details?.causes?.[0]?.field).toBe('cluster');
  });
});

describe('validateSubresource and validateResourceSegment', () => {
  it('accepts plain subresources and API segments', () => {
    expect(validateSubresource('status')).toBe('status');
    expect(validateSubresource('ephemeralcontainers')).toBe('ephemeralcontainers');
    expect(validateResourceSegment('asm.alauda.io', 'group')).toBe('asm.alauda.io');
  });

  it('refuses path characters', () => {
    expect(thrownKubeApiError(() => validateSubresource('status/../x')).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => validateResourceSegment('v1/..', 'version')).status.details?.causes?.[0]?.field).toBe('version');
  });
});

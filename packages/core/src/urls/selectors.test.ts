import { describe, expect, it } from 'vitest';
import { thrownKubeApiError } from '../../test/thrownKubeApiError.js';
import { queryString } from './query.js';
import { fieldSelector, labelSelector, type LabelSelectorObject } from './selectors.js';

describe('labelSelector', () => {
  it('passes a selector string through', () => {
    expect(labelSelector('app=web,tier!=db')).toBe('app=web,tier!=db');
    expect(labelSelector('env in (prod, staging),!canary')).toBe('env in (prod, staging),!canary');
    expect(labelSelector('  app=web ')).toBe('app=web');
  });

  it('turns an object into key=value pairs in key order', () => {
    expect(labelSelector({ tier: 'db', app: 'web', 'app.kubernetes.io/name': 'api' })).toBe('app=web,app.kubernetes.io/name=api,tier=db');
  });

  it('turns a LabelSelector with matchLabels and matchExpressions into query text', () => {
    const selector: LabelSelectorObject = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['staging', 'prod'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'canary', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    expect(labelSelector(selector)).toBe('app=web,env in (prod,staging),tier notin (db),canary,!legacy');
  });

  it('gives an empty selector (everything) for an empty LabelSelector', () => {
    expect(labelSelector({ matchLabels: {} })).toBe('');
    expect(labelSelector({ matchExpressions: [] })).toBe('');
  });

  it('refuses an operator it does not know instead of guessing one', () => {
    const selector = { matchExpressions: [{ key: 'env', operator: 'in', values: ['a'] }] } as unknown as LabelSelectorObject;
    expect(thrownKubeApiError(() => labelSelector(selector)).reason).toBe('Invalid');
  });

  it.each([['app=web&watch=false'], ['app=web\nwatch=false'], ['app=web#x'], ['app=web?watch=false'], ['app=a%26b'], ['app=a+b']])(
    'refuses the injection attempt %j',
    (selector) => {
      const error = thrownKubeApiError(() => labelSelector(selector));
      expect(error.code).toBe(400);
      expect(error.reason).toBe('Invalid');
      expect(error.status.details?.causes?.[0]?.field).toBe('labelSelector');
    },
  );

  it('refuses injection through an object key or value', () => {
    expect(thrownKubeApiError(() => labelSelector({ app: 'web&watch=false' })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => labelSelector({ 'app&watch': 'web' })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => labelSelector({ matchLabels: { app: 'a#b' } })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => labelSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['a&watch=false'] }] })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => labelSelector({ matchExpressions: [{ key: 'env\n', operator: 'Exists' }] })).reason).toBe('Invalid');
  });

  it('refuses a label value longer than 63 characters', () => {
    expect(labelSelector({ app: 'a'.repeat(63) })).toBe(`app=${'a'.repeat(63)}`);
    expect(thrownKubeApiError(() => labelSelector({ app: 'a'.repeat(64) })).reason).toBe('Invalid');
  });

  it('accepts a label key of the longest legal length (253-character prefix, 63-character name)', () => {
    const prefix = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    const key = `${prefix}/${'n'.repeat(63)}`;
    expect(key).toHaveLength(317);
    expect(labelSelector({ [key]: 'x' })).toBe(`${key}=x`);
    expect(thrownKubeApiError(() => labelSelector({ [`${prefix}/${'n'.repeat(64)}`]: 'x' })).reason).toBe('Invalid');
  });

  it('stays readable in the query string', () => {
    expect(queryString({ labelSelector: labelSelector({ app: 'web', tier: 'db' }) })).toBe('?labelSelector=app=web,tier=db');
  });
});

describe('fieldSelector', () => {
  it('turns an object into key=value pairs', () => {
    expect(fieldSelector({ 'metadata.name': 'asm-cal3' })).toBe('metadata.name=asm-cal3');
    expect(fieldSelector({ 'status.phase': 'Running', 'metadata.namespace': 'testhl' })).toBe('metadata.namespace=testhl,status.phase=Running');
  });

  it('passes a selector string through', () => {
    expect(fieldSelector('status.phase!=Succeeded,spec.nodeName=node-1')).toBe('status.phase!=Succeeded,spec.nodeName=node-1');
  });

  it.each([['metadata.name=a&watch=false'], ['metadata.name=a\n'], ['metadata.name=a#'], ['metadata.name=a?watch=false']])(
    'refuses the injection attempt %j',
    (selector) => {
      const error = thrownKubeApiError(() => fieldSelector(selector));
      expect(error.code).toBe(400);
      expect(error.reason).toBe('Invalid');
      expect(error.status.details?.causes?.[0]?.field).toBe('fieldSelector');
    },
  );

  it('refuses injection through an object key or value', () => {
    expect(thrownKubeApiError(() => fieldSelector({ 'metadata.name': 'a&watch=false' })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => fieldSelector({ 'metadata.name': 'a,b' })).reason).toBe('Invalid');
    expect(thrownKubeApiError(() => fieldSelector({ 'metadata.name&watch=false': 'a' })).reason).toBe('Invalid');
  });
});

import { describe, expect, it } from 'vitest';
import { queryString } from './query.js';

describe('queryString', () => {
  it('keeps the parameters in the given order', () => {
    expect(queryString({ fieldSelector: 'metadata.name=asm-cal3', watch: true, allowWatchBookmarks: true, timeoutSeconds: 59, resourceVersion: '5937358' })).toBe(
      '?fieldSelector=metadata.name=asm-cal3&watch=true&allowWatchBookmarks=true&timeoutSeconds=59&resourceVersion=5937358',
    );
    expect(queryString({ b: 1, a: 2 })).toBe('?b=1&a=2');
  });

  it('leaves out undefined parameters but keeps false and 0', () => {
    expect(queryString({ a: undefined, watch: false, limit: 0, c: undefined })).toBe('?watch=false&limit=0');
  });

  it('is empty without parameters', () => {
    expect(queryString({})).toBe('');
    expect(queryString({ a: undefined })).toBe('');
  });

  it("keeps '=', ',', ':' and '/' readable", () => {
    expect(queryString({ labelSelector: 'app=web,tier!=db', fieldSelector: 'spec.nodeName=node:1/x' })).toBe(
      '?labelSelector=app=web,tier!=db&fieldSelector=spec.nodeName=node:1/x',
    );
  });

  it("encodes '&', '+', '#', '?', '%' and spaces so that a value cannot add a parameter", () => {
    expect(queryString({ labelSelector: 'a=b&watch=false' })).toBe('?labelSelector=a=b%26watch=false');
    expect(queryString({ v: 'a+b c#d?e%f' })).toBe('?v=a%2Bb%20c%23d%3Fe%25f');
    expect(queryString({ labelSelector: 'env in (a, b)' })).toBe('?labelSelector=env%20in%20(a,%20b)');
  });

  it('does not turn an encoded %2F in a value back into a slash', () => {
    expect(queryString({ v: '%2F%3D' })).toBe('?v=%252F%253D');
  });

  it('encodes the keys', () => {
    expect(queryString({ 'a&b': 'c' })).toBe('?a%26b=c');
  });

  it('round-trips through URLSearchParams', () => {
    const values = { continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ==', labelSelector: 'a in (x, y),!b', q: 'a+b&c=d#e' };
    const parsed = new URLSearchParams(queryString(values));
    expect(Object.fromEntries(parsed)).toEqual(values);
  });
});

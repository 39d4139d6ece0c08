import { describe, expect, it } from 'vitest';
import { objectRef, splitObjectRef } from './objectRef.js';

describe('objectRef', () => {
  it('joins a namespace and a name, and splits them back', () => {
    expect(objectRef('testhl', 'pi')).toBe('testhl/pi');
    expect(splitObjectRef('testhl/pi')).toEqual({ namespace: 'testhl', name: 'pi' });
  });

  it('keeps an empty namespace for cluster-scoped objects', () => {
    expect(objectRef('', 'node-1')).toBe('/node-1');
    expect(splitObjectRef('/node-1')).toEqual({ namespace: '', name: 'node-1' });
  });

  it('round-trips every pair', () => {
    for (const [namespace, name] of [['default', 'a.b-c'], ['', 'x'], ['kube-system', 'coredns-7db6d8ff4d-abcde']] as const) {
      expect(splitObjectRef(objectRef(namespace, name))).toEqual({ namespace, name });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { logClock } from './logClock.js';

describe('logClock', () => {
  it('shows milliseconds whatever the precision the kubelet wrote', () => {
    expect(logClock('2026-12-06T08:47:06.899000001Z')).toBe('08:47:06.899');
    expect(logClock('2026-12-06T08:47:06.9Z')).toBe('08:47:06.900');
    expect(logClock('2026-12-06T08:47:06Z')).toBe('08:47:06.000');
  });
});

import { describe, expect, it } from 'vitest';
import { compareResourceVersions } from './resourceVersion.js';

describe('compareResourceVersions', () => {
  it('compares decimal versions as numbers', () => {
    expect(compareResourceVersions('10', '9')).toBeGreaterThan(0);
    expect(compareResourceVersions('9', '10')).toBeLessThan(0);
    expect(compareResourceVersions('5937358', '5937358')).toBe(0);
  });

  it('compares decimal versions of different lengths by value, not as text', () => {
    expect(compareResourceVersions('100', '99')).toBeGreaterThan(0);
    expect(compareResourceVersions('99', '100')).toBeLessThan(0);
  });

  it('keeps precision beyond 2^53', () => {
    expect(Number('9007199254740993')).toBe(Number('9007199254740992'));
    expect(compareResourceVersions('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
    expect(compareResourceVersions('9007199254740992', '9007199254740993')).toBeLessThan(0);
    expect(compareResourceVersions('123456789012345678901234567890', '123456789012345678901234567889')).toBeGreaterThan(0);
  });

  it('ignores leading zeros', () => {
    expect(compareResourceVersions('007', '7')).toBe(0);
    expect(compareResourceVersions('010', '9')).toBeGreaterThan(0);
    expect(compareResourceVersions('0', '00')).toBe(0);
  });

  it('lets the later event win when a version is not decimal or missing', () => {
    expect(compareResourceVersions('abc', 'abd')).toBeGreaterThan(0);
    expect(compareResourceVersions('abd', 'abc')).toBeGreaterThan(0);
    expect(compareResourceVersions('5', 'x5')).toBeGreaterThan(0);
    expect(compareResourceVersions('x5', '5')).toBeGreaterThan(0);
    expect(compareResourceVersions(undefined, '5')).toBeGreaterThan(0);
    expect(compareResourceVersions('5', undefined)).toBeGreaterThan(0);
    expect(compareResourceVersions('-1', '2')).toBeGreaterThan(0);
  });

  it('treats equal versions as equal, whatever their form', () => {
    expect(compareResourceVersions('abc', 'abc')).toBe(0);
    expect(compareResourceVersions(undefined, undefined)).toBe(0);
  });
});

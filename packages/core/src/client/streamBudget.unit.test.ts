import { describe, expect, it } from 'vitest';
import { StreamBudget } from './streamBudget.js';

describe('StreamBudget', () => {
  it('gives streams up to the budget, then queues, and hands a freed stream to the longest waiting', () => {
    const budget = new StreamBudget(2);
    expect(['a', 'b', 'c', 'd'].map((key) => budget.take(key))).toEqual([true, true, false, false]);
    expect(budget.release('a')).toBe('c');
    expect(budget.release('d')).toBeUndefined(); // d was waiting: nothing freed
    expect(budget.release('b')).toBeUndefined(); // no one waits any more
    expect(budget.take('e')).toBe(true);
  });

  it('widens: the longest waiting get the new streams, and a narrower budget changes nothing', () => {
    const budget = new StreamBudget(1);
    expect(['a', 'b', 'c', 'd'].map((key) => budget.take(key))).toEqual([true, false, false, false]);
    expect(budget.widen(3)).toEqual(['b', 'c']);
    expect(budget.widen(2)).toEqual([]);
    expect(budget.take('e')).toBe(false);
    expect(budget.release('a')).toBe('d');
  });
});

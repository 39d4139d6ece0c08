/**
 * Freezes a parsed JSON value and everything in it. Values enter the cache
 * frozen, so that a subscriber can never change what another one sees, and
 * so that immer leaves them alone (it skips frozen values when it finalizes).
 * Already frozen parts are not walked again.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Freezes a parsed JSON value and everything in it, so that a subscriber can
 * never change what another one sees. Already frozen values are not walked
 * again, so freezing on every read costs a check.
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

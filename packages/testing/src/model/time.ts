// Time is injected (client-go's "clock allows tests to manipulate time"):
// the model stamps objects with `clock()`, the simulator advances its own.

/** Milliseconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** metav1.Time: RFC 3339, whole seconds. */
export const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** metav1.MicroTime: RFC 3339 with microseconds (events.k8s.io eventTime). */
export const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * How current a query's data is, for a badge beside it ("live", "stale since
 * 12:03:10"). Derived from the status events in nextStatus.ts, never set on
 * its own, and changed only when the kind of freshness changes: the age of the
 * last event is read when rendering (`lastEventAt`), not pushed per event.
 *
 * - live: a watch stream is open and has not gone silent;
 * - polling: the data comes from lists every poll interval;
 * - resyncing: loading, listing again or reconnecting: the data shown is the
 *   last known and is being brought up to date;
 * - paused: the tab is hidden and its streams were closed on purpose;
 * - stale: the stream went silent (no event, no bookmark for two bookmark
 *   intervals) or the query failed for good; it stays stale, with the same
 *   `since`, until the query is live again.
 */
export type Freshness = 'live' | 'resyncing' | 'polling' | 'paused' | 'stale';

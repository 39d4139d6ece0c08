// Client timings taken from the page's query string, so that a browser test
// can run the console with short ones (`?hiddenTabGraceMs=500&watchTimeoutSeconds=2`):
// a hidden tab's grace period, watch length, bookmark interval, buffering
// probe. Anything else in the query string is ignored; defaults are the client's.
import type { KubeClientOptions } from '@rxkube/core';

const TUNABLE = ['hiddenTabGraceMs', 'watchTimeoutSeconds', 'bookmarkIntervalMs', 'bufferingProbeMs'] as const;

export function clientTuning(search = window.location.search): Pick<KubeClientOptions, (typeof TUNABLE)[number]> {
  const params = new URLSearchParams(search);
  const tuning: Partial<Record<(typeof TUNABLE)[number], number>> = {};
  for (const name of TUNABLE) {
    const value = Number(params.get(name) ?? Number.NaN);
    if (Number.isFinite(value) && value > 0) tuning[name] = value;
  }
  return tuning;
}

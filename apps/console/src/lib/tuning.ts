// Client timings taken from the page's query string, so that a browser test
// can run the console with short ones (`?hiddenTabGraceMs=500&watchTimeoutSeconds=2`):
// a hidden tab's grace period, watch length, bookmark interval, buffering
// probe. Anything else in the query string is ignored; defaults are the client's.
import type { KubeClientOptions } from '@rxkube/core';
import type { BrowserEnvironmentOptions } from '@rxkube/core/browser';

const CLIENT = ['watchTimeoutSeconds', 'bookmarkIntervalMs'] as const;
const ENVIRONMENT = ['hiddenTabGraceMs', 'bufferingProbeMs'] as const;

function numbers<K extends string>(names: readonly K[], search: string): Partial<Record<K, number>> {
  const params = new URLSearchParams(search);
  const tuning: Partial<Record<K, number>> = {};
  for (const name of names) {
    const value = Number(params.get(name) ?? Number.NaN);
    if (Number.isFinite(value) && value > 0) tuning[name] = value;
  }
  return tuning;
}

/** Options of the client itself. */
export function clientTuning(search = window.location.search): Pick<KubeClientOptions, (typeof CLIENT)[number]> {
  return numbers(CLIENT, search);
}

/** Options of the browser add-ons (browserEnvironment). */
export function environmentTuning(search = window.location.search): Pick<BrowserEnvironmentOptions, (typeof ENVIRONMENT)[number]> {
  return numbers(ENVIRONMENT, search);
}

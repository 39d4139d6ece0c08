/**
 * Records what one subscriber saw and checks the properties every emission
 * must keep: no object ever goes back to an older resourceVersion than one
 * already shown, and no emission repeats the one before it.
 */
import type { KubeObject } from '@rxkube/core';
import { compareResourceVersions } from '@rxkube/core/internal';

/** `namespace/name@resourceVersion` of each object, in emission order. */
export type Fingerprint = string[];

export function fingerprint(value: readonly KubeObject[] | KubeObject | null): Fingerprint {
  const objects = value === null ? [] : Array.isArray(value) ? value : [value as KubeObject];
  return objects.map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}@${o.metadata?.resourceVersion}`);
}

export class EmissionLog {
  readonly violations: string[] = [];
  emissions = 0;
  last: Fingerprint | undefined;
  private readonly newest = new Map<string, string>();

  constructor(readonly label: string) {}

  record(value: readonly KubeObject[] | KubeObject | null): void {
    const print = fingerprint(value);
    this.emissions += 1;
    if (this.last && print.join() === this.last.join()) this.violations.push(`${this.label}: emission ${this.emissions} repeats the previous one [${print.join()}]`);
    for (const entry of print) {
      const [key, version] = entry.split('@') as [string, string];
      const newest = this.newest.get(key);
      if (newest !== undefined && compareResourceVersions(version, newest) < 0) {
        this.violations.push(`${this.label}: ${key} went back from ${newest} to ${version}`);
      }
      if (newest === undefined || compareResourceVersions(version, newest) > 0) this.newest.set(key, version);
    }
    this.last = print;
  }
}

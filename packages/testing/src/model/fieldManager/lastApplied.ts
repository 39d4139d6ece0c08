// Moving from client-side to server-side apply with kubectl
// (apimachinery pkg/util/managedfields/internal/lastappliedmanager.go and
// lastappliedupdater.go). Only for the manager "kubectl":
// - an apply's conflicts on fields that the last-applied-configuration
//   annotation holds, with the value the live object still has, are allowed
//   (the apply is forced), since client-side apply set them;
// - an object that has the annotation gets it rewritten to the applied
//   configuration, so a later client-side apply sees what was applied.
import type { KubeObject } from '../eventLog.js';
import { isObject } from '../util.js';
import type { FieldSet } from './fieldSet.js';
import { compare, toFieldSet } from './fieldWalk.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const KUBECTL = 'kubectl';

function lastAppliedOf(obj: KubeObject | undefined): string | undefined {
  const annotations = obj?.metadata.annotations;
  const value = isObject(annotations) ? annotations[LAST_APPLIED] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The fields client-side apply set and nobody changed since; undefined when there is no usable annotation. */
export function allowedFromLastApplied(live: KubeObject | undefined, liveFields: Record<string, unknown>, apiVersion: string): FieldSet | undefined {
  const raw = lastAppliedOf(live);
  if (!raw) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  const drift = compare(lastApplied, liveFields);
  return toFieldSet(lastApplied).difference(drift.modified).difference(drift.added).difference(drift.removed);
}

/** Go's encoding of an unstructured object: keys sorted, no spaces. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).toSorted().map((k) => `${JSON.stringify(k)}:${goJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Sets the annotation of `result` (an apply's outcome) to `config` without the annotation itself, when it has one. */
export function syncLastApplied(result: KubeObject, config: Record<string, unknown>): void {
  if (!lastAppliedOf(result)) return;
  const metadata = isObject(config.metadata) ? { ...config.metadata } : {};
  if (isObject(metadata.annotations)) {
    const { [LAST_APPLIED]: _, ...others } = metadata.annotations;
    metadata.annotations = others;
  }
  const applied = { ...config, metadata };
  result.metadata.annotations = { ...(isObject(result.metadata.annotations) ? result.metadata.annotations : {}), [LAST_APPLIED]: `${goJson(applied)}\n` };
}

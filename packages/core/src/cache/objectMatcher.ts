/**
 * Whether an object written through the client belongs to a query: a write's
 * answer joins the queries it matches at once, before their watches tell.
 * Only what can be decided on the client is decided: the namespace, the
 * object's name, label selectors (the apiserver's grammar: `=`, `==`, `!=`,
 * `in`, `notin`, `key`, `!key`) and the `metadata.name` / `metadata.namespace`
 * field selectors. Anything else answers undefined: the watch decides.
 */
import type { KubeObject } from '../resources/resourceType.js';

/** true: belongs; false: does not; undefined: cannot tell here. */
export type ObjectMatcher = (object: KubeObject) => boolean | undefined;

export interface MatcherSpec {
  readonly namespace: string | undefined;
  readonly objectName?: string | undefined;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
}

export function objectMatcher(spec: MatcherSpec): ObjectMatcher {
  const labels = spec.labelSelector === undefined ? [] : parseLabelSelector(spec.labelSelector);
  const fields = spec.fieldSelector === undefined ? [] : spec.fieldSelector.split(',').filter(Boolean);
  return (object) => {
    const metadata = object.metadata ?? {};
    if (spec.namespace !== undefined && (metadata.namespace ?? '') !== spec.namespace) return false;
    if (spec.objectName !== undefined && metadata.name !== spec.objectName) return false;
    if (labels === undefined) return undefined;
    const objectLabels = metadata.labels ?? {};
    if (!labels.every((requirement) => requirement(objectLabels))) return false;
    for (const field of fields) {
      const match = /^(metadata\.name|metadata\.namespace)(==|=|!=)(.*)$/.exec(field);
      if (!match) return undefined;
      const actual = match[1] === 'metadata.name' ? metadata.name : (metadata.namespace ?? '');
      if ((actual === match[3]) !== (match[2] !== '!=')) return false;
    }
    return true;
  };
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/** The requirements of a label selector; undefined when its text is not understood. */
function parseLabelSelector(selector: string): Requirement[] | undefined {
  const requirements: Requirement[] = [];
  // Commas separate requirements, except inside the parentheses of a set.
  for (const part of selector.split(/,(?![^(]*\))/).map((text) => text.trim()).filter(Boolean)) {
    let match: RegExpExecArray | null;
    if ((match = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      const [, key, operator, value] = match as unknown as [string, string, string, string];
      requirements.push((labels) => (labels[key] === value) === (operator !== '!='));
    } else if ((match = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const [, key, operator, list] = match as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((value) => value.trim()));
      requirements.push((labels) => (key in labels && values.has(labels[key]!)) === (operator === 'in') || (operator === 'notin' && !(key in labels)));
    } else if ((match = /^(!?)([^\s!=(),]+)$/.exec(part))) {
      const [, not, key] = match as unknown as [string, string, string];
      requirements.push((labels) => key in labels !== (not === '!'));
    } else return undefined;
  }
  return requirements;
}

/** How the store keeps a query of this spec: single-object or list, and which written objects join it. */
export function queryShape(spec: MatcherSpec): { single: boolean; matches: ObjectMatcher } {
  return { single: spec.objectName !== undefined, matches: objectMatcher(spec) };
}

// The apiserver's checks on object identity, reported as 422 Invalid with
// field causes (what `kubectl create` prints as "is invalid: metadata.name").
import type { StatusCause } from 'kubernetes-types/meta/v1.js';
import type { ResourceInfo } from './resources.js';
import { invalid } from './status.js';
import type { KubeObject } from './eventLog.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Namespaces (and Services) need DNS labels; everything else DNS subdomains. */
const needsLabel = (r: ResourceInfo) => r.group === '' && (r.plural === 'namespaces' || r.plural === 'services');

export function nameProblem(r: ResourceInfo, name: string): string | undefined {
  if (needsLabel(r)) {
    if (name.length > 63) return 'must be no more than 63 characters';
    return DNS1123_LABEL.test(name) ? undefined : labelMessage;
  }
  if (name.length > 253) return 'must be no more than 253 characters';
  return DNS1123_SUBDOMAIN.test(name) ? undefined : subdomainMessage;
}

export function validateIdentity(r: ResourceInfo, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name;
  if (!name) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  } else {
    const problem = nameProblem(r, name);
    if (problem) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${problem}`, field: 'metadata.name' });
  }
  if (r.namespaced && obj.metadata.namespace && !DNS1123_LABEL.test(obj.metadata.namespace)) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${obj.metadata.namespace}": ${labelMessage}`, field: 'metadata.namespace' });
  }
  if (causes.length) throw invalid({ kind: r.kind, group: r.group, resource: r.plural, name: name ?? '' }, causes);
}

// `metadata.managedFields` decoded into one field set per manager and
// encoded back (apimachinery pkg/util/managedfields/internal/managedfields.go).
// A manager is identified as the apiserver's BuildManagerIdentifier does: the
// entry without fields and time, and without apiVersion for an Apply, as
// JSON. Entries are written in the order of sortEncodedManagedFields
// (internal/managedfields.go).
import { isObject } from '../util.js';
import { FieldSet } from './fieldSet.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string | undefined;
  time?: string | undefined;
  fields: FieldSet;
}

/** Ownership of one object: manager identifier to what it owns. Insertion order is kept. */
export type Managers = Map<string, Manager>;

export function managerId(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({
    manager: m.manager,
    operation: m.operation,
    ...(m.operation === 'Update' ? { apiVersion: m.apiVersion } : {}),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  });
}

/** How conflicts name a manager (internal/conflict.go printManager): `"kubectl-create" using apps/v1`. */
export function printManager(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${out} using ${m.apiVersion}` : out;
}

/** Undefined when the field is missing or not a list of entries (then the live object's ownership counts). */
export function decodeManagedFields(value: unknown): Managers | undefined {
  if (!Array.isArray(value)) return undefined;
  const managers: Managers = new Map();
  for (const raw of value) {
    if (!isObject(raw) || typeof raw.manager !== 'string' || (raw.operation !== 'Apply' && raw.operation !== 'Update')) continue;
    const m: Manager = {
      manager: raw.manager,
      operation: raw.operation,
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      subresource: typeof raw.subresource === 'string' ? raw.subresource : undefined,
      time: typeof raw.time === 'string' ? raw.time : undefined,
      fields: FieldSet.fromFieldsV1(raw.fieldsV1),
    };
    managers.set(managerId(m), m);
  }
  return managers;
}

// sortEncodedManagedFields: Apply before Update, then oldest first, then by name.
function byEncodedOrder(a: Manager, b: Manager): number {
  const key = (m: Manager) => [m.operation, m.time ?? '', m.manager, m.apiVersion, m.subresource ?? ''];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  return [...managers.values()]
    .filter((m) => m.fields.size > 0)
    .toSorted(byEncodedOrder)
    .map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: m.fields.toFieldsV1(),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}

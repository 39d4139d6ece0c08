// Table cells of a custom resource from its CRD's additionalPrinterColumns,
// as apiextensions-apiserver prints them
// (staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor/tableconvertor.go):
// a Name column first (format `name`); each column's JSONPath evaluated with
// missing keys allowed, its first result kept; strings printed as they are,
// integers, numbers and booleans typed, dates as an age; a missing value is null.
import type { PrinterColumn } from '../model/resources.js';
import { humanDuration } from './humanDuration.js';
import type { Column, Printer } from './printers.js';

const NAME_COLUMN: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 };

/** The first value a simple JSONPath finds (`.a.b`, `.a[0].b`, `.a[*].b`), or undefined. */
export function firstResult(object: unknown, jsonPath: string): unknown {
  let values: unknown[] = [object];
  for (const step of jsonPath.replace(/^\./, '').split('.').filter(Boolean)) {
    const match = /^([^[\]]*)((?:\[(?:\d+|\*)\])*)$/.exec(step);
    if (!match) return undefined;
    const [, key = '', indexes = ''] = match;
    values = values.flatMap((v) => (key === '' ? [v] : v !== null && typeof v === 'object' && key in v ? [(v as Record<string, unknown>)[key]] : []));
    for (const [, index] of indexes.matchAll(/\[(\d+|\*)\]/g)) {
      values = values.flatMap((v) => (!Array.isArray(v) ? [] : index === '*' ? v : v[Number(index)] === undefined ? [] : [v[Number(index)]]));
    }
  }
  return values[0];
}

function cell(column: PrinterColumn, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(at) ? '<invalid>' : humanDuration(now - at);
    }
  }
}

export function crdPrinter(columns: readonly PrinterColumn[]): Printer {
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: c.priority ?? 0,
      })),
    ],
    cells: (obj, now) => [obj?.metadata?.name ?? '', ...columns.map((c) => cell(c, firstResult(obj, c.jsonPath), now))],
  };
}

// Label selectors as the apiserver parses them (apimachinery/pkg/labels):
// comma = AND; `=`/`==`, `!=`, `in (..)`, `notin (..)`, `key` (exists),
// `!key` (does not exist), `>`/`<` on integers. `!=` and `notin` also match
// objects that lack the label, as in Kubernetes. A selector that does not
// parse is a 400 BadRequest, never "match nothing".
import { badRequest } from './status.js';

export type LabelRequirement =
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: '>' | '<'; value: number };

export type Labels = Readonly<Record<string, string>> | undefined;

export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Labels): boolean;
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string, source: string): string {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const ok = name.length <= 63 && NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && PREFIX.test(prefix)));
  if (!ok) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${source}"`);
  return key;
}

function checkValue(value: string, source: string): string {
  if (value !== '' && !(value.length <= 63 && NAME.test(value))) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${source}"`);
  }
  return value;
}

/** Splits on commas that are not inside `( )`. */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw badRequest(`unable to parse requirement: unexpected ")" in selector "${source}"`);
  }
  if (depth !== 0) throw badRequest(`unable to parse requirement: unclosed "(" in selector "${source}"`);
  parts.push(source.slice(start));
  return parts;
}

function parseRequirement(raw: string, source: string): LabelRequirement {
  const text = raw.trim();
  if (text === '') throw badRequest(`unable to parse requirement: found '', expected: identifier in selector "${source}"`);
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    if (!set[3]!.trim()) throw badRequest(`unable to parse requirement: for 'in', 'notin' operators, values set can't be empty in selector "${source}"`);
    const values = set[3]!.split(',').map((v) => checkValue(v.trim(), source));
    return { key: checkKey(set[1]!, source), op: set[2] as 'in' | 'notin', values };
  }
  if (text.startsWith('!')) return { key: checkKey(text.slice(1).trim(), source), op: '!' };
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (cmp) {
    const key = checkKey(cmp[1]!, source);
    const op = cmp[2]!;
    const value = cmp[3]!.trim();
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value)) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in selector "${source}"`);
      return { key, op, value: Number(value) };
    }
    return { key, op: op === '!=' ? '!=' : '=', value: checkValue(value, source) };
  }
  if (/\s/.test(text)) throw badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt in selector "${source}"`);
  return { key: checkKey(text, source), op: 'exists' };
}

function matchOne(r: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels![r.key] : undefined;
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
      return value === r.value;
    case '!=':
      return value !== r.value;
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    case '>':
    case '<': {
      if (!has || !/^-?\d+$/.test(value!)) return false;
      return r.op === '>' ? Number(value) > r.value : Number(value) < r.value;
    }
  }
}

/** Parses a label selector; empty or missing selects everything. Throws a 400 ApiError. */
export function parseLabelSelector(source: string | null | undefined): LabelSelector {
  const text = (source ?? '').trim();
  const requirements = text === '' ? [] : splitTopLevel(text).map((part) => parseRequirement(part, text));
  return {
    requirements,
    matches: (labels) => requirements.every((r) => matchOne(r, labels)),
  };
}

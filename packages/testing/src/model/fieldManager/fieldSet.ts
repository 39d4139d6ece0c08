// A set of field paths, as server-side apply records ownership
// (sigs.k8s.io/structured-merge-diff fieldpath.Set). A path is a list of
// elements spelled as in `managedFields[].fieldsV1`:
//   f:<name>           a field of an object
//   k:{"name":"app"}   an item of an associative list, by its key fields
//   v:"finalizer"      an item of a set list, by its value
//   i:3                an item by index (not produced here)
// Invariant: a set never holds the empty path; members are unique by their
// element sequence.
import { isObject } from '../util.js';

export type FieldPath = readonly string[];

export const fieldElement = (name: string) => `f:${name}`;
export const valueElement = (value: unknown) => `v:${JSON.stringify(value)}`;
/** Key fields sorted by name, as fieldpath.KeyByFields sorts them. */
export const keyElement = (fields: Record<string, unknown>) =>
  `k:${JSON.stringify(Object.fromEntries(Object.entries(fields).toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))}`;

const SEPARATOR = '\n'; // never inside an element: names are label-like, values are JSON

// Field names sort before keys, values and indexes (fieldpath.PathElement.Compare).
const RANK: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

function compareElements(a: string, b: string): number {
  const rank = (RANK[a[0]!] ?? 4) - (RANK[b[0]!] ?? 4);
  if (rank !== 0) return rank;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareElements(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A path as the apiserver prints it in conflicts: `.spec.containers[name="app"].image` (fieldpath.Path.String). */
export function pathString(path: FieldPath): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      switch (element[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const fields = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

export class FieldSet {
  private readonly members = new Set<string>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const path of paths) this.add(path);
  }

  add(path: FieldPath): void {
    if (path.length > 0) this.members.add(path.join(SEPARATOR));
  }

  has(path: FieldPath): boolean {
    return this.members.has(path.join(SEPARATOR));
  }

  get size(): number {
    return this.members.size;
  }

  /** Members in fieldsV1 order. */
  paths(): FieldPath[] {
    return [...this.members].map((key) => key.split(SEPARATOR)).toSorted(comparePaths);
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet([...this.paths(), ...other.paths()]);
  }

  intersection(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((p) => other.has(p)));
  }

  difference(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((p) => !other.has(p)));
  }

  /** Without the members of `other` and everything under them (fieldpath.Set.RecursiveDifference). */
  recursiveDifference(other: FieldSet): FieldSet {
    return new FieldSet(this.paths().filter((p) => !p.some((_, i) => other.has(p.slice(0, i + 1)))));
  }

  /** Whether `path` or anything under it is a member. */
  hasAtOrBelow(path: FieldPath): boolean {
    const prefix = path.join(SEPARATOR);
    for (const key of this.members) if (key === prefix || key.startsWith(prefix + SEPARATOR)) return true;
    return false;
  }

  equals(other: FieldSet): boolean {
    return this.size === other.size && [...this.members].every((key) => other.members.has(key));
  }

  /** The nested `fieldsV1` object: `{}` for a member, `".": {}` for a member that also has members below it. */
  toFieldsV1(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const path of this.paths()) {
      let node = root;
      for (const element of path) {
        node[element] ??= {};
        node = node[element] as Record<string, unknown>;
      }
      node['.'] = {};
    }
    return collapse(root) as Record<string, unknown>;
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const visit = (node: unknown, path: string[]) => {
      if (!isObject(node)) return;
      for (const [element, child] of Object.entries(node)) {
        if (element === '.') set.add(path);
        else if (isObject(child) && Object.keys(child).length === 0) set.add([...path, element]);
        else visit(child, [...path, element]);
      }
    };
    visit(fields, []);
    return set;
  }
}

/** Turns the member markers of leaves back into `{}`, keeping `.` only where a member has children. */
function collapse(node: Record<string, unknown>): Record<string, unknown> {
  const children = Object.keys(node).filter((k) => k !== '.');
  if (children.length === 0) return {};
  const out: Record<string, unknown> = '.' in node ? { '.': {} } : {};
  for (const key of children) out[key] = collapse(node[key] as Record<string, unknown>);
  return out;
}

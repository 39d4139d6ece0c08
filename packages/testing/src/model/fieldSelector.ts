// Field selectors: `field=value`, `field==value`, `field!=value`, comma = AND.
// Which fields a kind supports is declared by its resource (the apiserver
// rejects any other field with 400 "field label not supported"), so parsing
// and checking are separate: parse once, check against the resource.
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** Reads one selectable field of an object; undefined when it is unset (it then compares as ''). */
export type FieldGetter = (obj: any) => string | undefined;

/** Splits on unescaped commas; `\,` `\=` `\\` are escapes as in fields.ParseSelector. */
function splitEscaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

export function parseFieldSelector(source: string | null | undefined): FieldSelector {
  const text = (source ?? '').trim();
  if (text === '') return { requirements: [] };
  const requirements = splitEscaped(text, ',').map((part): FieldRequirement => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/s.exec(part.trim());
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { field: m[1]!.trim(), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) };
  });
  return { requirements };
}

/**
 * Binds a parsed selector to a kind's fields. Throws 400 for a field the kind
 * does not support, as the apiserver does when the request arrives.
 */
export function compileFieldSelector(
  selector: FieldSelector,
  fields: Readonly<Record<string, FieldGetter>>,
): (obj: unknown) => boolean {
  const checks = selector.requirements.map((r) => {
    const get = fields[r.field];
    if (!get) throw badRequest(`field label not supported: ${r.field}`);
    return (obj: unknown) => ((get(obj) ?? '') === r.value) === (r.op === '=');
  });
  return (obj) => checks.every((check) => check(obj));
}

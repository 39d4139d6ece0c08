/**
 * Label and field selectors as the API server parses them. A selector travels
 * in one query parameter; the allow-list below keeps a caller from smuggling
 * `&watch=false`, a newline or a fragment into the URL through it.
 */
import { KubeApiError } from '../errors/KubeApiError.js';

export type SelectorInput = string | { readonly [key: string]: string };

export interface LabelSelectorObject {
  matchLabels?: { readonly [key: string]: string };
  matchExpressions?: readonly { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: readonly string[] }[];
}

const SELECTOR_TEXT = /^[A-Za-z0-9._\-/=!,() :]*$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9.]*$/;
const FIELD_VALUE = /^[A-Za-z0-9._\-:/]*$/;

/** A qualified name: an optional prefix of at most 253 characters and '/', then a name of at most 63. */
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  return LABEL_KEY.test(key) && slash <= 253 && key.length - slash - 1 <= 63;
}

const isFieldKey = (key: string): boolean => FIELD_KEY.test(key) && key.length <= 316;

function checkText(selector: string, field: string): string {
  if (!SELECTOR_TEXT.test(selector)) {
    throw KubeApiError.invalid(`${field} ${JSON.stringify(selector)} contains characters a selector cannot have`, field);
  }
  return selector.trim();
}

function pairs(input: { readonly [key: string]: string }, field: string, isKey: (key: string) => boolean, valuePattern: RegExp, maxValueLength: number): string {
  return Object.keys(input)
    .toSorted()
    .map((key) => {
      const value = input[key];
      if (!isKey(key)) throw KubeApiError.invalid(`${field} key ${JSON.stringify(key)} is not valid`, field);
      if (typeof value !== 'string' || !valuePattern.test(value) || value.length > maxValueLength) {
        throw KubeApiError.invalid(`${field} value ${JSON.stringify(value)} for ${key} is not valid`, field);
      }
      return `${key}=${value}`;
    })
    .join(',');
}

/** `'app=web,tier!=db'`, `{ app: 'web' }` or a Kubernetes `LabelSelector` object, as query text. */
export function labelSelector(input: SelectorInput | LabelSelectorObject): string {
  if (typeof input === 'string') return checkText(input, 'labelSelector');
  if ('matchLabels' in input || 'matchExpressions' in input) {
    const selector = input as LabelSelectorObject;
    const parts = selector.matchLabels ? [pairs(selector.matchLabels, 'labelSelector', isLabelKey, LABEL_VALUE, 63)] : [];
    for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
      if (!isLabelKey(key)) throw KubeApiError.invalid(`labelSelector key ${JSON.stringify(key)} is not valid`, 'labelSelector');
      for (const value of values) {
        if (!LABEL_VALUE.test(value)) throw KubeApiError.invalid(`labelSelector value ${JSON.stringify(value)} is not valid`, 'labelSelector');
      }
      const list = values.toSorted().join(',');
      if (operator === 'In') parts.push(`${key} in (${list})`);
      else if (operator === 'NotIn') parts.push(`${key} notin (${list})`);
      else if (operator === 'Exists') parts.push(key);
      else if (operator === 'DoesNotExist') parts.push(`!${key}`);
      // Anything else (a typo such as 'in', or Gt from a node selector) must not silently become DoesNotExist.
      else throw KubeApiError.invalid(`labelSelector operator ${JSON.stringify(operator)} for ${key} is not one of In, NotIn, Exists, DoesNotExist`, 'labelSelector');
    }
    return parts.filter(Boolean).join(',');
  }
  return pairs(input as { readonly [key: string]: string }, 'labelSelector', isLabelKey, LABEL_VALUE, 63);
}

/** `'status.phase=Running'` or `{ 'metadata.name': 'web-1' }`, as query text. */
export function fieldSelector(input: SelectorInput): string {
  if (typeof input === 'string') return checkText(input, 'fieldSelector');
  return pairs(input, 'fieldSelector', isFieldKey, FIELD_VALUE, 253);
}

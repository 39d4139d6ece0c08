/**
 * Query strings in the shape the console and kubectl send them:
 * `fieldSelector=metadata.name=asm-cal3&watch=true`. Characters that are legal
 * inside a query value ('=', ',', ':', '/') stay readable; everything else
 * (including '&', '#', '+', spaces) is percent-encoded.
 */
export type QueryValue = string | number | boolean | undefined;

function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/');
}

/** Parameters in the given order; undefined ones are left out. */
export function queryString(params: { readonly [key: string]: QueryValue }): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeQueryValue(String(value))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

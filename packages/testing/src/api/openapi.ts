// kubectl downloads OpenAPI before create/apply (client-side validation and
// the strategic-merge schema for apply). The fake publishes documents that
// describe no kinds: kubectl then skips schema validation ("no schema for
// this kind") and computes apply patches from its compiled-in types, which
// is what it does for any kind missing from a real server's spec.
import type { ResourceRegistry } from '../model/resources.js';
import { SERVER_VERSION } from './discovery.js';

const utf8 = new TextEncoder();

function field(tag: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  // Length-delimited protobuf field (wire type 2); our payloads stay below 128 bytes.
  return new Uint8Array([(tag << 3) | 2, payload.length, ...payload]);
}

/**
 * openapi_v2.Document { swagger = 1; info = 2 { title = 1; version = 2 } } in
 * protobuf, the only encoding kubectl requests for /openapi/v2.
 */
export function openApiV2Protobuf(): Uint8Array<ArrayBuffer> {
  const info = new Uint8Array([...field(1, utf8.encode('Kubernetes')), ...field(2, utf8.encode(SERVER_VERSION.gitVersion))]);
  return new Uint8Array([...field(1, utf8.encode('2.0')), ...field(2, info)]);
}

/** What kube-openapi answers for the protobuf form (the requested media type has an '@' Go's mime parser rejects). */
export const OPENAPI_V2_CONTENT_TYPE = 'application/octet-stream';

/** The /openapi/v3 index: one entry per group-version, server-relative (cluster prefix included). */
export function openApiV3Index(registry: ResourceRegistry, prefix: string) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of registry.all()) {
    const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    paths[gv] = { serverRelativeURL: `${prefix}/openapi/v3/${gv}?hash=${SERVER_VERSION.gitCommit.slice(0, 16)}` };
  }
  return { paths };
}

export function openApiV3Document() {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: {},
    components: { schemas: {} },
  };
}

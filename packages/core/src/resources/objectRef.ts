/**
 * How the store names one object within a resource type: `namespace/name`,
 * with an empty namespace for cluster-scoped kinds (`/node-1`). Neither a
 * namespace nor a name can hold a '/' (both are DNS-1123, checked in urls/
 * before any request and by the server for what it sends), so the first '/'
 * always splits a ref back into the two.
 */
export function objectRef(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function splitObjectRef(ref: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

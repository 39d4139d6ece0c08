// Boolean query parameters (`watch`, `allowWatchBookmarks`,
// `sendInitialEvents`, ...) read the way kube-apiserver reads them:
// Convert_Slice_string_To_bool and Convert_Slice_string_To_Pointer_bool in
// staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go. Only a missing
// parameter, "false" or "0" (in any case) is false; anything else is true,
// the empty string included (`?watch`), and `True` (what the official Python
// client sends). Of a repeated parameter the first value counts.

export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  const lower = value.toLowerCase();
  return lower !== 'false' && lower !== '0';
}

// The options of a write request, read as kube-apiserver reads them:
// - `dryRun` may only be `All` (ValidateDryRun in apimachinery
//   pkg/apis/meta/v1/validation/validation.go); anything else is 422 Invalid
//   on CreateOptions, UpdateOptions, PatchOptions or DeleteOptions, never a
//   real write. DELETE may also say it in its DeleteOptions body.
// - who writes: `fieldManager`, else the user agent up to its first `/`
//   (managerOrUserAgent in apiserver pkg/endpoints/handlers/rest.go); an
//   apply must name its manager itself.
// - `force`, when present at all (PatchOptions.Force is a pointer).
import { ApiError } from '../model/status.js';
import { isObject } from '../model/util.js';
import { queryFlag } from './queryFlag.js';

export interface WriteRequestOptions {
  dryRun: boolean;
  fieldManager: string | undefined;
  force: boolean | undefined;
}

const OPTIONS_KIND = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions', delete: 'DeleteOptions' } as const;

function unsupportedDryRun(kind: string, values: string[]): ApiError {
  // Newer apimachinery prints the value as JSON (older ones as Go syntax, []string{"x"}).
  const message = `Unsupported value: ${JSON.stringify(values)}: supported values: "All"`;
  return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
  });
}

export function writeOptions(request: Request, url: URL, verb: keyof typeof OPTIONS_KIND, options: { apply?: boolean; body?: unknown } = {}): WriteRequestOptions {
  const q = url.searchParams;
  const body = options.body;
  const fromBody = isObject(body) && Array.isArray(body.dryRun) ? body.dryRun.map(String) : [];
  const dryRunValues = [...q.getAll('dryRun'), ...fromBody];
  if (dryRunValues.some((v) => v !== 'All')) throw unsupportedDryRun(OPTIONS_KIND[verb], dryRunValues);
  const explicit = q.get('fieldManager') || undefined;
  const agent = (request.headers.get('user-agent') ?? '').split('/')[0] || undefined;
  return {
    dryRun: dryRunValues.length > 0,
    fieldManager: options.apply ? explicit : (explicit ?? agent),
    force: q.has('force') ? queryFlag(q, 'force') : undefined,
  };
}

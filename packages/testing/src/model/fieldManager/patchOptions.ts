// PatchOptions checks made before the object is looked up
// (apimachinery pkg/apis/meta/v1/validation/validation.go ValidatePatchOptions,
// answered as errors.NewInvalid(PatchOptions.meta.k8s.io) in
// apiserver pkg/endpoints/handlers/patch.go): an apply needs a fieldManager,
// and only an apply may say `force`. Both are 422 Invalid.
import { ApiError } from '../status.js';
import type { PatchType } from '../patch/index.js';

function invalidPatchOptions(field: string, reason: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: 'meta.k8s.io',
    kind: 'PatchOptions',
    causes: [{ reason, message, field }],
  });
}

export function validatePatchOptions(type: PatchType, options: { fieldManager?: string | undefined; force?: boolean | undefined }): void {
  if (type !== 'apply' && options.force !== undefined) {
    throw invalidPatchOptions('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
  }
  if (type === 'apply' && !options.fieldManager) {
    throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
  }
}

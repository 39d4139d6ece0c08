// One entry point for the four patch content types the apiserver accepts.
import { jsonPatch } from './jsonPatch.js';
import { mergePatch } from './mergePatch.js';
import { strategicMerge } from './strategicMergePatch.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/**
 * The merge of one patch into an object. FakeCluster.patch runs server-side
 * apply through fieldManager/serverSideApply (ownership, conflicts, pruning);
 * here `apply` is only the strategic merge of the configuration, without them.
 */
export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  switch (type) {
    case 'merge':
      return mergePatch(target, patch);
    case 'json':
      return jsonPatch(target, patch);
    case 'strategic':
    case 'apply':
      return strategicMerge(target, patch);
  }
}

export { jsonPatch, mergePatch, strategicMerge };

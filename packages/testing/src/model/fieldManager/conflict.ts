// The 409 of an apply that would change fields other managers own, worded as
// apimachinery pkg/util/managedfields/internal/conflict.go NewConflictError
// words it: one `FieldManagerConflict` cause per field (StatusCause's Go field Type is serialized as "reason"), and a message that
// lists them (grouped by manager, managers sorted, when there are several).
import type { StatusCause } from 'kubernetes-types/meta/v1.js';
import { ApiError } from '../status.js';
import { pathString, type FieldSet } from './fieldSet.js';
import { printManager, type Managers } from './managedFields.js';

export function applyConflict(managers: Managers, conflicts: ReadonlyMap<string, FieldSet>): ApiError {
  const all = [...conflicts].flatMap(([id, fields]) => fields.paths().map((path) => ({ manager: printManager(managers.get(id)!), field: pathString(path) })));
  const causes: StatusCause[] = all.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field }));
  let message: string;
  if (all.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${all[0]!.manager}: ${all[0]!.field}`;
  } else {
    const lines: string[] = [];
    for (const id of [...conflicts.keys()].toSorted()) {
      lines.push(`conflicts with ${printManager(managers.get(id)!)}:`);
      for (const path of conflicts.get(id)!.paths()) lines.push(`- ${pathString(path)}`);
    }
    message = `Apply failed with ${all.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}

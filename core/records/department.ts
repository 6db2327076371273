/** A node in the department tree; `path` is the slash-joined names from the root ("研发部/平台组"). */
export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly path: string;
  /** The employee who heads this department (and its subtree), if any. */
  readonly headEmployeeId: string | null;
}

/** True when `ancestorId` is `departmentId` itself or one of its ancestors. */
export function isInSubtree(
  departmentId: string,
  ancestorId: string,
  byId: ReadonlyMap<string, Pick<Department, 'id' | 'parentId'>>,
): boolean {
  let current: string | null = departmentId;
  const seen = new Set<string>();
  while (current !== null && !seen.has(current)) {
    if (current === ancestorId) return true;
    seen.add(current);
    current = byId.get(current)?.parentId ?? null;
  }
  return false;
}

/** A fake store whose state can be copied and put back, so a failed transaction leaves no trace. */
export interface Snapshottable {
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/** Deep copy of plain data (records, catalogs, values); Dates survive as Dates. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

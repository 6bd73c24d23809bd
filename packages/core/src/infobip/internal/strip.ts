/**
 * The object without its `undefined` fields: optional query and body fields are left out rather than sent empty.
 *
 * @since 0.1.0
 */
export const stripUndefined = <A extends Record<string, unknown>>(
  a: A
): { [K in keyof A]: Exclude<A[K], undefined> } => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = v
  return out as { [K in keyof A]: Exclude<A[K], undefined> }
}

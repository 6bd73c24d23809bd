/**
 * Everything reachable from a value, as text: every string, every byte array decoded as UTF-8, every key. Leak
 * tests scan it, so that a credential held as bytes (a request body inside a span's exit, say) is found too, not only
 * what `util.inspect` chooses to print.
 */
export const deepText = (value: unknown, maxNodes = 200_000): string => {
  const out: Array<string> = []
  const seen = new Set<unknown>()
  const stack: Array<unknown> = [value]
  let nodes = 0
  while (stack.length > 0 && nodes++ < maxNodes) {
    const v = stack.pop()
    if (typeof v === "string") out.push(v)
    else if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") out.push(String(v))
    else if (v instanceof Uint8Array) out.push(new TextDecoder().decode(v))
    else if (v instanceof ArrayBuffer) out.push(new TextDecoder().decode(new Uint8Array(v)))
    else if (v !== null && typeof v === "object" && !seen.has(v)) {
      seen.add(v)
      if (v instanceof Map) for (const [k, x] of v) stack.push(k, x)
      else if (v instanceof Set) for (const x of v) stack.push(x)
      else {
        for (const key of Reflect.ownKeys(v)) {
          out.push(String(key))
          try {
            stack.push((v as Record<PropertyKey, unknown>)[key])
          } catch {
            // A getter that throws holds nothing to scan.
          }
        }
      }
    }
  }
  return out.join("\n")
}

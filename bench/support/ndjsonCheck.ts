/**
 * Verifies an export file without holding it: its line count and an order-independent digest of its lines (the sums
 * of two 32-bit hashes of each line), so that exports written in different orders compare equal when they hold the
 * same lines.
 */
import { createReadStream } from "node:fs"

export interface Digest {
  readonly lines: number
  readonly bytes: number
  readonly digest: string
}

export const digestFile = async (path: string): Promise<Digest> => {
  let lines = 0
  let bytes = 0
  let sumA = 0
  let sumB = 0
  // FNV-1a and a multiplicative hash, carried across chunk boundaries
  let a = 0x811c9dc5
  let b = 7
  let open = false
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (c === 0x0a) {
        sumA = (sumA + (a >>> 0)) >>> 0
        sumB = (sumB + (b >>> 0)) >>> 0
        lines++
        a = 0x811c9dc5
        b = 7
        open = false
        continue
      }
      a = Math.imul(a ^ c, 0x01000193)
      b = (Math.imul(b, 31) + c) | 0
      open = true
    }
  }
  if (open) throw new Error(`${path}: the last line has no newline`)
  return { lines, bytes, digest: `${sumA.toString(16)}:${sumB.toString(16)}` }
}

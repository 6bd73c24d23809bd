/**
 * Deterministic, stateless randomness: every random choice the simulator makes is a pure function of the seed and
 * the coordinates of the thing being decided (order index, message index, request number), so nothing needs to be
 * stored to replay it and a huge synthetic account costs nothing until it is read.
 */

/** FNV-1a over the UTF-16 units of a string, to turn a string or number seed into 32 bits. */
export const seedHash = (seed: string | number): number => {
  const s = String(seed)
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

// The murmur3 finaliser: a cheap, well-mixed 32-bit bijection.
const fmix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Mixes a seed with up to three integer coordinates into 32 well-distributed bits. */
export const hash = (seed: number, a: number, b = 0, c = 0): number => {
  let h = fmix(seed ^ 0x9e3779b9)
  h = fmix((h + Math.imul(a | 0, 0xcc9e2d51) + Math.floor(a / 4294967296)) >>> 0)
  h = fmix((h ^ Math.imul(b | 0, 0x1b873593)) >>> 0)
  h = fmix((h + Math.imul(c | 0, 0xe6546b64)) >>> 0)
  return h
}

/** A uniform number in [0, 1) from the same coordinates as {@link hash}. */
export const unit = (seed: number, a: number, b = 0, c = 0): number => hash(seed, a, b, c) / 4294967296

/** Salts that keep the different decisions about the same message independent of each other. */
export const Salt = {
  delivered: 1,
  delay: 2,
  number: 3,
  recipients: 4,
  sender: 5,
  jitter: 6,
  pending: 7,
  fault: 8,
  faultKind: 9,
  latency: 10,
  retryAfter: 11
} as const

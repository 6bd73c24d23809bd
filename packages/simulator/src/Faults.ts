/**
 * Fault injection for the simulator: per route (a method slug such as `send-sms`, or `"*"` for every route without a
 * rule of its own), either a probability with the kinds to pick from, or a scripted sequence consumed one request at
 * a time. Every choice is a pure function of the fault seed and the request's number on its route, so a run replays.
 *
 * @since 0.1.0
 */
import { hash, Salt, seedHash, unit } from "./internal/random.ts"

/**
 * What can go wrong with a request.
 *
 * - `503`: HTTP 503 with `Retry-After` (seconds), the documented "temporarily unavailable" (docs/providers/iletimerkezi-api.md ("Status codes")).
 * - `503-no-retry-after`: the same without the header.
 * - `429`: HTTP 429 with a body whose `status.code` is 429. iletiMerkezi documents no rate-limit answer
 *   (docs/providers/iletimerkezi-api.md ("Limits")), so this is an inferred shape for a throttling proxy.
 * - `reset-before`: the socket is destroyed before the request is processed (nothing happened server-side).
 * - `reset-after`: the request is processed (an order is created), then the socket is destroyed with no answer.
 * - `latency`: the answer is delayed by a spike measured on the real timer, never the simulated clock.
 * - `truncated`: processed, then the answer declares a longer `Content-Length` than it sends and the socket closes.
 * - `malformed`: processed, then HTTP 200 with a syntactically broken JSON or XML body.
 * - `500-after`: processed, then HTTP 500 with a plain-text body, as a server (or a proxy in front of it) that fails
 *   after the work was done; the client cannot tell from the answer whether anything happened.
 *
 * Hostile servers, for testing what a client does with answers it must not trust:
 *
 * - `echo`: processed, then HTTP 200 whose body is the request's own body (credentials included), as a broken proxy
 *   or a debugging endpoint does.
 * - `echo-error`: processed, then HTTP 502 with the request's body as plain text.
 * - `huge`: processed, then HTTP 200 with a body of `hostile.hugeBytes` (default 64 MiB) declared in
 *   `Content-Length`, streamed.
 * - `huge-chunked`: the same with no `Content-Length` (chunked), so only counting while reading can stop it.
 * - `slow-body`: processed, then the reply's head at once and its body one byte every `hostile.slowByteInterval`
 *   (default 200 ms, real time): a server that never finishes an answer it started.
 * - `replay`: the route answers every request with the reply to the first request that had this fault: pages that
 *   never end (page 2, 3, ... repeat page 1), the same order twice.
 *
 * Values of the wrong kind and other content-level hostility are written per route with `rewrite` (see
 * `Simulator.Options`), which sees each reply and the request that caused it.
 *
 * @since 0.1.0
 */
export type FaultKind =
  | "503"
  | "503-no-retry-after"
  | "429"
  | "reset-before"
  | "reset-after"
  | "latency"
  | "truncated"
  | "malformed"
  | "echo"
  | "echo-error"
  | "huge"
  | "huge-chunked"
  | "slow-body"
  | "replay"
  | "500-after"

/**
 * The faults of an ordinary unreliable provider (what a client must survive without losing or duplicating
 * anything), in a stable order.
 *
 * @since 0.1.0
 */
export const kinds: ReadonlyArray<FaultKind> = [
  "503",
  "503-no-retry-after",
  "429",
  "reset-before",
  "reset-after",
  "latency",
  "truncated",
  "malformed",
  "500-after"
]

/**
 * The answers of a hostile server (what a client must refuse without crashing, hanging or leaking).
 *
 * @since 0.1.0
 */
export const hostileKinds: ReadonlyArray<FaultKind> = [
  "echo",
  "echo-error",
  "huge",
  "huge-chunked",
  "slow-body",
  "replay"
]

const allKinds: ReadonlyArray<string> = [...kinds, ...hostileKinds]

/**
 * Tells whether a string names a fault kind.
 *
 * @since 0.1.0
 */
export const isFaultKind = (s: string): s is FaultKind => allKinds.includes(s)

/**
 * A random rule: with `probability`, the request gets one of `kinds` (chosen by `weights`, uniform by default).
 *
 * @since 0.1.0
 */
export interface Probabilistic {
  readonly probability: number
  readonly kinds: ReadonlyArray<FaultKind>
  readonly weights?: ReadonlyArray<number> | undefined
}

/**
 * A scripted rule: the n-th request on the route gets the n-th entry; once the script is used up every request is ok.
 *
 * @since 0.1.0
 */
export type Scripted = ReadonlyArray<FaultKind | "ok">

/**
 * A rule for one route.
 *
 * @since 0.1.0
 */
export type FaultRule = Probabilistic | Scripted

/**
 * Rules by route: a method slug (`send-sms`, `get-report`, `consent/create`, ...) or `"*"` for the rest.
 *
 * @since 0.1.0
 */
export type FaultConfig = Readonly<Record<string, FaultRule>>

/**
 * No faults.
 *
 * @since 0.1.0
 */
export const none: FaultConfig = {}

/**
 * A stateful decider over a {@link FaultConfig}: it counts requests per rule, so a script is consumed in order and a
 * probability draw depends only on (seed, route, request number).
 *
 * @since 0.1.0
 */
export interface Decider {
  readonly decide: (route: string) => FaultKind | undefined
  readonly set: (config: FaultConfig) => void
}

/**
 * Makes a {@link Decider} seeded with `seed`.
 *
 * @since 0.1.0
 */
export const makeDecider = (config: FaultConfig, seed: string | number): Decider => {
  const base = seedHash(seed)
  let current = config
  // One counter per rule key: a "*" script is consumed by every route that has no rule of its own.
  let counters = new Map<string, number>()
  const decide = (route: string): FaultKind | undefined => {
    const key = Object.hasOwn(current, route) ? route : Object.hasOwn(current, "*") ? "*" : undefined
    if (key === undefined) return undefined
    const rule = current[key]!
    const n = counters.get(key) ?? 0
    counters.set(key, n + 1)
    if (isScripted(rule)) {
      const step = rule[n]
      return step === undefined || step === "ok" ? undefined : step
    }
    if (rule.kinds.length === 0) return undefined
    const keyHash = seedHash(key)
    if (unit(base, keyHash, n, Salt.fault) >= rule.probability) return undefined
    return pick(rule, unit(base, keyHash, n, Salt.faultKind))
  }
  return {
    decide,
    set: (config) => {
      current = config
      counters = new Map()
    }
  }
}

const isScripted = (rule: FaultRule): rule is Scripted => Array.isArray(rule)

const pick = (rule: Probabilistic, u: number): FaultKind => {
  const weights = rule.kinds.map((_, i) => Math.max(0, rule.weights?.[i] ?? 1))
  const total = weights.reduce((a, b) => a + b, 0)
  if (total <= 0) return rule.kinds[0]!
  let target = u * total
  for (let i = 0; i < rule.kinds.length; i++) {
    target -= weights[i]!
    if (target < 0) return rule.kinds[i]!
  }
  return rule.kinds[rule.kinds.length - 1]!
}

/**
 * The deterministic latency spike for a request, between `min` and `max` milliseconds.
 *
 * @since 0.1.0
 */
export const latencyMillis = (seed: string | number, requestNumber: number, min: number, max: number): number =>
  Math.round(min + (max - min) * (hash(seedHash(seed), requestNumber, Salt.latency) / 4294967296))

/**
 * A parsed `--fault` flag: a kind with a probability, or a scripted sequence.
 *
 * @since 0.1.0
 */
export type ParsedFlag =
  | { readonly route: string; readonly kind: FaultKind; readonly probability: number }
  | { readonly route: string; readonly script: ReadonlyArray<FaultKind | "ok"> }

/**
 * Parses a bin flag value `route=kind:probability` (probability defaults to 1) into a route and a weighted kind.
 *
 * @since 0.1.0
 */
export const parseFlag = (flag: string): ParsedFlag | string => {
  const eq = flag.indexOf("=")
  if (eq <= 0) return `expected route=kind[:probability] or route=kind,kind,ok,..., got "${flag}"`
  const route = flag.slice(0, eq)
  const value = flag.slice(eq + 1)
  // A scripted sequence: kinds and "ok" separated by commas, consumed one per request on the route.
  if (value.includes(",")) {
    const steps = value.split(",")
    const bad = steps.find((k) => k !== "ok" && !isFaultKind(k))
    if (bad !== undefined) return `unknown fault kind "${bad}" (one of ok, ${allKinds.join(", ")})`
    return { route, script: steps as ReadonlyArray<FaultKind | "ok"> }
  }
  const [kind, p] = value.split(":")
  if (kind === undefined || !isFaultKind(kind)) return `unknown fault kind "${kind}" (one of ${allKinds.join(", ")})`
  const probability = p === undefined ? 1 : Number(p)
  if (!(probability >= 0 && probability <= 1)) return `the probability must be in [0, 1], got "${p}"`
  return { route, kind, probability }
}

/**
 * Combines parsed flags into a config: several kinds on one route add their probabilities, each kind keeping its
 * share as its weight.
 *
 * @since 0.1.0
 */
export const fromFlags = (flags: ReadonlyArray<ParsedFlag>): FaultConfig => {
  const byRoute = new Map<string, Array<{ kind: FaultKind; probability: number }>>()
  const scripts: Record<string, FaultRule> = {}
  for (const f of flags) {
    if ("script" in f) {
      scripts[f.route] = f.script
      continue
    }
    const list = byRoute.get(f.route) ?? []
    list.push({ kind: f.kind, probability: f.probability })
    byRoute.set(f.route, list)
  }
  const config: Record<string, FaultRule> = {}
  for (const [route, list] of byRoute) {
    const probability = Math.min(
      1,
      list.reduce((a, b) => a + b.probability, 0)
    )
    config[route] = { probability, kinds: list.map((f) => f.kind), weights: list.map((f) => f.probability) }
  }
  // A script for a route replaces probabilities given for it.
  return { ...config, ...scripts }
}

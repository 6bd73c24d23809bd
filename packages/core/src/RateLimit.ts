/**
 * Client-side rate limits in the three shapes the providers need, all on effect's `persistence/RateLimiter`, so that
 * one store (in memory by default, Redis when a `RateLimiter` is provided) can be shared by every process on an
 * account:
 *
 * - {@link perSecond}: units per second with a small burst (iletiMerkezi: 100 recipients a second per account).
 * - {@link slidingWindow}: at most N units in ANY window of a given length (TurkeySMS: 100 messages a sliding minute).
 * - {@link perEndpoint}: requests per second, one bucket per endpoint (Infobip's reports and logs).
 *
 * A limiter delays, never fails: a failing shared store logs a warning and lets the call through (the provider's own
 * limit still applies).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as RateLimiter from "effect/persistence/RateLimiter"

/**
 * Takes `units` (recipients, messages or requests) before a call; `key` picks the bucket within the limit.
 *
 * @since 0.1.0
 */
export interface Limit {
  readonly take: (units: number, key?: string) => Effect.Effect<void>
}

/**
 * No limit.
 *
 * @since 0.1.0
 */
export const unlimited: Limit = { take: () => Effect.void }

/**
 * The `RateLimiter` in context, or a fresh in-memory one.
 *
 * @since 0.1.0
 */
export const limiter: Effect.Effect<RateLimiter.RateLimiter> = Effect.gen(function* () {
  const provided = yield* Effect.serviceOption(RateLimiter.RateLimiter)
  if (Option.isSome(provided)) return provided.value
  return yield* RateLimiter.make.pipe(Effect.provide(RateLimiter.layerStoreMemory))
})

// A token bucket holding `capacity` tokens, refilled at `rate` tokens per millisecond.
const bucket = (
  rl: RateLimiter.RateLimiter,
  key: string,
  capacity: number,
  ratePerMilli: number,
  units: number
): Effect.Effect<void> =>
  rl
    .consume({
      algorithm: "token-bucket",
      onExceeded: "delay",
      key,
      limit: capacity,
      window: Duration.millis(capacity / ratePerMilli),
      tokens: units
    })
    .pipe(
      Effect.flatMap((r) => (Duration.isZero(r.delay) ? Effect.void : Effect.sleep(r.delay))),
      Effect.catch((e) => Effect.logWarning(`rate limiter unavailable, going on unthrottled: ${e.message}`))
    )

/**
 * Options shared by the shapes.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The bucket key: processes sharing a store and an account must share it (e.g. `iletimerkezi/send/<account>`). */
  readonly key: string
  /** The store. Default: the `RateLimiter` in context, else an in-memory one. */
  readonly limiter?: RateLimiter.RateLimiter | undefined
}

/**
 * `limit` units a `window` (default one second) at a steady rate, after an initial burst of `burst` (default a tenth
 * of the limit): any window of that length sees at most `limit + burst`.
 *
 * @example
 * ```ts
 * const limit = yield* RateLimit.perSecond({ key: `iletimerkezi/send/${account}`, limit: 100 })
 * yield* limit.take(request.recipientCount)
 * ```
 *
 * @since 0.1.0
 */
export const perSecond = Effect.fnUntraced(function* (
  options: Options & {
    readonly limit: number
    readonly window?: Duration.Input | undefined
    readonly burst?: number | undefined
  }
) {
  const rl = options.limiter ?? (yield* limiter)
  const windowMillis = Duration.toMillis(Duration.fromInputUnsafe(options.window ?? "1 second"))
  const burst = Math.max(1, Math.min(options.limit, Math.round(options.burst ?? options.limit / 10)))
  const rate = options.limit / windowMillis
  return {
    take: (units, key) => bucket(rl, key === undefined ? options.key : `${options.key}/${key}`, burst, rate, units)
  } satisfies Limit
})

/**
 * At most `limit` units in any window of `window` (default one minute), sliding: a bucket of `burst` (default a tenth
 * of the limit) refilled at `(limit - burst) / window`, so that the burst plus a full window's refill never exceeds
 * the limit.
 *
 * @example
 * ```ts
 * const limit = yield* RateLimit.slidingWindow({ key: `turkeysms/${account}`, limit: 100 })
 * ```
 *
 * @since 0.1.0
 */
export const slidingWindow = Effect.fnUntraced(function* (
  options: Options & {
    readonly limit?: number | undefined
    readonly window?: Duration.Input | undefined
    readonly burst?: number | undefined
  }
) {
  const rl = options.limiter ?? (yield* limiter)
  const limit = options.limit ?? 100
  const windowMillis = Duration.toMillis(Duration.fromInputUnsafe(options.window ?? "1 minute"))
  const burst = Math.max(1, Math.min(limit - 1, Math.round(options.burst ?? limit / 10)))
  const rate = (limit - burst) / windowMillis
  return {
    take: (units, key) => bucket(rl, key === undefined ? options.key : `${options.key}/${key}`, burst, rate, units)
  } satisfies Limit
})

/**
 * Requests per second, one bucket per endpoint: `take(1, "sms/1/reports")`. `limits` gives each endpoint its rate;
 * endpoints it does not name are not limited.
 *
 * @example
 * ```ts
 * const limit = yield* RateLimit.perEndpoint({ key: `infobip/${account}`, limits: { "sms/1/reports": 1 } })
 * yield* limit.take(1, "sms/1/reports")
 * ```
 *
 * @since 0.1.0
 */
export const perEndpoint = Effect.fnUntraced(function* (
  options: Options & { readonly limits: Readonly<Record<string, number>> }
) {
  const rl = options.limiter ?? (yield* limiter)
  return {
    take: (units, endpoint) => {
      const perSecondLimit = endpoint === undefined ? undefined : options.limits[endpoint]
      if (perSecondLimit === undefined) return Effect.void
      return bucket(rl, `${options.key}/${endpoint}`, Math.max(1, perSecondLimit), perSecondLimit / 1000, units)
    }
  } satisfies Limit
})

/**
 * Retrying provider calls safely. A policy is a `Schedule` (by default jittered, capped exponential backoff bounded by
 * attempts and elapsed time); effect-sms wraps it so that only retryable failures are retried, a server's
 * Retry-After wins over the computed delay, and every retry is logged and recorded as a span event.
 *
 * What is retryable is decided in one place, `SmsError.isRetryable`, by the call's safety: reads and idempotent calls
 * retry 5xx, rate limits, every transport failure and malformed bodies; sends retry only failures that prove the
 * order was not accepted (503, 429, a refused connection). Sends' ambiguous failures go to send safety, never blindly
 * resent.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as SmsError from "./SmsError.ts"

/**
 * A retry policy: the backoff schedule, and the longest Retry-After we are willing to honour.
 *
 * @since 0.1.0
 */
export interface Policy {
  readonly _tag: "RetryPolicy"
  /** The backoff. Its input is the failure; effect-sms adds the retryability filter and Retry-After on top. */
  readonly schedule: Schedule.Schedule<unknown, SmsError.SmsError> | undefined
  /** A Retry-After longer than this stops retrying instead of waiting. */
  readonly maxRetryAfter: Duration.Duration
}

/**
 * Options for the standard backoff.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The first delay. Default 200 ms. */
  readonly base?: Duration.Input | undefined
  /** The growth factor. Default 2. */
  readonly factor?: number | undefined
  /** The largest delay, applied after jitter. Default 10 s. */
  readonly cap?: Duration.Input | undefined
  /** The most attempts in total, the first included. Default 5. */
  readonly maxAttempts?: number | undefined
  /** Stop retrying once this much time has passed since the first failure. Default 60 s. */
  readonly maxElapsed?: Duration.Input | undefined
  /** A Retry-After longer than this stops retrying. Default 60 s. */
  readonly maxRetryAfter?: Duration.Input | undefined
}

/**
 * The standard policy: exponential backoff with ±20% jitter, capped, bounded by attempts and elapsed time.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Policy => {
  const backoff = Schedule.exponential(options.base ?? "200 millis", options.factor ?? 2).pipe(Schedule.jittered)
  const schedule = Schedule.min([backoff, Schedule.spaced(options.cap ?? "10 seconds")]).pipe(
    Schedule.upTo({ times: Math.max(0, (options.maxAttempts ?? 5) - 1), duration: options.maxElapsed ?? "60 seconds" })
  )
  return {
    _tag: "RetryPolicy",
    schedule: schedule as Schedule.Schedule<unknown, SmsError.SmsError>,
    maxRetryAfter: Duration.fromInputUnsafe(options.maxRetryAfter ?? "60 seconds")
  }
}

/**
 * A policy from any schedule. The schedule decides the delays and when to stop; effect-sms still retries only
 * retryable failures, and a Retry-After still wins.
 *
 * @since 0.1.0
 */
export const fromSchedule = (
  schedule: Schedule.Schedule<unknown, SmsError.SmsError>,
  options: { readonly maxRetryAfter?: Duration.Input | undefined } = {}
): Policy => ({
  _tag: "RetryPolicy",
  schedule,
  maxRetryAfter: Duration.fromInputUnsafe(options.maxRetryAfter ?? "60 seconds")
})

/**
 * No retries at all.
 *
 * @since 0.1.0
 */
export const none: Policy = { _tag: "RetryPolicy", schedule: undefined, maxRetryAfter: Duration.zero }

/**
 * The policy clients use unless told otherwise.
 *
 * @since 0.1.0
 */
export const defaultPolicy: Policy = make()

/**
 * A per-call policy. When set, it replaces the client's policy for every call made inside.
 *
 * @since 0.1.0
 */
export const CurrentPolicy = Context.Reference<Policy | undefined>("@effect-sms/core/Retry/CurrentPolicy", {
  defaultValue: () => undefined
})

/**
 * Runs an effect with a retry policy for every effect-sms call inside it.
 *
 * @example
 * ```ts
 * client.getBalance.pipe(Retry.withPolicy(Retry.none))
 * ```
 *
 * @since 0.1.0
 */
export const withPolicy =
  (policy: Policy) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(self, CurrentPolicy, policy)

/**
 * Retries an effect-sms call under a policy. `method` names the call in logs and span events.
 *
 * **Details**
 *
 * The schedule is set up at the first failure, not before the first attempt: a call that succeeds (nearly all of
 * them) pays for one `Effect.catch` and nothing else. The first failure is then handed to `Effect.retry` as its
 * first attempt's, so that the policy sees the same failures in the same order, and its elapsed time, which the
 * schedule counts from its first step, starts at the first failure as before.
 *
 * @since 0.1.0
 */
export const retry =
  (policy: Policy, options: { readonly safety: SmsError.Safety; readonly method: string }) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    if (policy.schedule === undefined) return self
    return Effect.catch(self, (first) => {
      if (!retryable(policy, options.safety, first)) return Effect.fail(first)
      let replayed = false
      const again = Effect.suspend(() => {
        if (replayed) return self
        replayed = true
        return Effect.fail(first)
      })
      return Effect.retry(again, scheduleOf(policy, options) as Schedule.Schedule<unknown, E>)
    })
  }

// Whether a failure may be retried at all under the policy: the schedule's own filter, also used to fail at once
// without setting the schedule up.
const retryable = (policy: Policy, safety: SmsError.Safety, input: unknown): boolean => {
  if (!SmsError.isRetryable(input, safety)) return false
  const retryAfter = SmsError.retryAfter(input)
  return retryAfter === undefined || Duration.toMillis(retryAfter) <= Duration.toMillis(policy.maxRetryAfter)
}

const scheduleOf = (
  policy: Policy,
  options: { readonly safety: SmsError.Safety; readonly method: string }
): Schedule.Schedule<unknown, SmsError.SmsError> =>
  policy.schedule!.pipe(
    Schedule.while(({ input }) => retryable(policy, options.safety, input)),
    // The server knows best: a Retry-After replaces the computed backoff.
    Schedule.modifyDelay(({ input, duration }) => {
      return Effect.succeed(SmsError.retryAfter(input) ?? duration)
    }),
    Schedule.tap(({ input, attempt, duration }) =>
      Effect.gen(function* () {
        const delayMillis = Duration.toMillis(duration)
        const attributes = {
          "sms.method": options.method,
          "sms.retry.attempt": attempt,
          "sms.retry.delay_ms": delayMillis,
          "sms.retry.error": input._tag
        }
        yield* Effect.logDebug(
          `retrying ${options.method}: attempt ${attempt}, delay ${delayMillis} ms (${input._tag})`
        ).pipe(Effect.annotateLogs(attributes))
        const span = yield* Effect.option(Effect.currentSpan)
        if (span._tag === "Some") span.value.event("sms.retry", yield* Clock.currentTimeNanos, attributes)
      })
    )
  )

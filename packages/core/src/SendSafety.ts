/**
 * Send safety: sends are not idempotent, so an ambiguous failure (a timeout after writing, a reset, an unreadable
 * body, a 5xx that is not 503) must be resolved without sending twice and without claiming another send's result.
 * The service is the same for every provider; each provider brings its strategy:
 *
 * - iletiMerkezi: resend the identical order (the provider refuses a duplicate within 10 minutes with 451), then look
 *   the order up in get-reports within a window measured against the provider's clock.
 * - TurkeySMS V4: resend within the provider's dedupe window; past it, `SendOutcomeUnknown`.
 * - Infobip: client-chosen `messageId`s looked up in the logs; resend only the unknown ones.
 *
 * **Why a constructor and not a `Context.Service`**
 *
 * A strategy belongs to one client: it closes over that client's executor and credentials, the clock offset its
 * responses measured, its rate limiter and the orders it has already claimed. So the client builds it (`make`); a
 * Layer could not provide it without the client. What is left, the runner ({@link send}), has no state and no
 * configuration that a Layer could share or replace, so a service would add a requirement (or a default) to every
 * client and change nothing a user can observe. Users steer send safety through the client's options (`reconcile`,
 * `retry`, `rateLimit`) and `Retry.withPolicy`. Should something become process-wide (say, claimed orders shared by
 * clients on one account, or kept in a shared store), that registry is the part to make a service.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as SmsError from "./SmsError.ts"

/**
 * What {@link send} hands to a strategy's `attempt`.
 *
 * @since 0.1.0
 */
export interface AttemptContext {
  /**
   * Run just before each HTTP write of the send (after the rate limiter and any backoff): it reads our clock, and the
   * latest reading before an attempt that may have been processed is the `firstAttemptAt` handed to `resolve`.
   */
  readonly writing: Effect.Effect<void>
}

/**
 * A provider's way of resolving sends.
 *
 * - `attempt` runs one send (its retry policy included; only failures that prove nothing was processed are retried),
 *   running `context.writing` just before each write.
 * - `resolve` runs after an attempt whose failure may have been processed: it answers the send's result, a definite
 *   failure, or `SendOutcomeUnknown`. It may resend when the provider makes that safe.
 *
 * @since 0.1.0
 */
export interface Strategy<Req, A, E> {
  readonly provider: SmsError.Provider
  readonly attempt: (request: Req, context: AttemptContext) => Effect.Effect<A, E>
  readonly resolve: (
    request: Req,
    context: { readonly firstAttemptAt: number; readonly failure: E }
  ) => Effect.Effect<A, E | SmsError.SendOutcomeUnknown>
}

/**
 * Runs a send under a strategy: definite failures are returned as they are; a failure that may have been processed
 * goes to the strategy's `resolve`, with `firstAttemptAt` our clock just before the write of that attempt.
 *
 * **Details**
 *
 * The time is read when the strategy signals the write (`context.writing`), not when the send starts: an attempt
 * first waits on the rate limiter and may back off on 503s for a minute, and a window starting that early could take
 * in another client's identical order. Only the retry policy's retries of failures that prove nothing was processed
 * come before the ambiguous one, so the latest write is the one that may have landed. A strategy that never signals
 * gets the time the send started.
 *
 * @since 0.1.0
 */
export const send = <Req, A, E>(
  strategy: Strategy<Req, A, E>,
  request: Req
): Effect.Effect<A, E | SmsError.SendOutcomeUnknown> =>
  Effect.flatMap(Clock.currentTimeMillis, (started) => {
    let writtenAt = started
    const writing = Effect.map(Clock.currentTimeMillis, (now) => {
      writtenAt = now
    })
    return strategy
      .attempt(request, { writing })
      .pipe(
        Effect.catch((failure) =>
          SmsError.mayHaveBeenProcessed(failure)
            ? strategy.resolve(request, { firstAttemptAt: writtenAt, failure })
            : Effect.fail(failure)
        )
      )
  })

/**
 * Where a lookup window starts: the first attempt's write time on OUR clock, moved onto the provider's clock by the
 * measured offset (provider minus ours, from `Date` headers), less a margin for the offset's one-second resolution
 * and the round trip. Without a measured offset, `fallbackSkewMillis` before the write time.
 *
 * @since 0.1.0
 */
export const windowStart = (
  firstAttemptAt: number,
  clockOffsetMillis: number | undefined,
  options: { readonly marginMillis?: number | undefined; readonly fallbackSkewMillis: number }
): number =>
  clockOffsetMillis === undefined
    ? firstAttemptAt - options.fallbackSkewMillis
    : firstAttemptAt + clockOffsetMillis - (options.marginMillis ?? 2_000)

/**
 * A provider's send-safe sender: what a client's `sendSms` calls.
 *
 * @since 0.1.0
 */
export interface SendSafety<Req, A, E> {
  readonly send: (request: Req) => Effect.Effect<A, E | SmsError.SendOutcomeUnknown>
}

/**
 * A sender from a strategy: runs {@link send}.
 *
 * @since 0.1.0
 */
export const make = <Req, A, E>(strategy: Strategy<Req, A, E>): SendSafety<Req, A, E> => ({
  send: (request) => send(strategy, request)
})

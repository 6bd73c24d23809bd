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
 * @since 0.1.0
 */
import { Clock, Effect } from "effect"
import * as SmsError from "./SmsError.ts"

/**
 * A provider's way of resolving sends.
 *
 * - `attempt` runs one send (its retry policy included; only failures that prove nothing was processed are retried).
 * - `resolve` runs after an attempt whose failure may have been processed: it answers the send's result, a definite
 *   failure, or `SendOutcomeUnknown`. It may resend when the provider makes that safe.
 *
 * @since 0.1.0
 */
export interface Strategy<Req, A, E> {
  readonly provider: SmsError.Provider
  readonly attempt: (request: Req) => Effect.Effect<A, E>
  readonly resolve: (
    request: Req,
    context: { readonly firstAttemptAt: number; readonly failure: E }
  ) => Effect.Effect<A, E | SmsError.SendOutcomeUnknown>
}

/**
 * Runs a send under a strategy: definite failures are returned as they are; a failure that may have been processed
 * goes to the strategy's `resolve`. `firstAttemptAt` is our clock when the first attempt was written.
 *
 * @since 0.1.0
 */
export const send = <Req, A, E>(
  strategy: Strategy<Req, A, E>,
  request: Req,
  firstAttemptAt: number
): Effect.Effect<A, E | SmsError.SendOutcomeUnknown> =>
  strategy
    .attempt(request)
    .pipe(
      Effect.catch((failure) =>
        SmsError.mayHaveBeenProcessed(failure)
          ? strategy.resolve(request, { firstAttemptAt, failure })
          : Effect.fail(failure)
      )
    )

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
 * A sender from a strategy: reads the clock at the first attempt and runs {@link send}.
 *
 * @since 0.1.0
 */
export const make = <Req, A, E>(strategy: Strategy<Req, A, E>): SendSafety<Req, A, E> => ({
  send: (request) => Effect.flatMap(Clock.currentTimeMillis, (at) => send(strategy, request, at))
})

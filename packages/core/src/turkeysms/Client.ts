/**
 * The TurkeySMS client: V4 (the default) and the legacy v3.2.0 behind one service, every documented call as a typed
 * Effect, status watching as a Stream, OTP codes kept `Redacted`, a client-side per-minute limit, and sends that are
 * retried only when safe: V4 drops identical sends within a short window, so after an ambiguous failure a V4 send is
 * repeated while it is within a conservative bound of its first attempt; past it, and always on v3 (which documents
 * no dedupe), the send fails with `SendOutcomeUnknown` carrying the request. See `docs/providers/turkeysms.md`.
 *
 * `core` requires an `HttpClient` and never provides one: `@effect-sms/node-runtime` supplies undici's.
 *
 * @since 0.1.0
 */
import {
  Clock,
  Config,
  Context,
  Duration,
  Effect,
  Fiber,
  Hash,
  Layer,
  Option,
  Redacted,
  type Schema,
  Stream
} from "effect"
import { HttpClient } from "effect/http"
import * as Endpoint from "../Endpoint.ts"
import * as Http from "../Http.ts"
import * as Codecs from "../internal/codecs.ts"
import * as ConfigCheck from "../internal/config.ts"
import * as RateLimit from "../RateLimit.ts"
import * as Retry from "../Retry.ts"
import * as SendSafety from "../SendSafety.ts"
import * as SmsError from "../SmsError.ts"
import { formatTimestamp } from "../TurkeyTime.ts"
import * as Endpoints from "./Endpoints.ts"
import * as Executor from "./internal/executor.ts"
import * as S from "./Schema.ts"
import * as Validation from "./Validation.ts"
import * as Watch from "./Watch.ts"

/**
 * The production base URLs: V4's host, and v3's (whose paths start with `/api/v3`).
 *
 * @since 0.1.0
 */
export const DefaultBaseUrl: Record<S.Api, string> = {
  v4: "https://api.turkeysms.com.tr",
  v3: "https://turkeysms.com.tr"
}

/**
 * Client options. The key is `Redacted` from the start.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly apiKey: Redacted.Redacted<string>
  /** Default `"v4"`. */
  readonly api?: S.Api | undefined
  /**
   * The host root: V4's paths go right under it, v3's start with `/api/v3`. Default: the provider's host for the
   * chosen API (`https://api.turkeysms.com.tr` or `https://turkeysms.com.tr`).
   */
  readonly baseUrl?: string | undefined
  /** Per-request timeout, body included. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The retry policy; per call, `Retry.withPolicy` wins. Default `Retry.defaultPolicy`. */
  readonly retry?: Retry.Policy | undefined
  /**
   * The client-side limit, counted in messages (recipients) per sliding minute per key: 100 unless configured, as a
   * store shared by every client of the key (a `RateLimiter` in context, e.g. Redis). `false` turns it off. A
   * request larger than the limit is sent whole after a window of capacity; the sends after it pay for the rest.
   */
  readonly rateLimit?: { readonly perMinute?: number | undefined } | false | undefined
  /**
   * How long after a V4 send's first attempt an identical resend is still trusted to be dropped by the provider's
   * dedupe, should the first attempt's outcome be unknown. The provider only says "a short window"; 30 s is a
   * conservative default. Past it, the send fails with `SendOutcomeUnknown`. Ignored on v3.
   */
  readonly dedupeBound?: Duration.Input | undefined
  /** The largest response accepted. Default 1 MiB (TurkeySMS's answers are a few hundred bytes). */
  readonly maxResponseBytes?: number | undefined
}

/**
 * The errors of an endpoint, by V4 endpoint name (v3's counterparts document the same).
 *
 * @since 0.1.0
 */
export type Errors<K extends keyof typeof Endpoints.V4> = Endpoint.Error<(typeof Endpoints.V4)[K]>

/**
 * The errors of a send.
 *
 * @since 0.1.0
 */
export type SendError = Errors<"sendSms"> | SmsError.InvalidInput | SmsError.SendOutcomeUnknown

/**
 * The TurkeySMS client.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The API generation in use. */
  readonly api: S.Api
  /** Runs any endpoint with a request value: the building block of every method. */
  readonly execute: <E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>
  ) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  /** The key's status and permissions, and the account's status and balance (V4). */
  readonly checkAuth: Effect.Effect<S.AuthInfo, Errors<"checkAuth"> | SmsError.InvalidInput>
  /**
   * One text to one or many numbers. On v3, `method: "GET"` uses the GET route, which puts the key in the URL where
   * access logs keep it: never the default.
   */
  readonly sendSms: (
    input: Validation.SendInput & { readonly method?: "POST" | "GET" | undefined }
  ) => Effect.Effect<S.SendResult, SendError>
  /** One text to many numbers through the bulk route (`/group/send`; v3's many-numbers route). */
  readonly sendGroup: (input: Validation.SendInput) => Effect.Effect<S.SendResult, SendError>
  /** Personalised texts, index-aligned with the numbers (V4). */
  readonly sendMixed: (input: Validation.MixedInput) => Effect.Effect<S.SendResult, SendError>
  /** A provider-generated code in the standard template. The code comes back `Redacted`. */
  readonly sendOtp: (input: Validation.OtpInput) => Effect.Effect<S.OtpResult, SendError>
  /** A provider-generated code in your text, which must contain `TS-CODE`. The code comes back `Redacted`. */
  readonly sendCustomOtp: (input: Validation.CustomOtpInput) => Effect.Effect<S.OtpResult, SendError>
  /** One message's status. */
  readonly getStatus: (
    smsId: string | number
  ) => Effect.Effect<S.MessageStatus, Errors<"getStatus"> | SmsError.InvalidInput>
  /** The account's balance. */
  readonly getBalance: Effect.Effect<S.Balance, Errors<"getBalance">>
  /** The sender IDs (v3: V4 documents no such call). */
  readonly getSenders: Effect.Effect<ReadonlyArray<string>, Errors<"getBalance"> | SmsError.InvalidInput>
  /** Adds a number to the blacklist (V4; idempotent). */
  readonly addToBlacklist: (
    number: string,
    options?: { readonly international?: boolean | undefined }
  ) => Effect.Effect<void, Errors<"addToBlacklist"> | SmsError.InvalidInput>
  /**
   * Status changes of messages, polling `getStatus` every `every` with bounded concurrency until each is final. On
   * v3, TS-1023 ("not received yet") is not final.
   */
  readonly watch: (
    smsIds: ReadonlyArray<string | number>,
    options: Watch.Options
  ) => Stream.Stream<S.MessageStatus, Errors<"getStatus"> | SmsError.InvalidInput>
}

/**
 * The TurkeySMS client service.
 *
 * @since 0.1.0
 */
export class TurkeySmsClient extends Context.Service<TurkeySmsClient, Service>()("@effect-sms/core/TurkeySmsClient") {}

const invalid = (field: string, rule: string, message: string) => new SmsError.InvalidInput({ field, rule, message })
const only = (api: S.Api, call: string) =>
  invalid("api", `${api}-only`, `${call} is documented for TurkeySMS ${api === "v4" ? "V4" : "v3"} only`)

/**
 * Builds a client. Requires an `HttpClient`.
 *
 * @since 0.1.0
 */
const isSecret = (value: unknown): value is Redacted.Redacted<string> => {
  if (!Redacted.isRedacted(value)) return false
  const inner: unknown = Redacted.value(value)
  return typeof inner === "string" && inner.length > 0
}

/**
 * Checks every option before anything is built: bad configuration fails at once with a message naming the setting
 * and what it allows (never a defect, never a request to a wrong place). The key is never shown.
 */
const checkOptions = Effect.fnUntraced(function* (options: Options) {
  if (typeof options !== "object" || options === null) {
    return yield* ConfigCheck.fail("TurkeySMS options must be an object with apiKey")
  }
  if (!isSecret(options.apiKey)) {
    return yield* ConfigCheck.fail("apiKey must be a non-empty Redacted string (Redacted.make(key))")
  }
  const api = yield* ConfigCheck.oneOf("api", options.api ?? "v4", ["v4", "v3"])
  const baseUrl = yield* ConfigCheck.httpUrl("baseUrl", options.baseUrl ?? DefaultBaseUrl[api])
  const timeout = yield* ConfigCheck.positiveDuration("timeout", options.timeout ?? "30 seconds")
  const maxResponseBytes = yield* ConfigCheck.integer("maxResponseBytes", options.maxResponseBytes ?? 1024 * 1024, 1024)
  const dedupeBound = yield* ConfigCheck.nonNegativeDuration("dedupeBound", options.dedupeBound ?? "30 seconds")
  const rl = options.rateLimit
  if (rl !== undefined && rl !== false) {
    if (typeof rl !== "object" || rl === null) {
      return yield* ConfigCheck.fail("rateLimit must be false or an object { perMinute }")
    }
    if (rl.perMinute !== undefined) yield* ConfigCheck.integer("rateLimit.perMinute", rl.perMinute, 1)
  }
  return { api, baseUrl, timeout, maxResponseBytes, dedupeBound }
})

export const make = Effect.fnUntraced(function* (options: Options) {
  const checked = yield* checkOptions(options)
  const httpClient = yield* HttpClient.HttpClient
  const api = checked.api
  const clockOffset = Http.makeClockOffset()
  // This client's accepted sends of the last minute, [answered at, messages], oldest first: after TS-1060 the wait
  // ends when enough of them have left the provider's minute (see `rateLimitWait`).
  const recentSends: Array<readonly [number, number]> = []
  const perMinute = options.rateLimit === false ? undefined : (options.rateLimit?.perMinute ?? 100)
  const pruneSends = (now: number) => {
    while (recentSends.length > 0 && recentSends[0]![0] <= now - 60_000) recentSends.shift()
  }
  /**
   * The wait after TS-1060, at most the provider's minute. The provider counts messages per minute and says how many
   * it counted (`total_has_sent_last_1_min`); this client knows when its own accepted sends left. The wait ends when
   * enough of them have left the minute to make room for the refused request under `rateLimit.perMinute` (any one,
   * with the limiter off, as the provider's limit is not published). When the provider counted messages this client
   * did not send (another process on the key), or its own record cannot make room, the wait is the whole minute.
   */
  const rateLimitWait = (answer: Record<string, unknown>, request: unknown, now: number): Duration.Duration => {
    pruneSends(now)
    const ours = recentSends.reduce((n, [, count]) => n + count, 0)
    const reported = Number(answer.total_has_sent_last_1_min)
    const total = Number.isFinite(reported) ? reported : ours
    if (total > ours || recentSends.length === 0) return Executor.RateLimitWait
    const count = (request as { readonly messageCount?: number }).messageCount ?? 1
    const need = perMinute === undefined ? 1 : Math.max(1, total + count - perMinute)
    let freed = 0
    for (const [at, n] of recentSends) {
      freed += n
      if (freed >= need) return Duration.millis(Math.min(60_000, Math.max(0, at + 60_000 - now)))
    }
    return Executor.RateLimitWait
  }
  const execute0 = Executor.make({
    client: httpClient,
    baseUrl: checked.baseUrl,
    apiKey: options.apiKey,
    timeout: checked.timeout,
    maxResponseBytes: checked.maxResponseBytes,
    clockOffset,
    rateLimitWait
  })
  const clientPolicy = options.retry ?? Retry.defaultPolicy
  const policy = Effect.map(Effect.service(Retry.CurrentPolicy), (p) => p ?? clientPolicy)
  const execute = <E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>
  ): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>> =>
    Effect.flatMap(policy, (p) =>
      execute0(endpoint, request).pipe(Retry.retry(p, { safety: endpoint.safety, method: Endpoint.label(endpoint) }))
    )

  // A 32-bit hash keeps keys apart in a shared limiter store without revealing them.
  const account = (Hash.string(Redacted.value(options.apiKey)) >>> 0).toString(36)
  const limit =
    perMinute === undefined
      ? RateLimit.unlimited
      : yield* RateLimit.slidingWindow({ key: `turkeysms/${account}`, limit: perMinute })
  const bound = Duration.toMillis(checked.dedupeBound)

  type Sendable = S.SendRequest | S.MixedRequest | S.OtpRequest

  /** `SendOutcomeUnknown` carrying the request, encoded with its endpoint's request schema. */
  const outcomeUnknown = (
    schema: Schema.Codec<unknown, unknown>,
    request: Sendable,
    firstAttemptAt: number,
    now: number,
    attempts: ReadonlyArray<string>,
    why: string
  ) =>
    new SmsError.SendOutcomeUnknown({
      provider: "turkeysms",
      order: Codecs.encoder(schema)(request),
      windowStart: formatTimestamp(
        SendSafety.windowStart(firstAttemptAt, clockOffset.current(), { fallbackSkewMillis: 300_000 })
      ),
      windowEnd: formatTimestamp(now + (clockOffset.current() ?? 0) + 2_000),
      attempts,
      message: why
    })

  /** A send under the safety strategy: the per-minute limit once, then attempts as safety allows. */
  const send = <E extends Endpoint.Any, A>(
    endpoint: E,
    request: Endpoint.Request<E> & Sendable,
    toResult: (wire: Endpoint.Success<E>) => A
  ): Effect.Effect<A, Endpoint.Error<E> | SmsError.InvalidInput | SmsError.SendOutcomeUnknown> =>
    Effect.gen(function* () {
      const count = (request as Sendable).messageCount
      const requestSchema = endpoint.request as Schema.Codec<unknown, unknown>
      // The limit is taken once: a resend after an ambiguous failure reuses the reservation of the first attempt.
      if (perMinute !== undefined && count > perMinute) {
        // One request carries all its numbers (splitting it would give several ids and bills): it waits for a whole
        // window of capacity, so no other send of the key shares its minute, and the rest of its messages are charged
        // to the limiter at once, in the background, so the sends after it wait as if it had been spread over the
        // following windows. Whether the provider takes a request this large is its own limit's business (TS-1060).
        // Both are reserved before waiting (a limiter records a take when it is asked), the window's first.
        const window = yield* Effect.forkChild(limit.take(perMinute), { startImmediately: true })
        yield* Effect.forkDetach(limit.take(count - perMinute), { startImmediately: true })
        yield* Fiber.join(window)
      } else {
        yield* limit.take(count)
      }
      // One write, accepted sends recorded for the TS-1060 wait. `writing` tells send safety a write is leaving: the
      // attempt's retries only follow failures that prove nothing was processed, so the latest write is the one that
      // may have gone through and opened the provider's dedupe window (`firstAttemptAt` in `resolve`).
      const once = (r: typeof request, writing: Effect.Effect<void> = Effect.void) =>
        Effect.andThen(
          writing,
          execute0(endpoint, r).pipe(
            Effect.tap(() =>
              Effect.map(Clock.currentTimeMillis, (at) => {
                pruneSends(at)
                recentSends.push([at, count])
              })
            ),
            Effect.map(toResult)
          )
        )
      const attempt = (r: typeof request, context: SendSafety.AttemptContext) =>
        Effect.flatMap(policy, (p) =>
          once(r, context.writing).pipe(Retry.retry(p, { safety: endpoint.safety, method: Endpoint.label(endpoint) }))
        )
      const strategy: SendSafety.Strategy<typeof request, A, Endpoint.Error<E>> = {
        provider: "turkeysms",
        attempt,
        resolve: (r, { firstAttemptAt, failure }) =>
          Effect.gen(function* () {
            const attempts = [String(failure)]
            if (api === "v3") {
              const now = yield* Clock.currentTimeMillis
              return yield* outcomeUnknown(
                requestSchema,
                r,
                firstAttemptAt,
                now,
                attempts,
                "the send may have gone through; TurkeySMS v3 documents no dedupe, so it is not resent"
              )
            }
            const opened = firstAttemptAt
            const pastBound = (now: number) =>
              outcomeUnknown(
                requestSchema,
                r,
                firstAttemptAt,
                now,
                attempts,
                `the send may have gone through and a resend could not leave within ${Duration.format(Duration.millis(bound))} of the write that may have gone through, past the bound within which V4 is trusted to drop an identical resend`
              )
            // Resends go out without the retry policy, whose waits (a TS-1060's minute) could carry a resend past the
            // bound: the bound is checked right before every write, and a wait that would end past it ends the send.
            for (let i = 0; ; i++) {
              const now = yield* Clock.currentTimeMillis
              if (now - opened >= bound) return yield* pastBound(now)
              // The identical request: V4 drops it if the first went through, and answers with the first's result.
              const retried = yield* Effect.result(once(r))
              if (retried._tag === "Success") return retried.success
              const f = retried.failure
              let wait = Math.min(100 * 2 ** i, 2_000)
              if (!SmsError.mayHaveBeenProcessed(f)) {
                // Refused before processing (503, 429, TS-1060, a refused connection): the first may still have gone
                // through, so the question stays open; anything else is a definite answer.
                if (!SmsError.isRetryable(f, "unsafe")) return yield* Effect.fail(f)
                const after = SmsError.retryAfter(f)
                // A server-given wait wins when longer; never less than the backoff (a Retry-After of 0 is no spin).
                if (after !== undefined) wait = Math.max(wait, Duration.toMillis(after))
              }
              attempts.push(String(f))
              const later = yield* Clock.currentTimeMillis
              if (later + wait - opened >= bound) return yield* pastBound(later)
              yield* Effect.sleep(Duration.millis(wait))
            }
          })
      }
      return yield* SendSafety.send(strategy, request)
    })

  const sendResult = (predicted: number) => (wire: S.SendWire) => S.sendResult(wire, predicted)

  const checkAuth = Effect.gen(function* () {
    if (api !== "v4") return yield* only("v4", "checkAuth")
    const w = yield* execute(Endpoints.V4.checkAuth, new S.EmptyRequest({}))
    return new S.AuthInfo({
      keyStatus: w.key_details.status,
      permissions: w.key_details.permissions,
      accountStatus: w.account_summary.account_status,
      balance: new S.Balance({
        sms: w.account_summary.balance.main,
        internationalTl: w.account_summary.balance.international
      })
    })
  }).pipe(Effect.withSpan("TurkeySmsClient.checkAuth"))

  const sendSms = Effect.fn("TurkeySmsClient.sendSms")(function* (
    input: Validation.SendInput & { readonly method?: "POST" | "GET" | undefined }
  ) {
    const request = yield* Validation.send(input)
    yield* Effect.annotateCurrentSpan({ "sms.recipients": request.messageCount, "sms.api": api })
    if (api === "v4") {
      if (input.method === "GET") return yield* only("v3", "The GET send")
      return yield* send(Endpoints.V4.sendSms, request, sendResult(request.predictedParts * request.recipients.length))
    }
    if (request.schedule !== undefined) {
      return yield* invalid("schedule", "v4-only", "TurkeySMS v3 documents no scheduled sends; use api: v4")
    }
    if (input.method === "GET") {
      if (request.recipients.length !== 1) {
        return yield* invalid("to", "single", "the GET send takes one number; send over POST for many")
      }
      return yield* send(Endpoints.V3.sendGet, request, sendResult(request.predictedParts * request.recipients.length))
    }
    const endpoint = request.recipients.length === 1 ? Endpoints.V3.sendSms : Endpoints.V3.sendMany
    return yield* send(endpoint, request, sendResult(request.predictedParts * request.recipients.length))
  })

  const sendGroup = Effect.fn("TurkeySmsClient.sendGroup")(function* (input: Validation.SendInput) {
    const request = yield* Validation.send(input)
    yield* Effect.annotateCurrentSpan({ "sms.recipients": request.messageCount, "sms.api": api })
    if (request.schedule !== undefined) {
      return yield* invalid("schedule", "send-sms-only", "schedules are documented for sendSms only")
    }
    const endpoint = api === "v4" ? Endpoints.V4.sendGroup : Endpoints.V3.sendMany
    return yield* send(endpoint, request, sendResult(request.predictedParts * request.recipients.length))
  })

  const sendMixed = Effect.fn("TurkeySmsClient.sendMixed")(function* (input: Validation.MixedInput) {
    const request = yield* Validation.mixed(input)
    if (api !== "v4") return yield* only("v4", "sendMixed")
    yield* Effect.annotateCurrentSpan({ "sms.recipients": request.messageCount, "sms.api": api })
    return yield* send(Endpoints.V4.sendMixed, request, sendResult(request.predictedParts))
  })

  const otpResult = (digits: number) => (wire: S.OtpWire) =>
    new S.OtpResult({
      smsId: wire.sms_id,
      code: wire.result_code,
      // A numeric code loses its leading zeros on the wire: put them back.
      otpCode: Redacted.make(Redacted.value(wire.otp_code).padStart(digits, "0"), { label: "otp_code" }),
      ...(wire.number_of_sms === undefined ? {} : { parts: wire.number_of_sms }),
      ...(wire.country === undefined ? {} : { country: wire.country })
    })

  const sendOtp = Effect.fn("TurkeySmsClient.sendOtp")(function* (input: Validation.OtpInput) {
    const request = yield* Validation.otp(input)
    const endpoint = api === "v4" ? Endpoints.V4.sendOtp : Endpoints.V3.sendOtp
    return yield* send(endpoint, request, otpResult(request.digits))
  })

  const sendCustomOtp = Effect.fn("TurkeySmsClient.sendCustomOtp")(function* (input: Validation.CustomOtpInput) {
    const request = yield* Validation.customOtp(input)
    const endpoint = api === "v4" ? Endpoints.V4.sendCustomOtp : Endpoints.V3.sendCustomOtp
    return yield* send(endpoint, request, otpResult(request.digits))
  })

  const getStatus = Effect.fn("TurkeySmsClient.getStatus")(function* (smsId: string | number) {
    const id = yield* Validation.smsId(smsId)
    const endpoint = api === "v4" ? Endpoints.V4.getStatus : Endpoints.V3.getStatus
    const wire = yield* execute(endpoint, new S.StatusRequest({ smsId: id }))
    const status = S.statusOf(wire, id)
    if (typeof status === "string") {
      return yield* new SmsError.DecodeError({
        provider: "turkeysms",
        method: Endpoint.label(endpoint),
        message: status
      })
    }
    return status
  })

  const getBalance = Effect.gen(function* () {
    const endpoint = api === "v4" ? Endpoints.V4.getBalance : Endpoints.V3.getBalance
    const wire = yield* execute(endpoint, new S.EmptyRequest({}))
    const balance = S.balanceOf(wire)
    if (balance === undefined) {
      return yield* new SmsError.DecodeError({
        provider: "turkeysms",
        method: Endpoint.label(endpoint),
        message: "the balance answer has no balance field"
      })
    }
    return balance
  }).pipe(Effect.withSpan("TurkeySmsClient.getBalance"))

  const getSenders = Effect.gen(function* () {
    if (api !== "v3") return yield* only("v3", "getSenders")
    return S.sendersOf(yield* execute(Endpoints.V3.getSenders, new S.EmptyRequest({})))
  }).pipe(Effect.withSpan("TurkeySmsClient.getSenders"))

  const addToBlacklist = Effect.fn("TurkeySmsClient.addToBlacklist")(function* (
    number: string,
    options?: { readonly international?: boolean | undefined }
  ) {
    const n = yield* Validation.blacklistNumber(number, options)
    if (api !== "v4") return yield* only("v4", "addToBlacklist")
    yield* execute(Endpoints.V4.addToBlacklist, new S.BlacklistRequest({ number: n }))
  })

  const watch = (smsIds: ReadonlyArray<string | number>, watchOptions: Watch.Options) =>
    Stream.unwrap(
      Effect.map(
        Array.isArray(smsIds)
          ? Effect.forEach(smsIds, (id) => Validation.smsId(id))
          : Effect.fail(
              new SmsError.InvalidInput({ field: "smsIds", rule: "type", message: "smsIds must be an array of ids" })
            ),
        (ids) => Watch.watch(ids, getStatus, watchOptions)
      )
    )

  return TurkeySmsClient.of({
    api,
    execute,
    checkAuth,
    sendSms,
    sendGroup,
    sendMixed,
    sendOtp,
    sendCustomOtp,
    getStatus,
    getBalance,
    getSenders,
    addToBlacklist,
    watch
  })
})

/**
 * A layer for the client.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<TurkeySmsClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(TurkeySmsClient, make(options))

/**
 * The client's settings from the environment: `TURKEYSMS_API_KEY` (read as `Redacted`), and optionally
 * `TURKEYSMS_API` (`v4` or `v3`, default `v4`), `TURKEYSMS_BASE_URL` and `TURKEYSMS_TIMEOUT` (e.g. "30 seconds").
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  apiKey: Config.Redacted("TURKEYSMS_API_KEY"),
  // Read as strings and checked below, so that a bad value is refused with a message naming what is allowed.
  api: Config.withDefault(Config.String("TURKEYSMS_API"), "v4"),
  baseUrl: Config.option(Config.String("TURKEYSMS_BASE_URL")),
  timeout: Config.withDefault(Config.String("TURKEYSMS_TIMEOUT"), "30 seconds")
}).pipe(
  Config.mapEffect((c) =>
    Effect.gen(function* () {
      const api = yield* ConfigCheck.oneOf("TURKEYSMS_API", c.api, ["v4", "v3"])
      const timeout = yield* ConfigCheck.positiveDuration("TURKEYSMS_TIMEOUT", c.timeout)
      const given = Option.isSome(c.baseUrl) && c.baseUrl.value.trim() !== ""
      const baseUrl = given ? yield* ConfigCheck.httpUrl("TURKEYSMS_BASE_URL", Option.getOrThrow(c.baseUrl)) : undefined
      return { apiKey: c.apiKey, api, timeout, ...(baseUrl === undefined ? {} : { baseUrl }) } satisfies Options
    })
  )
)

/**
 * The webhook secret from the environment (`TURKEYSMS_WEBHOOK_SECRET`), as `Redacted`.
 *
 * @since 0.1.0
 */
export const webhookSecret: Config.Config<Redacted.Redacted<string>> = Config.Redacted("TURKEYSMS_WEBHOOK_SECRET")

/**
 * A layer for the client from the environment (see {@link config}), with optional overrides.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Partial<Omit<Options, "apiKey">> = {}
): Layer.Layer<TurkeySmsClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    TurkeySmsClient,
    Effect.flatMap(config, (options) => make({ ...options, ...overrides }))
  )

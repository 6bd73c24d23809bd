/**
 * iletiMerkezi's send-safety strategy (see core's `SendSafety`). Sends are not idempotent, so:
 *
 * - a send is retried automatically only when the failure proves the order was not accepted (503, 429, a refused
 *   connection), which `SmsError.isRetryable(e, "unsafe")` encodes;
 * - an ambiguous failure (a timeout after writing, a reset before the response, an unreadable body, a 5xx that is not
 *   503) is reconciled: the identical order is sent again; a 200 means the first never landed; a 451 DuplicateOrder
 *   means an earlier attempt was accepted, and the order is found through get-reports in the send's time window
 *   (matching sender, recipient count and time, then the recipients through get-report); any other definite
 *   failure of a resend (a 503 whose retries ran out, a 402) goes through the same lookup, and is reported only when
 *   no order is found and the provider refused the order itself (a 4xx);
 * - what cannot be resolved fails with `SendOutcomeUnknown`, which carries everything needed to reconcile by hand.
 *
 * The lookup window is on the provider's clock: it starts at the first attempt's write time moved by the offset
 * measured from the responses' `Date` headers, less a small margin, so that an identical order another client sent
 * earlier on the same account is never claimed as this send's. A client that has had no answer yet (every attempt
 * reset) measures the offset with a get-reports call before the window is computed; only when no answer carries a
 * `Date` does it fall back to the configured `clockSkew` before the write time.
 *
 * Every HTTP attempt first takes `recipientCount` tokens from the account's rate limiter.
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"
import type * as Endpoint from "../../Endpoint.ts"
import type * as Http from "../../Http.ts"
import * as TurkishMobile from "../../internal/turkishMobile.ts"
import * as Paging from "../../Paging.ts"
import * as RateLimit from "../../RateLimit.ts"
import * as Retry from "../../Retry.ts"
import * as SendSafety from "../../SendSafety.ts"
import * as SmsError from "../../SmsError.ts"
import { formatDate, formatTimestamp, parseTimestamp } from "../../TurkeyTime.ts"
import * as Endpoints from "../Endpoints.ts"
import * as S from "../Schema.ts"
import type { Execute } from "./executor.ts"

/**
 * The client-side send limit, in recipients. iletiMerkezi allows 100 SMS per second per account.
 */
export interface RateLimitOptions {
  /** Recipients per window. Default 100. */
  readonly limit?: number | undefined
  /** Default 1 second. */
  readonly window?: Duration.Input | undefined
  /**
   * The largest burst, in recipients, taken at once before the steady rate applies. Default a tenth of the limit,
   * so that any sliding window sees at most `limit + burst`.
   */
  readonly burst?: number | undefined
  /** The limiter key: processes sharing a store and an account must share it. Default: one per API key. */
  readonly key?: string | undefined
}

/**
 * How ambiguous sends are reconciled.
 */
export interface ReconcileOptions {
  /** How many times the identical order is sent again after ambiguous failures. Default 3. */
  readonly resends?: number | undefined
  /**
   * The tolerance between our clock and the provider's when no offset could be measured from a `Date` header.
   * Default 5 minutes.
   */
  readonly clockSkew?: Duration.Input | undefined
  /**
   * The margin around the measured offset: `Date` and `submitAt` have a resolution of one second, and the request
   * takes some time to arrive. Default 2 seconds.
   */
  readonly margin?: Duration.Input | undefined
  /**
   * The most get-reports requests one lookup makes (default 200: a gallop and binary search over 100,000 pages is
   * about 34, reading back through a busy window a few dozen more). A server whose pages never end, or that answers
   * every page alike, ends the lookup in `SendOutcomeUnknown`, not in a loop.
   */
  readonly maxLookupRequests?: number | undefined
  /** The highest get-reports page a lookup asks for. Default `Paging.DefaultMaxPages` (100,000). */
  readonly maxLookupPages?: number | undefined
}

export type SendError = Endpoint.Error<typeof Endpoints.sendSms> | SmsError.SendOutcomeUnknown

// A failure after which the order may exist: the classifier decides.
const isAmbiguous = (e: unknown): boolean => SmsError.mayHaveBeenProcessed(e)

// Recipients as `905XXXXXXXXX`, whichever form the report echoes; a number that is not a Turkish mobile stays as it is
// (and matches nothing).
const normalized = (n: string) => Result.getOrElse(TurkishMobile.normalize(n), () => n)

const encodeRequest = Schema.encodeSync(S.SendSmsRequest)

/** An order summary that could be this send's order: same sender, same recipient count, submitted in the window. */
const matches = (o: S.OrderSummary, request: S.SendSmsRequest, from: number, to: number): boolean => {
  if (o.sender !== request.sender || o.total !== request.recipientCount || o.submitAt === undefined) return false
  const at = parseTimestamp(o.submitAt)
  return at !== undefined && at >= from && at <= to
}

export const make = Effect.fnUntraced(function* (options: {
  readonly execute0: Execute
  readonly execute: Execute
  readonly policy: Effect.Effect<Retry.Policy>
  readonly rateLimit: RateLimitOptions | false | undefined
  /** A fingerprint of the account (not the key itself), for the default limiter key. */
  readonly account: string
  readonly reconcile: ReconcileOptions | undefined
  /** The provider's clock minus ours, as measured by the executor. */
  readonly clockOffset: Http.ClockOffset
  /** The most get-reports pages a lookup may read. */
  readonly maxPages: number
}) {
  const maxPages = options.maxPages
  // The store is pluggable (core's RateLimit): a RateLimiter in the context (e.g. backed by Redis, shared by many
  // processes on one account) is used as is; otherwise an in-memory one is made for this client.
  const rl = options.rateLimit === false ? undefined : options.rateLimit
  const limit =
    options.rateLimit === false
      ? RateLimit.unlimited
      : yield* RateLimit.perSecond({
          // Per account by default: clients of different accounts sharing a store must not throttle each other.
          key: rl?.key ?? `iletimerkezi/send/${options.account}`,
          limit: rl?.limit ?? 100,
          window: rl?.window,
          burst: rl?.burst
        })
  const resends = options.reconcile?.resends ?? 3
  const skewMillis = Duration.toMillis(Duration.fromInputUnsafe(options.reconcile?.clockSkew ?? "5 minutes"))
  const marginMillis = Duration.toMillis(Duration.fromInputUnsafe(options.reconcile?.margin ?? "2 seconds"))
  // Orders this client has returned recently, by when: a reconciliation must not hand one order to two sends. Only
  // the last 10 minutes (the duplicate guard's window) plus the clock skew can matter.
  const claimed = new Map<string, number>()

  // The lookup window on the provider's clock, for a send first written at `t0` (our clock).
  const windowOf = (t0: number, now: number) => {
    const offset = options.clockOffset.current()
    const from = SendSafety.windowStart(t0, offset, { marginMillis, fallbackSkewMillis: skewMillis })
    const to = offset === undefined ? now + skewMillis : now + offset + marginMillis
    return { from, to }
  }

  const acquire = (tokens: number): Effect.Effect<void> => limit.take(tokens)

  // `writing` runs after the limiter and any backoff, just before the request is written: send safety's window
  // starts there.
  const attemptOnce = (request: S.SendSmsRequest, writing: Effect.Effect<void> = Effect.void) =>
    Effect.flatMap(options.policy, (policy) =>
      acquire(request.recipientCount).pipe(
        Effect.andThen(writing),
        Effect.andThen(options.execute0(Endpoints.sendSms, request)),
        Retry.retry(policy, { safety: "unsafe", method: "send-sms" })
      )
    )

  const maxLookupRequests = options.reconcile?.maxLookupRequests ?? 200
  const maxLookupPages = options.reconcile?.maxLookupPages ?? Paging.DefaultMaxPages
  const lookupError = (rule: string, message: string) =>
    new SmsError.ProtocolError({ provider: "iletimerkezi", method: "get-reports", rule, message })

  const lookup = Effect.fnUntraced(function* (request: S.SendSmsRequest, t0: number) {
    // A client whose every attempt went unanswered (reset, timed out) has no measured offset yet, and the fallback
    // allowance of minutes would reach back to another client's identical order. Measure it first: any answer's
    // `Date` header records it, and get-reports is a read this lookup needs anyway.
    if (options.clockOffset.current() === undefined) {
      const now = yield* Clock.currentTimeMillis
      yield* options
        .execute(
          Endpoints.getReports,
          new S.GetReportsRequest({
            start: formatDate(DateTime.makeUnsafe(now - skewMillis)),
            end: formatDate(DateTime.makeUnsafe(now + skewMillis)),
            page: 1
          })
        )
        .pipe(Effect.ignore) // an answer of any status has measured it; a failure leaves the fallback
    }
    // Only when no answer carried a `Date` does the window fall back to `clockSkew`.
    const { from, to } = windowOf(t0, yield* Clock.currentTimeMillis)
    const start = formatDate(DateTime.makeUnsafe(from))
    const end = formatDate(DateTime.makeUnsafe(to))
    // The server is not trusted to end its pages: the lookup is bounded in pages and in requests, and two different
    // page numbers answered with the same orders mean the pages will never end.
    let requests = 0
    const fingerprints = new Map<string, number>()
    // get-reports lists a range's orders in submit order, 30 to a page, and has no total. A busy account holds
    // thousands of orders a day, and the one we look for is among the newest: find the last page by galloping and
    // binary search, then read backwards until the pages are older than the window. About 2·log2(pages) requests
    // instead of every page. (Submit order is what the docs' example and the simulator show [I]; a page that breaks
    // it makes the search read forward from page 1 instead.)
    const pages = new Map<number, ReadonlyArray<S.OrderSummary>>()
    const page = (n: number) => {
      const cached = pages.get(n)
      if (cached !== undefined) return Effect.succeed(cached)
      if (n > maxLookupPages) {
        return Effect.fail(
          lookupError("too-many-pages", `get-reports answered pages up to ${maxLookupPages} without an empty one`)
        )
      }
      if (++requests > maxLookupRequests) {
        return Effect.fail(
          lookupError("too-many-pages", `the lookup made ${maxLookupRequests} get-reports requests without an answer`)
        )
      }
      return Effect.flatMap(
        options.execute(Endpoints.getReports, new S.GetReportsRequest({ start, end, page: n })),
        (r) => {
          if (r.orders.length > 0) {
            const print = Paging.fingerprint(r.orders)
            const earlier = fingerprints.get(print)
            if (earlier !== undefined && earlier !== n) {
              return Effect.fail(
                lookupError("repeated-page", `get-reports page ${n} repeats page ${earlier}: the pages never end`)
              )
            }
            fingerprints.set(print, n)
          }
          pages.set(n, r.orders)
          return Effect.succeed(r.orders)
        }
      )
    }
    const submitted = (o: S.OrderSummary) => (o.submitAt === undefined ? undefined : parseTimestamp(o.submitAt))
    const ascending = (orders: ReadonlyArray<S.OrderSummary>) =>
      orders.every((o, i) => i === 0 || (submitted(orders[i - 1]!) ?? 0) <= (submitted(o) ?? 0))
    let last = 0
    if ((yield* page(1)).length > 0) {
      let empty = 2
      last = 1
      while ((yield* page(empty)).length > 0) {
        last = empty
        empty *= 2
        // Pages that never end: give up (the send then ends in SendOutcomeUnknown), never page forever.
        if (empty > maxPages) {
          return yield* new SmsError.ProtocolError({
            provider: "iletimerkezi",
            method: "get-reports",
            rule: "too-many-pages",
            message: `get-reports pages do not end: page ${last} is not empty, more than ${maxPages} pages`
          })
        }
      }
      while (empty - last > 1) {
        const mid = Math.floor((last + empty) / 2)
        if ((yield* page(mid)).length > 0) last = mid
        else empty = mid
      }
    }
    const candidates: Array<S.OrderSummary> = []
    let ordered = true
    for (let n = last; n >= 1; n--) {
      const orders = yield* page(n)
      if (!ascending(orders)) ordered = false
      for (const o of orders) if (matches(o, request, from, to)) candidates.push(o)
      const oldest = submitted(orders[0]!)
      if (ordered && oldest !== undefined && oldest < from) break
    }
    if (!ordered) {
      candidates.length = 0
      for (let n = 1; n <= last; n++)
        for (const o of yield* page(n)) if (matches(o, request, from, to)) candidates.push(o)
    }
    const open = candidates.filter((c) => !claimed.has(c.id)).sort((a, b) => (submitted(b) ?? 0) - (submitted(a) ?? 0))
    const wanted = new Set(request.messages.flatMap((m) => m.recipients.map(normalized)))
    const verified: Array<string> = []
    const unverifiable: Array<string> = []
    for (const c of open) {
      const report = yield* options
        .execute(Endpoints.getReport, new S.GetReportRequest({ orderId: c.id, page: 1, rowCount: 1000 }))
        .pipe(Effect.catchTag("OrderNotYetDue", () => Effect.succeed(undefined)))
      if (report === undefined) {
        unverifiable.push(c.id)
        continue
      }
      if (report.messages.every((m) => wanted.has(normalized(m.number)))) verified.push(c.id)
    }
    const found =
      verified.length === 1
        ? verified[0]
        : verified.length === 0 && unverifiable.length === 1
          ? unverifiable[0]
          : undefined
    return { found, candidates: [...verified, ...unverifiable], from, to }
  })

  const claim = (id: string) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      claimed.set(id, now)
      for (const [old, at] of claimed) {
        if (now - at <= 10 * 60_000 + skewMillis) break // insertion order is time order
        claimed.delete(old)
      }
    })

  // Reconciliation tells orders apart by sender, recipients and time (get-report has no text). Two sends from this
  // client to the same recipients with the same sender, running at once, would look alike; so they take turns, and
  // the `claimed` set then rules out the earlier one. Sends to different recipients are not held up.
  const locks = new Map<string, { readonly semaphore: Semaphore.Semaphore; users: number }>()
  const exclusive = <A, E>(request: S.SendSmsRequest, effect: Effect.Effect<A, E>): Effect.Effect<A, E> => {
    const key = `${request.sender}\u0000${request.recipientCount}\u0000${Hash.array(request.messages.flatMap((m) => m.recipients).sort())}`
    return Effect.acquireUseRelease(
      Effect.sync(() => {
        let lock = locks.get(key)
        if (lock === undefined) {
          lock = { semaphore: Semaphore.makeUnsafe(1), users: 0 }
          locks.set(key, lock)
        }
        lock.users++
        return lock
      }),
      (lock) => lock.semaphore.withPermit(effect),
      (lock) =>
        Effect.sync(() => {
          if (--lock.users === 0) locks.delete(key)
        })
    )
  }

  // After an attempt that may have been accepted: resend the identical order (a 451 then proves the earlier one
  // landed), and look the order up.
  const resolve = Effect.fnUntraced(function* (
    request: S.SendSmsRequest,
    context: { readonly firstAttemptAt: number; readonly failure: Endpoint.Error<typeof Endpoints.sendSms> }
  ) {
    const t0 = context.firstAttemptAt
    const describe = (i: number, e: Endpoint.Error<typeof Endpoints.sendSms>) =>
      `attempt ${i}: ${e._tag}${"code" in e ? ` ${e.code}` : ""}: ${e.message}`
    const attempts: Array<string> = [describe(1, context.failure)]
    // A definite failure of a resend, after an ambiguous attempt: it answers for the resend only.
    let definite: Endpoint.Error<typeof Endpoints.sendSms> | undefined
    for (let i = 1; i <= resends; i++) {
      yield* Effect.logDebug("send-sms outcome unknown; sending the identical order again to reconcile")
      const result = yield* Effect.result(attemptOnce(request))
      if (result._tag === "Success") {
        yield* claim(result.success.orderId)
        return result.success
      }
      const e = result.failure
      attempts.push(describe(i + 1, e))
      // Once an attempt may have been accepted, no definite failure of a resend may be returned as is: a 451 says the
      // earlier attempt WAS accepted, and a 503/429 whose retries ran out (or a 402, the earlier order having used
      // the credit) says nothing about it. Returning such an error would tell the caller that nothing was sent, and
      // invite a resend of an order that exists. Look it up first.
      if (!isAmbiguous(e)) {
        definite = e
        break
      }
    }
    // The window is read after the lookup, which may have measured the clock offset first: the one reported is the
    // one searched.
    const unknown = (why: string, { from, to }: { readonly from: number; readonly to: number }) =>
      new SmsError.SendOutcomeUnknown({
        provider: "iletimerkezi",
        order: encodeRequest(request),
        windowStart: formatTimestamp(DateTime.makeUnsafe(from)),
        windowEnd: formatTimestamp(DateTime.makeUnsafe(to)),
        attempts,
        message: why
      })
    const looked = yield* Effect.result(lookup(request, t0))
    if (looked._tag === "Failure") {
      attempts.push(`lookup: ${looked.failure._tag}: ${looked.failure.message}`)
      return yield* unknown("the order could not be looked up", windowOf(t0, yield* Clock.currentTimeMillis))
    }
    const { found, candidates } = looked.success
    if (found !== undefined) {
      yield* claim(found)
      yield* Effect.logDebug(`send-sms reconciled: the earlier attempt was accepted as order ${found}`)
      return new S.SendSmsResult({ orderId: found })
    }
    // No order, and the provider refused the identical order on its merits (a 4xx other than the duplicate guard):
    // that refusal is the answer. A 451, or a failure that never reached the order (503, 429, connection refused),
    // leaves the earlier attempt unresolved.
    if (
      definite !== undefined &&
      candidates.length === 0 &&
      definite._tag !== "DuplicateOrder" &&
      !SmsError.isRetryable(definite, "unsafe")
    ) {
      return yield* Effect.fail(definite)
    }
    return yield* unknown(
      candidates.length === 0 ? "no matching order was found" : `several orders match: ${candidates.join(", ")}`,
      looked.success
    )
  })

  /** The strategy core's SendSafety runs. */
  const strategy: SendSafety.Strategy<S.SendSmsRequest, S.SendSmsResult, Endpoint.Error<typeof Endpoints.sendSms>> = {
    provider: "iletimerkezi",
    attempt: (request, { writing }) => Effect.tap(attemptOnce(request, writing), (r) => claim(r.orderId)),
    resolve
  }
  const safety = SendSafety.make(strategy)

  const send = (request: S.SendSmsRequest) => exclusive(request, safety.send(request))

  return { send } as const
})

/**
 * The iletiMerkezi client: every documented endpoint as a typed Effect, report pages and date windows as lazy
 * Streams, and sends that are retried only when safe and reconciled when their outcome is ambiguous.
 *
 * `core` requires an `HttpClient` and never provides one: `@effect-sms/node-runtime` supplies undici's.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Endpoint from "../Endpoint.ts"
import * as Http from "../Http.ts"
import * as ConfigCheck from "../internal/config.ts"
import * as Paging from "../Paging.ts"
import * as Retry from "../Retry.ts"
import type { InvalidInput, SendOutcomeUnknown } from "../SmsError.ts"
import * as SmsError from "../SmsError.ts"
import * as Credentials from "./Credentials.ts"
import * as Endpoints from "./Endpoints.ts"
import * as Executor from "./internal/executor.ts"
import * as SendSafety from "./internal/sendSafety.ts"
import * as S from "./Schema.ts"
import * as Validation from "./Validation.ts"
import * as Wire from "./Wire.ts"

/**
 * The provider's production base URL.
 *
 * @since 0.1.0
 */
export const DefaultBaseUrl = "https://api.iletimerkezi.com/v1"

/**
 * Client options. Credentials are `Redacted` from the start: the key with the panel's hash, or with the secret.
 *
 * @since 0.1.0
 */
export type Options = Credentials.Input & {
  /** Default `https://api.iletimerkezi.com/v1`. */
  readonly baseUrl?: string | undefined
  /** JSON or XML. Endpoints documented only in JSON (get-reports, İYS) always go over JSON. Default JSON. */
  readonly format?: Wire.Format | undefined
  /** Per-request timeout, body included. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /**
   * The largest response body read, in bytes, checked on `Content-Length` and while reading; a larger one fails
   * with `ResponseTooLarge`. Default 16 MiB (a get-report page of 1,000 lines is about 60 KB).
   */
  readonly maxResponseBytes?: number | undefined
  /** The retry policy; per call, `Retry.withPolicy` wins. Default `Retry.defaultPolicy`. */
  readonly retry?: Retry.Policy | undefined
  /**
   * Client-side send rate limit, counted in recipients (the provider allows 100 SMS per second per account).
   * `false` turns it off.
   */
  readonly rateLimit?: SendSafety.RateLimitOptions | false | undefined
  /** How sends reconcile an ambiguous failure. */
  readonly reconcile?: SendSafety.ReconcileOptions | undefined
  /** The most pages one walk may take before it ends in `ProtocolError`. Default `Paging.DefaultMaxPages`. */
  readonly maxPages?: number | undefined
}

/**
 * The errors of an endpoint, by client method name: its documented status errors plus transport and decode errors.
 *
 * @since 0.1.0
 */
export type Errors<K extends keyof typeof Endpoints.all> = Endpoint.Error<(typeof Endpoints.all)[K]>

/**
 * The errors of the report streams and exports.
 *
 * @since 0.1.0
 */
export type ExportError = Errors<"getReports"> | Errors<"getReport"> | InvalidInput | SmsError.ProtocolError

/**
 * A date range for reports: inclusive `Y-m-d` dates, of any length for the streams.
 *
 * @since 0.1.0
 */
export interface DateRange {
  readonly start: string
  readonly end: string
}

const exportRowFields = Schema.Struct({
  orderId: Schema.String,
  orderStatus: Schema.Number,
  sender: Schema.optionalKey(Schema.String),
  submitAt: Schema.optionalKey(Schema.String),
  sendAt: Schema.optionalKey(Schema.String),
  /** The recipient, as the provider echoes it (`+90…`). */
  number: Schema.String,
  /** 110 waiting, 111 delivered, 112 undelivered. */
  status: Schema.Number,
  /** True when the order still had waiting messages: its figures may change. */
  provisional: Schema.Boolean
})

/**
 * One row of an export: an order's fields plus one recipient's number and status. It carries its own NDJSON writer
 * ({@link exportRowLines}) under the `effect-sms/ndjsonLines` annotation, which `ExportSink.ndjson` uses instead of
 * `JSON.stringify` of each row.
 *
 * @since 0.1.0
 */
export const ExportRow = exportRowFields.annotate({
  // `ExportSink.NdjsonLinesAnnotation` of @effect-sms/node-runtime.
  "effect-sms/ndjsonLines": (rows: ReadonlyArray<typeof exportRowFields.Type>): string => exportRowLines(rows)
})

/**
 * An export row. A plain object: exports run to millions of rows, and building class instances cost about a
 * microsecond each.
 *
 * @since 0.1.0
 */
export type ExportRow = typeof ExportRow.Type

/**
 * Export rows as NDJSON text: each row's fields in {@link ExportRow}'s order, absent ones left out, one line each,
 * exactly what `JSON.stringify` writes for a row with those keys (keys the schema does not have are not written, as
 * its encoding would drop them). Used by the NDJSON export sink.
 *
 * **Details**
 *
 * The rows of one order come together and share their first five fields, so the JSON of those is written once per
 * run of rows and reused: about 40% less CPU per line than `JSON.stringify` of each row (`bench/export.ts`).
 *
 * @since 0.1.0
 */
export const exportRowLines = (rows: ReadonlyArray<ExportRow>): string => {
  let text = ""
  let head = ""
  let first: ExportRow | undefined
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    if (typeof r.number !== "string" || typeof r.status !== "number" || typeof r.provisional !== "boolean") {
      // Not a row `exportMessages` makes: its fields as JSON.stringify writes them, in the schema's order.
      const { orderId, orderStatus, sender, submitAt, sendAt, number, status, provisional } = r
      text += `${JSON.stringify({ orderId, orderStatus, sender, submitAt, sendAt, number, status, provisional })}\n`
      continue
    }
    if (
      first === undefined ||
      r.orderId !== first.orderId ||
      r.orderStatus !== first.orderStatus ||
      r.sender !== first.sender ||
      r.submitAt !== first.submitAt ||
      r.sendAt !== first.sendAt
    ) {
      first = r
      // The order's fields, as JSON.stringify writes them.
      head = JSON.stringify({
        orderId: r.orderId,
        orderStatus: r.orderStatus,
        sender: r.sender,
        submitAt: r.submitAt,
        sendAt: r.sendAt
      })
      // Up to the closing brace, and the comma before `number` unless none of the order's fields is there.
      head = head.length > 2 ? `${head.slice(0, -1)},` : "{"
    }
    text += `${head}"number":${JSON.stringify(r.number)},"status":${JSON.stringify(r.status)},"provisional":${
      r.provisional ? "true" : "false"
    }}\n`
  }
  return text
}

/**
 * The iletiMerkezi client.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The wire format in use. */
  readonly format: Wire.Format
  /**
   * Runs any endpoint with a request value: the building block of every method, and of replays. The request is
   * checked against the endpoint's request schema first (a value of the wrong shape is an `InvalidInput`).
   */
  readonly execute: <E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>
  ) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E> | InvalidInput>
  /** Sends one order. Retried only when the order was certainly not accepted; ambiguous failures are reconciled. */
  readonly sendSms: (
    input: Validation.SendSmsInput
  ) => Effect.Effect<S.SendSmsResult, Errors<"sendSms"> | InvalidInput | SendOutcomeUnknown>
  /** Cancels a scheduled order that has not started. */
  readonly cancelOrder: (orderId: string | number) => Effect.Effect<void, Errors<"cancelOrder"> | InvalidInput>
  /** One page of an order's per-recipient report. */
  readonly getReport: (
    orderId: string | number,
    options?: { readonly page?: number | undefined; readonly rowCount?: number | undefined }
  ) => Effect.Effect<S.ReportPage, Errors<"getReport"> | InvalidInput>
  /** One page of order summaries in a range of at most 10 days. */
  readonly getReports: (
    range: DateRange,
    options?: { readonly page?: number | undefined }
  ) => Effect.Effect<S.OrdersPage, Errors<"getReports"> | InvalidInput>
  /** The account's balance. */
  readonly getBalance: Effect.Effect<S.Balance, Errors<"getBalance">>
  /** The approved sender IDs. */
  readonly getSenders: Effect.Effect<ReadonlyArray<string>, Errors<"getSenders">>
  /** One page of the blacklist, optionally filtered by when numbers were added (`YYYY-MM-DD HH:MM:SS`). */
  readonly getBlacklist: (options?: {
    readonly page?: number | undefined
    readonly rowCount?: number | undefined
    readonly start?: string | undefined
    readonly end?: string | undefined
  }) => Effect.Effect<S.BlacklistPage, Errors<"getBlacklist"> | InvalidInput>
  /** Adds one number to the blacklist (idempotent). */
  readonly addToBlacklist: (number: string) => Effect.Effect<void, Errors<"addToBlacklist"> | InvalidInput>
  /** Removes one number from the blacklist. */
  readonly removeFromBlacklist: (number: string) => Effect.Effect<void, Errors<"removeFromBlacklist"> | InvalidInput>
  /** Registers up to 5,000 İYS consents, all or nothing. */
  readonly registerConsents: (input: {
    readonly brandCode: string | number
    readonly consents: ReadonlyArray<Validation.ConsentInput>
  }) => Effect.Effect<void, Errors<"registerConsents"> | InvalidInput>
  /** Looks up one recipient's İYS consent. */
  readonly checkConsent: (
    input: Parameters<typeof Validation.checkConsent>[0]
  ) => Effect.Effect<Option.Option<S.ConsentRecord>, Errors<"checkConsent"> | InvalidInput>
  /** An order's report pages, lazily: exactly `ceil(total / rowCount)` requests, one for an empty order. */
  readonly reportPages: (
    orderId: string | number,
    options?: { readonly rowCount?: number | undefined }
  ) => Stream.Stream<S.ReportPage, Errors<"getReport"> | InvalidInput | SmsError.ProtocolError>
  /** An order's per-recipient lines, lazily. */
  readonly reportMessages: (
    orderId: string | number,
    options?: { readonly rowCount?: number | undefined }
  ) => Stream.Stream<S.ReportMessage, Errors<"getReport"> | InvalidInput | SmsError.ProtocolError>
  /** Order-summary pages over any range, split into 10-day windows, each paged until a page is empty. */
  readonly orderPages: (
    range: DateRange
  ) => Stream.Stream<
    S.OrdersPage & { readonly window: Paging.DayWindow; readonly page: number },
    Errors<"getReports"> | InvalidInput | SmsError.ProtocolError
  >
  /** Order summaries over any range. */
  readonly orders: (
    range: DateRange
  ) => Stream.Stream<S.OrderSummary, Errors<"getReports"> | InvalidInput | SmsError.ProtocolError>
  /**
   * One row per recipient over any range, in a deterministic order (window, order, page) whatever the
   * concurrency; up to `concurrency` report pages are fetched at once. With `concurrency` 1 it makes exactly the
   * requests the rows taken need; with N it reads up to N pages ahead. Scheduled orders that are not due yet have no
   * report and give no rows.
   */
  readonly exportMessages: (
    range: DateRange,
    options?: { readonly concurrency?: number | undefined; readonly rowCount?: number | undefined }
  ) => Stream.Stream<ExportRow, ExportError>
}

/**
 * The iletiMerkezi client service.
 *
 * @since 0.1.0
 */
export class IletiMerkeziClient extends Context.Service<IletiMerkeziClient, Service>()(
  "@effect-sms/core/IletiMerkeziClient"
) {}

const isSecret = (value: unknown): value is Redacted.Redacted<string> => {
  if (!Redacted.isRedacted(value)) return false
  const inner: unknown = Redacted.value(value)
  return typeof inner === "string" && inner.length > 0
}

/**
 * Checks every option before anything is built, so that bad configuration fails at once with a message naming the
 * setting and what it allows, instead of a defect, a silent fallback or a request to a wrong place. Secrets are
 * never shown.
 */
const checkOptions = Effect.fnUntraced(function* (options: Options) {
  if (typeof options !== "object" || options === null) {
    return yield* ConfigCheck.fail("iletiMerkezi options must be an object with apiKey and apiHash or apiSecret")
  }
  const o = options as Options & { readonly apiHash?: unknown; readonly apiSecret?: unknown }
  if (!isSecret(o.apiKey)) {
    return yield* ConfigCheck.fail("apiKey must be a non-empty Redacted string (Redacted.make(key))")
  }
  const hasHash = o.apiHash !== undefined
  const hasSecret = o.apiSecret !== undefined
  if (hasHash && hasSecret) {
    return yield* ConfigCheck.fail("give apiHash or apiSecret, not both (the hash is computed from the secret)")
  }
  if (!hasHash && !hasSecret) return yield* ConfigCheck.fail("apiHash or apiSecret is required next to apiKey")
  if (hasHash && !isSecret(o.apiHash)) {
    return yield* ConfigCheck.fail("apiHash must be a non-empty Redacted string (Redacted.make(hash))")
  }
  if (hasSecret && !isSecret(o.apiSecret)) {
    return yield* ConfigCheck.fail("apiSecret must be a non-empty Redacted string (Redacted.make(secret))")
  }
  const baseUrl = yield* ConfigCheck.httpUrl("baseUrl", options.baseUrl ?? DefaultBaseUrl)
  const format = yield* ConfigCheck.oneOf("format", options.format ?? "json", ["json", "xml"])
  const timeout = yield* ConfigCheck.positiveDuration("timeout", options.timeout ?? "30 seconds")
  const maxResponseBytes = yield* ConfigCheck.integer(
    "maxResponseBytes",
    options.maxResponseBytes ?? Http.DefaultMaxResponseBytes,
    1024
  )
  const rl = options.rateLimit
  if (rl !== undefined && rl !== false) {
    if (typeof rl !== "object" || rl === null) {
      return yield* ConfigCheck.fail("rateLimit must be false or an object { limit, window, burst, key }")
    }
    if (rl.limit !== undefined) yield* ConfigCheck.integer("rateLimit.limit", rl.limit, 1)
    if (rl.window !== undefined) yield* ConfigCheck.positiveDuration("rateLimit.window", rl.window)
    if (rl.burst !== undefined) yield* ConfigCheck.integer("rateLimit.burst", rl.burst, 1)
    if (rl.key !== undefined && (typeof rl.key !== "string" || rl.key.length === 0)) {
      return yield* ConfigCheck.fail("rateLimit.key must be a non-empty string")
    }
  }
  const rc = options.reconcile
  if (rc !== undefined) {
    if (rc.resends !== undefined) yield* ConfigCheck.integer("reconcile.resends", rc.resends, 0)
    if (rc.clockSkew !== undefined) yield* ConfigCheck.nonNegativeDuration("reconcile.clockSkew", rc.clockSkew)
    if (rc.margin !== undefined) yield* ConfigCheck.nonNegativeDuration("reconcile.margin", rc.margin)
    if (rc.maxLookupRequests !== undefined) {
      yield* ConfigCheck.integer("reconcile.maxLookupRequests", rc.maxLookupRequests, 1)
    }
    if (rc.maxLookupPages !== undefined) yield* ConfigCheck.integer("reconcile.maxLookupPages", rc.maxLookupPages, 1)
  }
  const maxPages = yield* ConfigCheck.integer("maxPages", options.maxPages ?? Paging.DefaultMaxPages, 1)
  return { baseUrl, format, timeout, maxResponseBytes, maxPages }
})

/**
 * Builds a client. Requires an `HttpClient`; for XML an `XmlWire` in context replaces the built-in XML format.
 * Fails with a `Config.ConfigError` naming the setting when an option is invalid.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options) {
  const checked = yield* checkOptions(options)
  const clientOptions = options
  const httpClient = yield* HttpClient.HttpClient
  const credentials = yield* Credentials.resolve(options)
  const format = checked.format
  const wire: Wire.WireFormat =
    format === "xml" ? Option.getOrElse(yield* Effect.serviceOption(Wire.XmlWire), () => Wire.xml) : Wire.json
  // The provider's clock minus ours, measured from every response's Date header; send safety reads it.
  const clockOffset = Http.makeClockOffset()
  const execute0 = Executor.make({
    clockOffset,
    apiSecret: "apiSecret" in options ? options.apiSecret : undefined,
    client: httpClient,
    baseUrl: checked.baseUrl,
    credentials,
    wire,
    json: Wire.json,
    timeout: checked.timeout,
    maxResponseBytes: checked.maxResponseBytes
  })
  const clientPolicy = options.retry ?? Retry.defaultPolicy
  const policy = Effect.map(Effect.service(Retry.CurrentPolicy), (p) => p ?? clientPolicy)

  const executeSettling = <E extends Endpoint.Any, R>(
    endpoint: E,
    request: Endpoint.Request<E>,
    // Whether a `settledBy` answer to a retry really means the earlier attempt succeeded.
    settled: Effect.Effect<boolean, never, R>
  ): Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>, R> => {
    const retryOptions = { safety: endpoint.safety, method: Endpoint.label(endpoint) }
    const settledBy: ReadonlyArray<number | string> = endpoint.settledBy ?? []
    // Most endpoints have no settling answer: nothing to watch for, so the attempt is retried as it is.
    if (settledBy.length === 0) {
      return Effect.flatMap(Effect.service(Retry.CurrentPolicy), (p) =>
        Retry.retry(p ?? clientPolicy, retryOptions)(execute0(endpoint, request))
      )
    }
    return Effect.flatMap(policy, (p) =>
      Effect.suspend(() => {
        // Per call: whether an attempt failed after the request may have been processed.
        let maybeProcessed = false
        return execute0(endpoint, request).pipe(
          Effect.catchIf(
            (e) => maybeProcessed && "code" in e && settledBy.includes(e.code),
            (e) =>
              Effect.flatMap(settled, (ok) => (ok ? Effect.succeed(Endpoint.result(endpoint, {})) : Effect.fail(e)))
          ),
          Effect.tapError((e) =>
            Effect.sync(() => {
              if (SmsError.mayHaveBeenProcessed(e)) maybeProcessed = true
            })
          ),
          Retry.retry(p, retryOptions)
        )
      })
    )
  }

  const execute = <E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) =>
    executeSettling(endpoint, request, Effect.succeed(false))

  const safety = yield* SendSafety.make({
    execute0,
    execute,
    policy,
    rateLimit: options.rateLimit,
    // A 32-bit hash: enough to keep accounts apart in a shared limiter store, and it does not reveal the key.
    account: (Hash.string(Redacted.value(credentials.apiKey)) >>> 0).toString(36),
    reconcile: options.reconcile,
    clockOffset,
    maxPages: options.maxPages ?? Paging.DefaultMaxPages
  })

  const sendSms = Effect.fn("IletiMerkeziClient.sendSms")(function* (input: Validation.SendSmsInput) {
    const request = yield* Validation.sendSms(input)
    yield* Effect.annotateCurrentSpan({ "sms.recipients": request.recipientCount, "sms.sender": request.sender })
    return yield* safety.send(request)
  })

  const cancelOrder = Effect.fn("IletiMerkeziClient.cancelOrder")(function* (orderId: string | number) {
    const id = yield* Validation.orderId(orderId)
    // A 455 to a retry, after an attempt that may have gone through, is a success only if the order is cancelled.
    const cancelled = execute0(Endpoints.getReport, new S.GetReportRequest({ orderId: id, page: 1, rowCount: 1 })).pipe(
      Effect.map((page) => page.order.status === S.OrderStatus.Failed),
      Effect.orElseSucceed(() => false)
    )
    return yield* executeSettling(Endpoints.cancelOrder, new S.OrderIdRequest({ orderId: id }), cancelled)
  })

  const getReport = Effect.fn("IletiMerkeziClient.getReport")(function* (
    orderId: string | number,
    options?: { readonly page?: number | undefined; readonly rowCount?: number | undefined }
  ) {
    const id = yield* Validation.orderId(orderId)
    const page = options?.page ?? 1
    const rowCount = options?.rowCount ?? 1000
    yield* Validation.paging(page, rowCount)
    return yield* execute(Endpoints.getReport, new S.GetReportRequest({ orderId: id, page, rowCount }))
  })

  const getReports = Effect.fn("IletiMerkeziClient.getReports")(function* (
    range: DateRange,
    options?: { readonly page?: number | undefined }
  ) {
    const page = options?.page ?? 1
    yield* Validation.range(range)
    yield* Validation.dateRange(range.start, range.end)
    yield* Validation.paging(page)
    return yield* execute(Endpoints.getReports, new S.GetReportsRequest({ start: range.start, end: range.end, page }))
  })

  const empty = new S.EmptyRequest({})
  const getBalance = execute(Endpoints.getBalance, empty).pipe(Effect.withSpan("IletiMerkeziClient.getBalance"))
  const getSenders = execute(Endpoints.getSenders, empty).pipe(Effect.withSpan("IletiMerkeziClient.getSenders"))

  const getBlacklist = Effect.fn("IletiMerkeziClient.getBlacklist")(function* (options?: {
    readonly page?: number | undefined
    readonly rowCount?: number | undefined
    readonly start?: string | undefined
    readonly end?: string | undefined
  }) {
    const page = options?.page ?? 1
    const rowCount = options?.rowCount ?? 1000
    yield* Validation.paging(page, rowCount)
    const start = options?.start === undefined ? undefined : yield* Validation.timestamp("start", options.start)
    const end = options?.end === undefined ? undefined : yield* Validation.timestamp("end", options.end)
    return yield* execute(
      Endpoints.getBlacklist,
      new S.GetBlacklistRequest({
        page,
        rowCount,
        ...(start === undefined ? {} : { start }),
        ...(end === undefined ? {} : { end })
      })
    )
  })

  const addToBlacklist = Effect.fn("IletiMerkeziClient.addToBlacklist")(function* (number: string) {
    const n = yield* Validation.blacklistNumber(number)
    return yield* execute(Endpoints.addToBlacklist, new S.BlacklistNumberRequest({ number: n }))
  })

  const removeFromBlacklist = Effect.fn("IletiMerkeziClient.removeFromBlacklist")(function* (number: string) {
    const n = yield* Validation.blacklistNumber(number)
    // A 474 to a retry, after an attempt that may have gone through, says the number is off the list: done.
    return yield* executeSettling(
      Endpoints.removeFromBlacklist,
      new S.BlacklistNumberRequest({ number: n }),
      Effect.succeed(true)
    )
  })

  const registerConsents = Effect.fn("IletiMerkeziClient.registerConsents")(function* (input: {
    readonly brandCode: string | number
    readonly consents: ReadonlyArray<Validation.ConsentInput>
  }) {
    const request = yield* Validation.registerConsents(input)
    return yield* execute(Endpoints.registerConsents, request)
  })

  const checkConsent = Effect.fn("IletiMerkeziClient.checkConsent")(function* (
    input: Parameters<typeof Validation.checkConsent>[0]
  ) {
    const request = yield* Validation.checkConsent(input)
    return yield* execute(Endpoints.checkConsent, request)
  })

  // Streams -----------------------------------------------------------------------------------------------------------

  const guard = (method: string): Paging.Guard => ({ provider: "iletimerkezi", method, maxPages: options.maxPages })

  const reportPages = (orderId: string | number, options?: { readonly rowCount?: number | undefined }) => {
    const rowCount = options?.rowCount ?? 1000
    return Stream.unwrap(
      Effect.gen(function* () {
        const id = yield* Validation.orderId(orderId)
        yield* Validation.paging(1, rowCount)
        // Stops after ceil(total / rowCount) pages: no trailing empty request on an exact multiple. Older API versions
        // omit `total`; then a short page is the end.
        return Paging.totalPages(guard("get-report"), { size: rowCount }, (page) =>
          Effect.map(execute(Endpoints.getReport, new S.GetReportRequest({ orderId: id, page, rowCount })), (r) => ({
            page: r,
            items: r.messages,
            total: r.order.total
          }))
        )
      })
    )
  }

  const reportMessages = (orderId: string | number, options?: { readonly rowCount?: number | undefined }) =>
    Paging.items(Stream.map(reportPages(orderId, options), (page) => page.messages))

  const orderPages = (range: DateRange) =>
    Stream.unwrap(
      Effect.gen(function* () {
        yield* Validation.range(range)
        const windows = Paging.dayWindows(range.start, range.end, Validation.Limits.maxRangeDays)
        if (windows === undefined) {
          // Reuse the single-call rules for the message (bad format, end before start).
          yield* Validation.dateRange(range.start, range.end)
          return Stream.empty
        }
        // The docs: walk pages until one is empty (`count` is the rows on the page, not a total).
        return Paging.overWindows(windows, (window) =>
          Paging.untilEmpty(guard("get-reports"), (page) =>
            Effect.map(
              execute(Endpoints.getReports, new S.GetReportsRequest({ start: window.start, end: window.end, page })),
              (r) => ({ page: { ...r, window, page }, items: r.orders })
            )
          )
        )
      })
    )

  const orders = (range: DateRange) => Paging.items(Stream.map(orderPages(range), (page) => page.orders))

  const exportMessages = (
    range: DateRange,
    options?: { readonly concurrency?: number | undefined; readonly rowCount?: number | undefined }
  ) => {
    const rowCount = options?.rowCount ?? 1000
    const concurrency = options?.concurrency ?? 4
    const rowsOf = (order: S.OrderSummary, page: S.ReportPage): ReadonlyArray<ExportRow> => {
      const o = page.order
      const orderId = order.id
      const orderStatus = o.status
      const provisional = (o.waiting ?? order.waiting ?? 0) > 0
      const { sender, submitAt, sendAt } = order
      const messages = page.messages
      const rows: Array<ExportRow> = new Array(messages.length)
      // Keys in the schema's field order: sinks write rows as they are when the schema encodes to itself. One literal
      // for the common case (every field known), so that every row has the same shape; absent fields stay absent.
      if (sender !== undefined && submitAt !== undefined && sendAt !== undefined) {
        for (let i = 0; i < messages.length; i++) {
          const m = messages[i]!
          rows[i] = { orderId, orderStatus, sender, submitAt, sendAt, number: m.number, status: m.status, provisional }
        }
        return rows
      }
      const base = {
        orderId,
        orderStatus,
        ...(sender === undefined ? {} : { sender }),
        ...(submitAt === undefined ? {} : { submitAt }),
        ...(sendAt === undefined ? {} : { sendAt })
      }
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i]!
        rows[i] = { ...base, number: m.number, status: m.status, provisional }
      }
      return rows
    }
    // One task per report page. get-reports gives each order's total, so the pages are known up front and
    // `mapEffect` can fetch `concurrency` of them at once while keeping the output in (window, order, page) order.
    // Without a total (older API) the order is one task that walks its own pages.
    type Task = { readonly order: S.OrderSummary; readonly page: number | "all" }
    const maxPages = clientOptions.maxPages ?? Paging.DefaultMaxPages
    // An order's tasks, as it is listed: an order whose total is absurd fails the export there, after the orders
    // before it, and the tasks of an order of many pages are made as they are taken.
    const tasks = Stream.unwrap(
      Effect.as(Effect.andThen(Validation.concurrency(concurrency), Validation.paging(1, rowCount)), orders(range))
    ).pipe(
      Stream.flatMap((order): Stream.Stream<Task, SmsError.ProtocolError> => {
        if (order.total === undefined) return Stream.succeed<Task>({ order, page: "all" })
        const pages = Paging.pageCount(order.total, rowCount)
        // A total no real order has would fan out into that many tasks: refuse it as the paging walks do.
        if (pages > maxPages) {
          return Stream.fail(
            new SmsError.ProtocolError({
              provider: "iletimerkezi",
              method: "get-reports",
              rule: "too-many-pages",
              message: `order ${order.id} claims ${order.total} recipients: ${pages} report pages, more than ${maxPages}`
            })
          )
        }
        return pages === 1
          ? Stream.succeed<Task>({ order, page: 1 })
          : Stream.map(Stream.range(1, pages), (page): Task => ({ order, page }))
      })
    )
    const rowsFor = (task: Task): Effect.Effect<ReadonlyArray<ExportRow>, ExportError> => {
      const rows: Effect.Effect<ReadonlyArray<ExportRow>, ExportError> = task.page === "all"
        ? Stream.runCollect(reportPages(task.order.id, { rowCount })).pipe(
            Effect.map((pages) => pages.flatMap((p) => rowsOf(task.order, p)))
          )
        : Effect.map(
            execute(Endpoints.getReport, new S.GetReportRequest({ orderId: task.order.id, page: task.page, rowCount })),
            (page) => rowsOf(task.order, page)
          )
      // A scheduled order that is not due yet is listed by get-reports but has no report (456): it has no recipient
      // rows to export yet, and must not stop the export.
      return Effect.catchTag(rows, "OrderNotYetDue", () => Effect.succeed([]))
    }
    return Paging.items(Stream.mapEffect(tasks, rowsFor, { concurrency }))
  }

  // The public `execute` takes values from anywhere (a queue, a replay log): check them before anything is sent.
  const executeChecked = <E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) =>
    Schema.is(endpoint.request)(request)
      ? execute(endpoint, request)
      : Effect.fail(
          new SmsError.InvalidInput({
            field: "request",
            rule: "type",
            message: `not a request value for ${Endpoint.label(endpoint)} (build it with the endpoint's request schema)`
          })
        )

  return IletiMerkeziClient.of({
    format,
    execute: executeChecked,
    sendSms,
    cancelOrder,
    getReport,
    getReports,
    getBalance,
    getSenders,
    getBlacklist,
    addToBlacklist,
    removeFromBlacklist,
    registerConsents,
    checkConsent,
    reportPages,
    reportMessages,
    orderPages,
    orders,
    exportMessages
  })
})

/**
 * A layer for the client.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<IletiMerkeziClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(IletiMerkeziClient, make(options))

/**
 * The client's settings from the environment: `ILETIMERKEZI_API_KEY`, plus `ILETIMERKEZI_API_HASH` or
 * `ILETIMERKEZI_API_SECRET`, and optionally `ILETIMERKEZI_BASE_URL`, `ILETIMERKEZI_FORMAT` (json | xml) and
 * `ILETIMERKEZI_TIMEOUT` (e.g. "30 seconds"). Secrets are read as `Redacted`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  apiKey: Config.Redacted("ILETIMERKEZI_API_KEY"),
  apiHash: Config.option(Config.Redacted("ILETIMERKEZI_API_HASH")),
  apiSecret: Config.option(Config.Redacted("ILETIMERKEZI_API_SECRET")),
  baseUrl: Config.withDefault(Config.String("ILETIMERKEZI_BASE_URL"), DefaultBaseUrl),
  // Read as strings and checked below, so that a bad value is refused with a message naming what is allowed.
  format: Config.withDefault(Config.String("ILETIMERKEZI_FORMAT"), "json"),
  timeout: Config.withDefault(Config.String("ILETIMERKEZI_TIMEOUT"), "30 seconds")
}).pipe(
  Config.mapEffect((c) =>
    Effect.gen(function* () {
      const given = (o: Option.Option<Redacted.Redacted<string>>) =>
        Option.isSome(o) && Redacted.value(o.value).length > 0
      if (given(c.apiHash) && given(c.apiSecret)) {
        return yield* ConfigCheck.fail(
          "Both ILETIMERKEZI_API_HASH and ILETIMERKEZI_API_SECRET are set: set one of them (the hash is computed from the secret)"
        )
      }
      const rest = {
        baseUrl: yield* ConfigCheck.httpUrl("ILETIMERKEZI_BASE_URL", c.baseUrl),
        format: yield* ConfigCheck.oneOf("ILETIMERKEZI_FORMAT", c.format, ["json", "xml"]),
        timeout: yield* ConfigCheck.positiveDuration("ILETIMERKEZI_TIMEOUT", c.timeout)
      }
      if (given(c.apiHash) && Option.isSome(c.apiHash)) return { apiKey: c.apiKey, apiHash: c.apiHash.value, ...rest }
      if (given(c.apiSecret) && Option.isSome(c.apiSecret)) {
        return { apiKey: c.apiKey, apiSecret: c.apiSecret.value, ...rest }
      }
      return yield* ConfigCheck.fail(
        "Missing ILETIMERKEZI_API_HASH or ILETIMERKEZI_API_SECRET: set one of them next to ILETIMERKEZI_API_KEY"
      )
    })
  )
)

/**
 * A layer for the client from the environment (see {@link config}), with optional overrides.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Partial<Omit<Options, "apiKey" | "apiHash" | "apiSecret">> = {}
): Layer.Layer<IletiMerkeziClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    IletiMerkeziClient,
    Effect.flatMap(config, (options) => make({ ...options, ...overrides } as Options))
  )

/**
 * Durable SMS campaigns on effect's workflow engine.
 *
 * A campaign is the {@link Campaign} workflow: it loads its recipients into Postgres (an Activity), splits them
 * into orders of `orderSize`, groups the orders into slices and runs each slice as a child {@link CampaignSlice}
 * workflow. Each slice is its own entity, so on `ClusterWorkflowEngine` the slices spread over the runners' shards
 * and move to the surviving runners when one dies. A slice sends each of its orders as an Activity named after the
 * order (`order/<n>`), whose recipients are fixed by the frozen list: the order's identity is deterministic.
 *
 * An order Activity that is retried or resumed after a crash never sends twice: before sending it records the
 * attempt in its journal row, and an attempt that finds an earlier one open first looks the order up at the
 * provider (same sender, same recipients, submitted since the first attempt; get-reports and get-report give those,
 * `docs/providers/iletimerkezi-api.md` "cancel-order, get-report, get-reports"); the send itself goes through the
 * client's send safety, which settles ambiguous failures, and a duplicate refusal (451: the same text to the same
 * recipients within 10 minutes, same file, "send-sms") is settled the same way.
 *
 * @since 0.1.0
 */
import { IletiMerkezi, PhoneNumber, SmsError, TurkeyTime } from "@effect-sms/core"
import { Clock, Effect, Layer, Result, Schedule, Schema, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Activity, Workflow, type WorkflowEngine } from "effect/workflow"
import * as CampaignStore from "./CampaignStore.ts"

/**
 * Where a campaign's recipients come from: a file on the runners' file system (one number a line, or the first
 * column of a CSV), a SQL query whose first column is the number, or a list already stored with {@link load}.
 *
 * @since 0.1.0
 */
export const Source = Schema.Union([
  Schema.TaggedStruct("File", { path: Schema.String }),
  Schema.TaggedStruct("Query", { sql: Schema.String }),
  Schema.TaggedStruct("Stored", {})
])

/**
 * @since 0.1.0
 */
export type Source = typeof Source.Type

/**
 * A campaign's definition.
 *
 * @since 0.1.0
 */
export const Definition = Schema.Struct({
  /** The campaign's id: starting the same id again joins the running campaign. */
  id: Schema.String,
  sender: Schema.String,
  text: Schema.String,
  source: Source,
  /** Recipients per order. Default 1,000 (a get-report page). */
  orderSize: Schema.optionalKey(Schema.Int),
  /** Orders per slice workflow. Default 20. */
  ordersPerSlice: Schema.optionalKey(Schema.Int),
  /** Orders in flight per slice. Default 2. */
  concurrency: Schema.optionalKey(Schema.Int)
})

/**
 * @since 0.1.0
 */
export type Definition = typeof Definition.Type

/**
 * What happened to one order.
 *
 * @since 0.1.0
 */
export const OrderOutcome = Schema.Struct({
  seq: Schema.Int,
  state: Schema.Literals(["sent", "failed", "unknown", "cancelled"]),
  recipients: Schema.Int,
  providerOrderId: Schema.optionalKey(Schema.String),
  /** Whether the order was settled by finding an earlier attempt at the provider. */
  settled: Schema.Boolean
})

/**
 * @since 0.1.0
 */
export type OrderOutcome = typeof OrderOutcome.Type

/**
 * A slice's or a campaign's totals, in recipients.
 *
 * @since 0.1.0
 */
export const Totals = Schema.Struct({
  orders: Schema.Int,
  sent: Schema.Int,
  failed: Schema.Int,
  unknown: Schema.Int,
  cancelled: Schema.Int,
  settled: Schema.Int
})

/**
 * @since 0.1.0
 */
export type Totals = typeof Totals.Type

const emptyTotals: Totals = { orders: 0, sent: 0, failed: 0, unknown: 0, cancelled: 0, settled: 0 }

const addOutcome = (t: Totals, o: OrderOutcome): Totals => ({
  orders: t.orders + 1,
  sent: t.sent + (o.state === "sent" ? o.recipients : 0),
  failed: t.failed + (o.state === "failed" ? o.recipients : 0),
  unknown: t.unknown + (o.state === "unknown" ? o.recipients : 0),
  cancelled: t.cancelled + (o.state === "cancelled" ? o.recipients : 0),
  settled: t.settled + (o.settled ? 1 : 0)
})

const addTotals = (a: Totals, b: Totals): Totals => ({
  orders: a.orders + b.orders,
  sent: a.sent + b.sent,
  failed: a.failed + b.failed,
  unknown: a.unknown + b.unknown,
  cancelled: a.cancelled + b.cancelled,
  settled: a.settled + b.settled
})

/**
 * A campaign's result.
 *
 * @since 0.1.0
 */
export const Summary = Schema.Struct({
  id: Schema.String,
  state: CampaignStore.CampaignState,
  recipients: Schema.Int,
  invalid: Schema.Int,
  duplicates: Schema.Int,
  totals: Totals
})

/**
 * @since 0.1.0
 */
export type Summary = typeof Summary.Type

/**
 * The campaign workflow. Its execution id derives from the campaign id.
 *
 * @since 0.1.0
 */
export const Campaign = Workflow.make("effect-sms/Campaign", {
  payload: {
    id: Schema.String,
    sender: Schema.String,
    text: Schema.String,
    source: Source,
    orderSize: Schema.Int,
    ordersPerSlice: Schema.Int,
    concurrency: Schema.Int
  },
  success: Summary,
  idempotencyKey: (p) => p.id
})

/**
 * One slice of a campaign: orders `first` (inclusive) to `end` (exclusive). A workflow of its own, so that slices
 * live on different shards.
 *
 * @since 0.1.0
 */
export const CampaignSlice = Workflow.make("effect-sms/CampaignSlice", {
  payload: {
    campaignId: Schema.String,
    slice: Schema.Int,
    first: Schema.Int,
    end: Schema.Int,
    sender: Schema.String,
    text: Schema.String,
    orderSize: Schema.Int,
    concurrency: Schema.Int
  },
  success: Totals,
  idempotencyKey: (p) => `${p.campaignId}/${p.slice}`
})

/**
 * Tuning of the order Activity.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The tolerance between our clock and the provider's when looking an order up. Default 5 minutes. */
  readonly clockSkew?: number | undefined
  /** How often a paused campaign's orders look at its state again. Default 500 ms. */
  readonly pausePoll?: number | undefined
  /**
   * How many more times an order is tried after the client's own retries of a failure that proves it was not sent
   * (503, 429) ran out. Default 5, 5 seconds apart.
   */
  readonly retries?: number | undefined
  /** How this process names itself in its log lines (e.g. its runner address). */
  readonly runnerName?: string | undefined
}

type Client = IletiMerkezi.Service

// SQL hiccups inside an Activity are retried a few times; past that the Activity dies and the engine retries it.
const sqlRetry = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.retry({ times: 5, schedule: Schedule.exponential("200 millis") }), Effect.orDie)

const national = (n: string): string => {
  const r = PhoneNumber.normalizeTurkishMobile(n)
  return Result.isSuccess(r) ? r.success : n
}

/**
 * Looks for an order the provider accepted for these recipients since `since` (epoch millis): same sender, same
 * count, submitted in the window, and exactly these numbers in its report; orders already recorded for another of
 * our orders are skipped.
 */
const findAccepted = Effect.fnUntraced(function* (
  client: Client,
  sender: string,
  numbers: ReadonlyArray<string>,
  since: number,
  skew: number
) {
  const now = yield* Clock.currentTimeMillis
  const from = since - skew
  const to = now + skew
  const candidates = yield* client.orders({ start: TurkeyTime.formatDate(from), end: TurkeyTime.formatDate(to) }).pipe(
    Stream.filter((o) => {
      if (o.sender !== sender || o.total !== numbers.length || o.submitAt === undefined) return false
      const at = TurkeyTime.parseTimestamp(o.submitAt)
      return at !== undefined && at >= from && at <= to
    }),
    Stream.runCollect
  )
  const wanted = new Set(numbers)
  for (const c of [...candidates].reverse()) {
    if (yield* sqlRetry(CampaignStore.isClaimed(c.id))) continue
    const lines = yield* client.reportMessages(c.id).pipe(
      Stream.runCollect,
      Effect.catchTag("OrderNotYetDue", () => Effect.succeed([]))
    )
    if (lines.length === numbers.length && lines.every((l) => wanted.has(national(l.number)))) return c.id
  }
  return undefined
})

const describe = (e: { readonly _tag: string; readonly message: string }) => `${e._tag}: ${e.message}`

/**
 * Sends one order, settling any earlier attempt first. Never fails: every outcome is recorded in the journal and
 * returned.
 *
 * @since 0.1.0
 */
export const sendOrder = Effect.fnUntraced(function* (
  p: { readonly campaignId: string; readonly sender: string; readonly text: string; readonly orderSize: number },
  seq: number,
  options: Options = {}
) {
  const client = yield* IletiMerkezi.IletiMerkeziClient
  const skew = options.clockSkew ?? 5 * 60_000
  const finish = (
    state: OrderOutcome["state"],
    recipients: number,
    extra: { readonly providerOrderId?: string | undefined; readonly error?: string | undefined; settled?: boolean }
  ) =>
    Effect.as(
      sqlRetry(
        CampaignStore.finishOrder(p.campaignId, seq, {
          state,
          recipients,
          providerOrderId: extra.providerOrderId,
          error: extra.error
        })
      ),
      {
        seq,
        state,
        recipients,
        settled: extra.settled ?? false,
        ...(extra.providerOrderId === undefined ? {} : { providerOrderId: extra.providerOrderId })
      } satisfies OrderOutcome
    )

  const numbers = yield* sqlRetry(CampaignStore.orderRecipients(p.campaignId, seq, p.orderSize))
  // Paused: wait (nothing recorded). Cancelled: the order is recorded as not sent.
  let begun = yield* sqlRetry(CampaignStore.beginOrder(p.campaignId, seq, numbers.length))
  while (begun._tag === "paused") {
    yield* Effect.sleep(options.pausePoll ?? 500)
    begun = yield* sqlRetry(CampaignStore.beginOrder(p.campaignId, seq, numbers.length))
  }
  if (begun._tag === "cancelled") {
    return { seq, state: "cancelled", recipients: numbers.length, settled: false } satisfies OrderOutcome
  }
  if (begun._tag === "done") {
    // Settled by an earlier attempt whose Activity result was lost with its runner.
    const row = begun.row
    return {
      seq,
      state: row.state === "sending" ? "unknown" : row.state,
      recipients: row.recipients,
      settled: false,
      ...(row.providerOrderId === undefined ? {} : { providerOrderId: row.providerOrderId })
    } satisfies OrderOutcome
  }
  const before = begun._tag === "open" ? begun.row : undefined
  const since = before?.firstAttemptAt ?? (yield* Clock.currentTimeMillis)
  const lookup = (from: number) =>
    findAccepted(client, p.sender, numbers, from, skew).pipe(
      Effect.retry({ schedule: Schedule.spaced("2 seconds"), times: options.retries ?? 5 })
    )
  if (before !== undefined) {
    // An earlier attempt was open when its runner stopped: it may have reached the provider.
    const found = yield* Effect.result(lookup(since))
    if (found._tag === "Success" && found.success !== undefined) {
      yield* Effect.logInfo(`order ${p.campaignId}/${seq}: an earlier attempt was accepted as ${found.success}`)
      return yield* finish("sent", numbers.length, { providerOrderId: found.success, settled: true })
    }
    yield* Effect.logInfo(
      `order ${p.campaignId}/${seq}: an earlier attempt was open and is not at the provider: sending`
    )
    if (found._tag === "Failure") {
      // Without the lookup a resend could duplicate the order: it stays unknown, for a person to check.
      return yield* finish("unknown", numbers.length, { error: `lookup failed: ${describe(found.failure)}` })
    }
  }
  const sent = yield* client.sendSms({ sender: p.sender, iys: 0, text: p.text, to: numbers }).pipe(
    Effect.retry({
      // Only failures that prove the order was not accepted (503, 429, a refused connection), as core classifies them.
      while: (e) => SmsError.isRetryable(e, "unsafe"),
      schedule: Schedule.spaced("5 seconds"),
      times: options.retries ?? 5
    }),
    Effect.result
  )
  if (sent._tag === "Success") return yield* finish("sent", numbers.length, { providerOrderId: sent.success.orderId })
  const e = sent.failure
  if (e._tag === "DuplicateOrder") {
    // The provider saw this very order in the last 10 minutes: an earlier attempt went through.
    const found = yield* Effect.result(lookup(since))
    if (found._tag === "Success" && found.success !== undefined) {
      yield* Effect.logInfo(
        `order ${p.campaignId}/${seq}: refused as a duplicate; an earlier attempt was accepted as ${found.success}`
      )
      return yield* finish("sent", numbers.length, { providerOrderId: found.success, settled: true })
    }
    yield* Effect.logWarning(`order ${p.campaignId}/${seq}: refused as a duplicate, and no earlier attempt was found`)
    return yield* finish("unknown", numbers.length, { error: describe(e) })
  }
  if (e._tag === "SendOutcomeUnknown") return yield* finish("unknown", numbers.length, { error: describe(e) })
  return yield* finish("failed", numbers.length, { error: describe(e) })
})

// One number a line, or CSV whose first column is the number (a header row is not a number: it counts as invalid).
const fileNumbers = (path: string): Stream.Stream<string, SourceError> =>
  Stream.unwrap(
    Effect.promise(async () => {
      const { createReadStream } = await import("node:fs")
      const { createInterface } = await import("node:readline")
      const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY })
      return Stream.fromAsyncIterable(
        lines,
        (cause) => new SourceError({ message: `cannot read the recipient file ${path}: ${String(cause)}` })
      ).pipe(Stream.map((line) => (line.split(/[,;\t]/)[0] ?? "").replace(/^"|"$/g, "")))
    })
  )

/**
 * A recipient source that cannot be read.
 *
 * @since 0.1.0
 */
export class SourceError extends Schema.TaggedError<SourceError>()("SourceError", { message: Schema.String }) {}

/**
 * Loads a campaign's recipients from its source into the store.
 *
 * @since 0.1.0
 */
export const loadSource = Effect.fnUntraced(function* (
  p: { readonly id: string; readonly orderSize: number },
  source: Source
) {
  const sql = yield* SqlClient.SqlClient
  switch (source._tag) {
    case "File":
      return yield* CampaignStore.storeRecipients(p.id, p.orderSize, fileNumbers(source.path))
    case "Query": {
      const rows = yield* sql.unsafe<Record<string, unknown>>(source.sql)
      return yield* CampaignStore.storeRecipients(
        p.id,
        p.orderSize,
        rows.map((r) => String(Object.values(r)[0] ?? ""))
      )
    }
    case "Stored": {
      const c = yield* CampaignStore.get(p.id)
      return { recipients: c?.recipients ?? 0, invalid: c?.invalid ?? 0, duplicates: 0, orders: c?.orders ?? 0 }
    }
  }
})

const LoadedSchema = Schema.Struct({
  recipients: Schema.Int,
  invalid: Schema.Int,
  duplicates: Schema.Int,
  orders: Schema.Int
})

/**
 * Registers both workflows on the engine. Requires the iletiMerkezi client (give it a shared `RateLimiter` to share
 * the account's limit between processes) and the SQL client.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<never, never, WorkflowEngine.WorkflowEngine | IletiMerkezi.IletiMerkeziClient | SqlClient.SqlClient> =>
  Layer.mergeAll(
    Campaign.toLayer(
      Effect.fnUntraced(function* (p) {
        const loaded = yield* Activity.make({
          name: "load",
          success: LoadedSchema,
          execute: sqlRetry(
            Effect.gen(function* () {
              yield* CampaignStore.migrate
              yield* CampaignStore.register({ id: p.id, sender: p.sender, text: p.text, orderSize: p.orderSize })
              return yield* loadSource(p, p.source)
            })
          )
        })
        const slices: Array<typeof CampaignSlice.payloadSchema.Type> = []
        for (let first = 0, slice = 0; first < loaded.orders; first += p.ordersPerSlice, slice++) {
          slices.push({
            campaignId: p.id,
            slice,
            first,
            end: Math.min(loaded.orders, first + p.ordersPerSlice),
            sender: p.sender,
            text: p.text,
            orderSize: p.orderSize,
            concurrency: p.concurrency
          })
        }
        const totals = (yield* Effect.forEach(slices, (s) => CampaignSlice.execute(s), {
          concurrency: "unbounded"
        })).reduce(addTotals, emptyTotals)
        const state = yield* Activity.make({
          name: "finish",
          success: CampaignStore.CampaignState,
          execute: sqlRetry(CampaignStore.finish(p.id))
        })
        return {
          id: p.id,
          state,
          recipients: loaded.recipients,
          invalid: loaded.invalid,
          duplicates: loaded.duplicates,
          totals
        } satisfies Summary
      })
    ),
    CampaignSlice.toLayer(
      Effect.fnUntraced(function* (p) {
        const seqs = Array.from({ length: p.end - p.first }, (_, i) => p.first + i)
        const where = options.runnerName ?? "this runner"
        // A run starts again from the top after a crash or a move: orders already done answer from storage.
        yield* Effect.logInfo(`slice ${p.campaignId}/${p.slice} (orders ${p.first}-${p.end - 1}) running on ${where}`)
        const outcomes = yield* Effect.forEach(
          seqs,
          (seq) =>
            Activity.make({
              name: `order/${seq}`,
              success: OrderOutcome,
              execute: sendOrder(p, seq, options)
            }),
          { concurrency: p.concurrency }
        )
        const totals = outcomes.reduce(addOutcome, emptyTotals)
        yield* Effect.logInfo(`slice ${p.campaignId}/${p.slice} done on ${where}`)
        return totals
      })
    )
  )

/**
 * Starts a campaign (or joins it, for an id already started) and returns its execution id without waiting. A
 * recipient Stream is stored first, from this process.
 *
 * @since 0.1.0
 */
export const start = Effect.fnUntraced(function* <E = never, R = never>(
  definition: Omit<Definition, "source"> & { readonly source: Source | Stream.Stream<string, E, R> }
) {
  const orderSize = definition.orderSize ?? 1000
  let source: Source
  if (Stream.isStream(definition.source)) {
    yield* CampaignStore.migrate
    yield* CampaignStore.register({ id: definition.id, sender: definition.sender, text: definition.text, orderSize })
    yield* CampaignStore.storeRecipients(definition.id, orderSize, definition.source)
    source = { _tag: "Stored" }
  } else {
    source = definition.source
  }
  return yield* Campaign.execute(
    {
      id: definition.id,
      sender: definition.sender,
      text: definition.text,
      source,
      orderSize,
      ordersPerSlice: definition.ordersPerSlice ?? 20,
      concurrency: definition.concurrency ?? 2
    },
    { discard: true }
  )
})

/**
 * A campaign's progress (sent, failed, unknown, remaining, rate), read from the store while it runs.
 *
 * @since 0.1.0
 */
export const progress = (id: string) => CampaignStore.progress(id)

/**
 * Pauses a campaign: orders not yet started wait; orders in flight finish.
 *
 * @since 0.1.0
 */
export const pause = (id: string) => CampaignStore.setState(id, "paused")

/**
 * Resumes a paused campaign.
 *
 * @since 0.1.0
 */
export const resume = (id: string) => CampaignStore.setState(id, "running")

/**
 * Cancels a campaign: orders not yet sent are recorded as cancelled and the workflow completes.
 *
 * @since 0.1.0
 */
export const cancel = (id: string) => CampaignStore.setState(id, "cancelled")

/**
 * The campaign's own tables in Postgres, beside the cluster's message and runner tables: the campaign row (its
 * definition and state: running, paused, cancelled, completed), the recipient list frozen at load time, and one
 * journal row per order. The journal is what makes an order's send settle after a crash: a row left in `sending`
 * says an earlier attempt may have reached the provider.
 *
 * @since 0.1.0
 */
import { PhoneNumber } from "@effect-sms/core"
import { Array as Arr, Effect, Result, Schema, Stream } from "effect"
import { SqlClient } from "effect/sql"

/**
 * The state of a campaign.
 *
 * @since 0.1.0
 */
export const CampaignState = Schema.Literals(["loading", "running", "paused", "cancelled", "completed"])

/**
 * @since 0.1.0
 */
export type CampaignState = typeof CampaignState.Type

/**
 * The state of one order. `sending` is an attempt whose outcome is not known yet; `unknown` is one that could not be
 * settled (the provider's send safety gave up), kept apart so that nobody resends it blindly.
 *
 * @since 0.1.0
 */
export const OrderState = Schema.Literals(["sending", "sent", "failed", "unknown", "cancelled"])

/**
 * @since 0.1.0
 */
export type OrderState = typeof OrderState.Type

/**
 * Creates the campaign tables when they are missing. Safe to run from every process at once.
 *
 * @since 0.1.0
 */
export const migrate = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // Concurrent CREATE TABLE IF NOT EXISTS can still race on the catalog: serialise them with an advisory lock.
  yield* sql.withTransaction(
    Effect.gen(function* () {
      yield* sql`SELECT pg_advisory_xact_lock(7245310)`
      yield* sql`CREATE TABLE IF NOT EXISTS effect_sms_campaigns (
        id text PRIMARY KEY,
        sender text NOT NULL,
        text text NOT NULL,
        order_size integer NOT NULL,
        state text NOT NULL,
        recipients integer NOT NULL DEFAULT 0,
        invalid integer NOT NULL DEFAULT 0,
        orders integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`
      yield* sql`CREATE TABLE IF NOT EXISTS effect_sms_campaign_recipients (
        campaign_id text NOT NULL,
        seq integer NOT NULL,
        number text NOT NULL,
        PRIMARY KEY (campaign_id, seq)
      )`
      yield* sql`CREATE TABLE IF NOT EXISTS effect_sms_campaign_orders (
        campaign_id text NOT NULL,
        seq integer NOT NULL,
        state text NOT NULL,
        recipients integer NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        first_attempt_at timestamptz,
        provider_order_id text,
        error text,
        finished_at timestamptz,
        PRIMARY KEY (campaign_id, seq)
      )`
      yield* sql`CREATE INDEX IF NOT EXISTS effect_sms_campaign_orders_provider
        ON effect_sms_campaign_orders (provider_order_id)`
    })
  )
})

/**
 * A campaign's definition as stored.
 *
 * @since 0.1.0
 */
export interface CampaignRow {
  readonly id: string
  readonly sender: string
  readonly text: string
  readonly orderSize: number
  readonly state: CampaignState
  readonly recipients: number
  readonly invalid: number
  readonly orders: number
  /** Whether the workflow has finished. */
  readonly finished: boolean
}

/**
 * Registers a campaign in the `loading` state, or leaves an existing one as it is. Returns the stored row.
 *
 * @since 0.1.0
 */
export const register = Effect.fnUntraced(function* (c: {
  readonly id: string
  readonly sender: string
  readonly text: string
  readonly orderSize: number
}) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO effect_sms_campaigns (id, sender, text, order_size, state)
    VALUES (${c.id}, ${c.sender}, ${c.text}, ${c.orderSize}, 'loading')
    ON CONFLICT (id) DO NOTHING`
  return yield* get(c.id)
})

/**
 * Reads a campaign's row.
 *
 * @since 0.1.0
 */
export const get = Effect.fnUntraced(function* (id: string) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: string
    sender: string
    text: string
    order_size: number
    state: CampaignState
    recipients: number
    invalid: number
    orders: number
    finished: boolean
  }>`SELECT id, sender, text, order_size, state, recipients, invalid, orders, finished_at IS NOT NULL AS finished
    FROM effect_sms_campaigns WHERE id = ${id}`
  const r = rows[0]
  if (r === undefined) return undefined
  return {
    id: r.id,
    sender: r.sender,
    text: r.text,
    orderSize: r.order_size,
    state: r.state,
    recipients: r.recipients,
    invalid: r.invalid,
    orders: r.orders,
    finished: r.finished
  } satisfies CampaignRow
})

/**
 * What loading a recipient list found.
 *
 * @since 0.1.0
 */
export interface Loaded {
  readonly recipients: number
  readonly invalid: number
  readonly duplicates: number
  readonly orders: number
}

/**
 * Normalises, deduplicates and stores a campaign's recipients in the order given, replacing any list stored before
 * (a load that crashed half-way is simply done again), in one transaction. Numbers that are not Turkish mobiles are
 * counted as invalid and left out; a number given twice is sent once. The numbers stream through in blocks of
 * 10,000: only the set of numbers seen is held.
 *
 * @since 0.1.0
 */
export const storeRecipients = Effect.fnUntraced(function* <E = never, R = never>(
  id: string,
  orderSize: number,
  numbers: Stream.Stream<string, E, R> | Iterable<string>
) {
  const sql = yield* SqlClient.SqlClient
  const seen = new Set<string>()
  let stored = 0
  let invalid = 0
  let duplicates = 0
  const source = Stream.isStream(numbers) ? numbers : Stream.fromIterable(numbers)
  yield* sql.withTransaction(
    Effect.gen(function* () {
      yield* sql`DELETE FROM effect_sms_campaign_recipients WHERE campaign_id = ${id}`
      // 3 parameters a row: 10,000 rows stay under the 32,767 parameters a Postgres statement can carry.
      yield* source.pipe(
        Stream.rechunk(10_000),
        Stream.runForEachArray((chunk) => {
          const rows: Array<Record<string, unknown>> = []
          for (const raw of chunk) {
            if (raw.trim() === "") continue
            const n = PhoneNumber.normalizeTurkishMobile(raw)
            if (Result.isFailure(n)) {
              invalid++
              continue
            }
            if (seen.has(n.success)) {
              duplicates++
              continue
            }
            seen.add(n.success)
            rows.push({ campaign_id: id, seq: stored++, number: n.success })
          }
          return Arr.isReadonlyArrayNonEmpty(rows)
            ? Effect.asVoid(sql`INSERT INTO effect_sms_campaign_recipients ${sql.insert(rows)}`)
            : Effect.void
        })
      )
      yield* sql`UPDATE effect_sms_campaigns
        SET recipients = ${stored}, invalid = ${invalid}, orders = ${Math.ceil(stored / orderSize)},
            state = CASE WHEN state = 'loading' THEN 'running' ELSE state END,
            started_at = COALESCE(started_at, now())
        WHERE id = ${id}`
    })
  )
  return { recipients: stored, invalid, duplicates, orders: Math.ceil(stored / orderSize) } satisfies Loaded
})

/**
 * The recipients of one order: `orderSize` numbers from `seq * orderSize`, in list order.
 *
 * @since 0.1.0
 */
export const orderRecipients = Effect.fnUntraced(function* (id: string, seq: number, orderSize: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ number: string }>`SELECT number FROM effect_sms_campaign_recipients
    WHERE campaign_id = ${id} AND seq >= ${seq * orderSize} AND seq < ${(seq + 1) * orderSize}
    ORDER BY seq`
  return rows.map((r) => r.number)
})

/**
 * An order's journal row.
 *
 * @since 0.1.0
 */
export interface OrderRow {
  readonly state: OrderState
  readonly recipients: number
  readonly attempts: number
  /** Epoch millis of the first attempt. */
  readonly firstAttemptAt: number | undefined
  readonly providerOrderId: string | undefined
  readonly error: string | undefined
}

/**
 * What opening an attempt at an order found.
 *
 * - `new`: no earlier attempt; the order is now `sending`.
 * - `open`: an earlier attempt was left `sending` (its runner stopped): it may have reached the provider.
 * - `done`: an earlier attempt settled the order (its Activity result was lost with its runner).
 * - `paused`: the campaign is paused; nothing was recorded.
 * - `cancelled`: the campaign is cancelled; the order is recorded as cancelled.
 *
 * @since 0.1.0
 */
export type Begin =
  | { readonly _tag: "new" }
  | { readonly _tag: "open"; readonly row: OrderRow }
  | { readonly _tag: "done"; readonly row: OrderRow }
  | { readonly _tag: "paused" }
  | { readonly _tag: "cancelled" }

/**
 * Opens an attempt at an order: records `sending` (keeping the first attempt's time, which bounds where the order
 * can be found at the provider), unless the campaign is paused or cancelled. The campaign's row is read `FOR SHARE`
 * in the same transaction, so a pause waits for attempts being opened and every attempt opened before it is visible
 * as `sending`: once none is left, nothing more goes out until the campaign resumes.
 *
 * @since 0.1.0
 */
export const beginOrder = Effect.fnUntraced(function* (id: string, seq: number, recipients: number) {
  const sql = yield* SqlClient.SqlClient
  return yield* sql.withTransaction(
    Effect.gen(function* () {
      const campaign = yield* sql<{ state: CampaignState }>`SELECT state FROM effect_sms_campaigns
        WHERE id = ${id} FOR SHARE`
      const before = yield* sql<{
        state: OrderState
        recipients: number
        attempts: number
        first_attempt_at: Date | null
        provider_order_id: string | null
        error: string | null
      }>`SELECT state, recipients, attempts, first_attempt_at, provider_order_id, error
        FROM effect_sms_campaign_orders WHERE campaign_id = ${id} AND seq = ${seq} FOR UPDATE`
      const b = before[0]
      if (b !== undefined) {
        const row: OrderRow = {
          state: b.state,
          recipients: b.recipients,
          attempts: b.attempts,
          firstAttemptAt: b.first_attempt_at === null ? undefined : new Date(b.first_attempt_at).getTime(),
          providerOrderId: b.provider_order_id ?? undefined,
          error: b.error ?? undefined
        }
        if (b.state !== "sending") return { _tag: "done", row } satisfies Begin
        // An open attempt is settled whatever the campaign's state: it may have been sent.
        yield* sql`UPDATE effect_sms_campaign_orders SET attempts = attempts + 1
          WHERE campaign_id = ${id} AND seq = ${seq}`
        return { _tag: "open", row } satisfies Begin
      }
      const state = campaign[0]?.state
      if (state === "paused") return { _tag: "paused" } satisfies Begin
      if (state === "cancelled") {
        yield* sql`INSERT INTO effect_sms_campaign_orders (campaign_id, seq, state, recipients, finished_at)
          VALUES (${id}, ${seq}, 'cancelled', ${recipients}, now())`
        return { _tag: "cancelled" } satisfies Begin
      }
      yield* sql`INSERT INTO effect_sms_campaign_orders (campaign_id, seq, state, recipients, attempts, first_attempt_at)
        VALUES (${id}, ${seq}, 'sending', ${recipients}, 1, now())`
      return { _tag: "new" } satisfies Begin
    })
  )
})

/**
 * Records an order's outcome.
 *
 * @since 0.1.0
 */
export const finishOrder = Effect.fnUntraced(function* (
  id: string,
  seq: number,
  outcome: {
    readonly state: Exclude<OrderState, "sending">
    readonly recipients: number
    readonly providerOrderId?: string | undefined
    readonly error?: string | undefined
  }
) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO effect_sms_campaign_orders (campaign_id, seq, state, recipients, provider_order_id, error, finished_at)
    VALUES (${id}, ${seq}, ${outcome.state}, ${outcome.recipients}, ${outcome.providerOrderId ?? null},
            ${outcome.error ?? null}, now())
    ON CONFLICT (campaign_id, seq) DO UPDATE SET state = EXCLUDED.state, provider_order_id = EXCLUDED.provider_order_id,
      error = EXCLUDED.error, finished_at = EXCLUDED.finished_at`
})

/**
 * Whether a provider order id is already recorded for another order (of any campaign): a lookup must not hand one
 * provider order to two of ours.
 *
 * @since 0.1.0
 */
export const isClaimed = Effect.fnUntraced(function* (providerOrderId: string) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ n: number }>`SELECT 1 AS n FROM effect_sms_campaign_orders
    WHERE provider_order_id = ${providerOrderId} LIMIT 1`
  return rows.length > 0
})

/**
 * Sets a campaign's state: pause (`paused`), resume (`running`) or cancel (`cancelled`). A completed or cancelled
 * campaign keeps its state.
 *
 * @since 0.1.0
 */
export const setState = Effect.fnUntraced(function* (id: string, state: "running" | "paused" | "cancelled") {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ state: CampaignState }>`UPDATE effect_sms_campaigns SET state = ${state}
    WHERE id = ${id} AND state NOT IN ('completed', 'cancelled')
    RETURNING state`
  return rows.length > 0
})

/**
 * Records that a campaign's workflow has finished every order: `completed`, or `cancelled` when it was cancelled.
 *
 * @since 0.1.0
 */
export const finish = Effect.fnUntraced(function* (id: string) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ state: CampaignState }>`UPDATE effect_sms_campaigns
    SET state = CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE 'completed' END,
        finished_at = COALESCE(finished_at, now())
    WHERE id = ${id}
    RETURNING state`
  return rows[0]?.state ?? "completed"
})

/**
 * A campaign's progress.
 *
 * @since 0.1.0
 */
export interface Progress {
  readonly id: string
  readonly state: CampaignState
  /** Whether the workflow has finished (every order settled or cancelled). */
  readonly finished: boolean
  readonly recipients: number
  readonly invalid: number
  readonly orders: number
  /** Recipients of orders the provider accepted. */
  readonly sent: number
  /** Recipients of orders the provider refused. */
  readonly failed: number
  /** Recipients of orders whose outcome could not be settled. */
  readonly unknown: number
  /** Recipients of orders left unsent by a cancellation. */
  readonly cancelled: number
  /** Recipients not settled yet. */
  readonly remaining: number
  readonly ordersDone: number
  /** Orders being sent right now (an attempt open). */
  readonly inFlight: number
  /** Recipients sent per second over the last 10 seconds. */
  readonly rate: number
}

/**
 * Reads a campaign's progress: one aggregate over its order journal.
 *
 * @since 0.1.0
 */
export const progress = Effect.fnUntraced(function* (id: string) {
  const sql = yield* SqlClient.SqlClient
  const campaign = yield* get(id)
  if (campaign === undefined) return undefined
  const rows = yield* sql<{ state: OrderState; orders: string | number; recipients: string | number }>`
    SELECT state, count(*) AS orders, COALESCE(sum(recipients), 0) AS recipients
    FROM effect_sms_campaign_orders WHERE campaign_id = ${id} GROUP BY state`
  const recent = yield* sql<{ recipients: string | number | null }>`
    SELECT sum(recipients) AS recipients FROM effect_sms_campaign_orders
    WHERE campaign_id = ${id} AND state = 'sent' AND finished_at > now() - interval '10 seconds'`
  const by = (s: OrderState) => Number(rows.find((r) => r.state === s)?.recipients ?? 0)
  const ordersDone = rows.filter((r) => r.state !== "sending").reduce((n, r) => n + Number(r.orders), 0)
  const sent = by("sent")
  const failed = by("failed")
  const unknown = by("unknown")
  const cancelled = by("cancelled")
  return {
    id,
    state: campaign.state,
    finished: campaign.finished,
    recipients: campaign.recipients,
    invalid: campaign.invalid,
    orders: campaign.orders,
    sent,
    failed,
    unknown,
    cancelled,
    remaining: Math.max(0, campaign.recipients - sent - failed - unknown - cancelled),
    ordersDone,
    inFlight: Number(rows.find((r) => r.state === "sending")?.orders ?? 0),
    rate: Number(recent[0]?.recipients ?? 0) / 10
  } satisfies Progress
})

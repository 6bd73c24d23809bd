/**
 * The simulator's state: accounts, their orders (sent during the run or synthetic), and the order lifecycle.
 *
 * The lifecycle is computed from timestamps when it is read, never advanced by timers: a message's outcome
 * (delivered or not) and its delay are pure functions of the seed, the order id and the message index, so an order
 * of 50,000 recipients costs nothing until a report asks for a page of it. Everything here is synchronous and runs
 * on Node's single thread, so a request handler sees and changes the state atomically.
 */
import { IletiMerkeziValidation, Segments } from "@effect-sms/core"
import { MinHeap } from "../internal/heap.ts"
import { hash, Salt, seedHash, unit } from "../internal/random.ts"
import { DayMillis } from "../internal/turkeyTime.ts"

/** How messages turn out: the share delivered, and the delay (after the order is due) before a message is final. */
export interface Delivery {
  readonly deliveredRatio: number
  readonly delayMinMillis: number
  readonly delayMaxMillis: number
}

/** A synthetic account's generated history (read-only). */
export interface SyntheticConfig {
  readonly orders: number
  readonly minRecipients: number
  readonly maxRecipients: number
  /** Epoch millis of the first day's Turkey-time midnight. */
  readonly startMillis: number
  readonly days: number
  readonly seed: number
  readonly deliveredRatio: number
  /** The share of messages still waiting (up to two days) in orders of the range's last day. */
  readonly pendingRatio: number
}

/** An account as configured. */
export interface AccountConfig {
  readonly apiKey: string
  readonly hashes: ReadonlyArray<string>
  readonly apiAccess: boolean
  readonly amount: number
  readonly sms: number
  readonly senders: ReadonlyArray<string>
  readonly blacklist: ReadonlyArray<string>
  readonly iys: { readonly brandCode: string | undefined; readonly active: boolean; readonly quota: number }
  readonly webhookUrl: string | undefined
  readonly synthetic: SyntheticConfig | undefined
}

/** A stored İYS consent record. */
export interface ConsentRecord {
  readonly recipient: string
  readonly recipientType: string
  readonly type: string
  readonly status: string
  readonly source: string
  readonly consentDate: string
}

/** The live state of an account. */
export interface Account {
  readonly apiKey: string
  readonly hashes: ReadonlySet<string>
  apiAccess: boolean
  amount: number
  /** SMS credits still free: sends reserve their cost, settlement refunds the undelivered parts. */
  sms: number
  readonly senders: Array<string>
  /** Normalised `905…` number → the simulated time it was added, in insertion order. */
  readonly blacklist: Map<string, number>
  readonly iys: { brandCode: string | undefined; active: boolean; quota: number }
  readonly consents: Map<string, ConsentRecord>
  webhookUrl: string | undefined
  /** Orders sent during the run, sorted by (submitAt, id). */
  readonly orders: Array<RealOrder>
  /** Duplicate-guard signatures → the simulated time they were last accepted. */
  readonly recent: Map<string, number>
  readonly synthetic: SyntheticAccount | undefined
}

/** A synthetic account's generator, with the order ids it owns. */
export interface SyntheticAccount {
  readonly config: SyntheticConfig
  readonly idBase: number
  readonly spanMillis: number
  readonly senders: ReadonlyArray<string>
  /** Counters of orders whose messages are all final (they never change again), by index; bounded. */
  readonly finalCounts: Map<number, Counts>
}

/** An order sent during the run. */
export interface RealOrder {
  readonly kind: "real"
  readonly id: number
  readonly account: Account
  readonly sender: string
  readonly texts: ReadonlyArray<string>
  readonly parts: ReadonlyArray<number>
  readonly numbers: ReadonlyArray<string>
  /** The index into `texts` for each recipient; absent when the order has one text. */
  readonly textOf: ReadonlyArray<number> | undefined
  readonly submitAt: number
  readonly dueAt: number
  readonly scheduledFor: number | undefined
  readonly firstMessageId: number
  readonly lastFinalAt: number
  /** The SMS credits reserved at send time. */
  readonly cost: number
  cancelled: boolean
  settled: boolean
  finalCounts: Counts | undefined
}

/** A message's outcome at some instant. */
export type MessageStatus = 110 | 111 | 112

/** An order's counters at some instant. */
export interface Counts {
  readonly status: 113 | 114 | 115
  readonly delivered: number
  readonly undelivered: number
  readonly waiting: number
  /** Credits actually consumed: the parts of delivered messages (undelivered ones are free, docs/providers/iletimerkezi-api.md ("cancel-order, get-report, get-reports")). */
  readonly price: number
}

/** A read-only view of any order (sent or synthetic), built per request. */
export interface OrderView {
  readonly id: number
  readonly sender: string
  readonly total: number
  readonly submitAt: number
  readonly dueAt: number
  readonly cancelled: boolean
  readonly synthetic: boolean
  /** The recipient of message `j`, as `905XXXXXXXXX`. */
  readonly numberAt: (j: number) => string
  readonly statusAt: (j: number, now: number) => MessageStatus
  readonly partsAt: (j: number) => number
  readonly counts: (now: number) => Counts
}

/** A webhook event due on the simulated clock. */
export interface WebhookEvent {
  readonly order: RealOrder
  readonly index: number
  readonly final: boolean
}

/** The whole simulator state. */
export interface State {
  readonly seed: number
  readonly delivery: Delivery
  readonly accounts: Map<string, Account>
  readonly ordersById: Map<number, RealOrder>
  nextOrderId: number
  nextMessageId: number
  readonly webhooks: MinHeap<WebhookEvent>
  readonly settlements: MinHeap<RealOrder>
}

/** Makes the state for a seed, delivery rules and accounts. */
export const make = (options: {
  readonly seed: string | number
  readonly delivery: Delivery
  readonly accounts: ReadonlyArray<AccountConfig>
}): State => {
  const seed = seedHash(options.seed)
  const state: State = {
    seed,
    delivery: options.delivery,
    accounts: new Map(),
    ordersById: new Map(),
    // Seed-derived bases in the ranges real ids live in (order 312988299, message 1599558518; docs/providers/iletimerkezi-api.md ("cancel-order, get-report, get-reports"; "Webhooks")).
    nextOrderId: 310_000_000 + (hash(seed, 1) % 9_000_000),
    nextMessageId: 1_500_000_000 + (hash(seed, 2) % 90_000_000),
    webhooks: new MinHeap(),
    settlements: new MinHeap()
  }
  for (const config of options.accounts) {
    let synthetic: SyntheticAccount | undefined
    if (config.synthetic !== undefined) {
      synthetic = {
        config: config.synthetic,
        idBase: state.nextOrderId,
        spanMillis: config.synthetic.days * DayMillis,
        senders: config.senders.length > 0 ? config.senders : ["SYNTHETIC"],
        finalCounts: new Map()
      }
      // Synthetic orders own a block of ids below every order sent during the run.
      state.nextOrderId += config.synthetic.orders
    }
    state.accounts.set(config.apiKey, {
      apiKey: config.apiKey,
      hashes: new Set(config.hashes),
      apiAccess: config.apiAccess,
      amount: config.amount,
      sms: config.sms,
      senders: [...config.senders],
      blacklist: new Map(config.blacklist.map((n) => [n, 0])),
      iys: { ...config.iys },
      consents: new Map(),
      webhookUrl: config.webhookUrl,
      orders: [],
      recent: new Map(),
      synthetic
    })
  }
  return state
}

// ---------------------------------------------------------------------------------------------------------------
// Orders sent during the run
// ---------------------------------------------------------------------------------------------------------------

const outcomeDelivered = (state: State, order: RealOrder, j: number) =>
  unit(state.seed, order.id, j, Salt.delivered) < state.delivery.deliveredRatio

const outcomeFinalAt = (state: State, orderId: number, dueAt: number, j: number) => {
  const { delayMaxMillis: max, delayMinMillis: min } = state.delivery
  return dueAt + Math.round(min + (max - min) * unit(state.seed, orderId, j, Salt.delay))
}

/** The parts (SMS segments) of a text by iletiMerkezi's limits (docs/providers/iletimerkezi-api.md ("Limits")). */
export const partsOf = (text: string): number =>
  Segments.count(text, { limits: IletiMerkeziValidation.SegmentLimits }).segments

/** Records a new order: reserves its cost, schedules its webhooks and its settlement. */
export const createOrder = (
  state: State,
  account: Account,
  input: {
    readonly sender: string
    readonly texts: ReadonlyArray<string>
    readonly parts: ReadonlyArray<number>
    readonly numbers: ReadonlyArray<string>
    readonly textOf: ReadonlyArray<number> | undefined
    readonly cost: number
    readonly now: number
    readonly scheduledFor: number | undefined
  }
): RealOrder => {
  const id = state.nextOrderId++
  const firstMessageId = state.nextMessageId
  state.nextMessageId += input.numbers.length
  const dueAt = input.scheduledFor ?? input.now
  let lastFinalAt = dueAt
  for (let j = 0; j < input.numbers.length; j++) {
    lastFinalAt = Math.max(lastFinalAt, outcomeFinalAt(state, id, dueAt, j))
  }
  const order: RealOrder = {
    kind: "real",
    id,
    account,
    sender: input.sender,
    texts: input.texts,
    parts: input.parts,
    numbers: input.numbers,
    textOf: input.textOf,
    submitAt: input.now,
    dueAt,
    scheduledFor: input.scheduledFor,
    firstMessageId,
    lastFinalAt,
    cost: input.cost,
    cancelled: false,
    settled: false,
    finalCounts: undefined
  }
  account.sms -= input.cost
  insertSorted(account.orders, order)
  state.ordersById.set(id, order)
  state.settlements.push(lastFinalAt, order)
  if (account.webhookUrl !== undefined) {
    for (let j = 0; j < order.numbers.length; j++) state.webhooks.push(dueAt, { order, index: j, final: false })
    for (let j = 0; j < order.numbers.length; j++) {
      state.webhooks.push(outcomeFinalAt(state, id, dueAt, j), { order, index: j, final: true })
    }
  }
  return order
}

const compareOrders = (a: { submitAt: number; id: number }, b: { submitAt: number; id: number }) =>
  a.submitAt - b.submitAt || a.id - b.id

// Appending is the usual case; a clock moved backwards by `set` still keeps the list sorted.
const insertSorted = (orders: Array<RealOrder>, order: RealOrder) => {
  let i = orders.length
  while (i > 0 && compareOrders(orders[i - 1]!, order) > 0) i--
  orders.splice(i, 0, order)
}

/** Cancels a scheduled order: its reservation is refunded at once. */
export const cancelOrder = (order: RealOrder): void => {
  order.cancelled = true
  if (!order.settled) {
    order.settled = true
    order.account.sms += order.cost
  }
}

/**
 * Refunds the parts of undelivered messages of every order that became final by `now`. Balance is reserved at send
 * time (so 402 sees in-flight orders) and settled here, which makes the net charge "per delivered part"
 * (docs/providers/iletimerkezi-api.md ("Simulator behaviour")).
 */
export const settle = (state: State, now: number): void => {
  for (const order of state.settlements.popDue(now)) {
    if (order.settled) continue
    order.settled = true
    let refund = 0
    for (let j = 0; j < order.numbers.length; j++) {
      if (!outcomeDelivered(state, order, j)) refund += partsAtReal(order, j)
    }
    order.account.sms += refund
  }
}

const partsAtReal = (order: RealOrder, j: number) =>
  order.textOf === undefined ? order.parts[0]! : order.parts[order.textOf[j]!]!

/** The text of message `j` of an order. */
export const textAt = (order: RealOrder, j: number): string =>
  order.textOf === undefined ? order.texts[0]! : order.texts[order.textOf[j]!]!

/** The view of an order sent during the run. */
export const realView = (state: State, order: RealOrder): OrderView => {
  const statusAt = (j: number, now: number): MessageStatus => {
    if (order.cancelled || now < order.dueAt) return order.cancelled ? 112 : 110
    if (now < outcomeFinalAt(state, order.id, order.dueAt, j)) return 110
    return outcomeDelivered(state, order, j) ? 111 : 112
  }
  const partsAt = (j: number) => partsAtReal(order, j)
  const view: OrderView = {
    id: order.id,
    sender: order.sender,
    total: order.numbers.length,
    submitAt: order.submitAt,
    dueAt: order.dueAt,
    cancelled: order.cancelled,
    synthetic: false,
    numberAt: (j) => order.numbers[j]!,
    statusAt,
    partsAt,
    counts: (now) => {
      if (order.finalCounts !== undefined) return order.finalCounts
      const counts = countMessages(view, now)
      // Once every message is final (or the order is cancelled) the counters never change again.
      if (order.cancelled || now >= order.lastFinalAt) order.finalCounts = counts
      return counts
    }
  }
  return view
}

/**
 * Counts an order's messages at `now`. A cancelled order is 115 with every message undelivered and nothing charged
 * (inferred: the docs only say get-report shows 115 or 455 after a cancel, docs/providers/iletimerkezi-api.md ("cancel-order, get-report, get-reports")); an order not yet
 * due is 113 with every message waiting (inferred, for get-reports; get-report answers 456 instead).
 */
export const countMessages = (view: OrderView, now: number): Counts => {
  if (view.cancelled) return { status: 115, delivered: 0, undelivered: view.total, waiting: 0, price: 0 }
  if (now < view.dueAt) return { status: 113, delivered: 0, undelivered: 0, waiting: view.total, price: 0 }
  let delivered = 0
  let undelivered = 0
  let price = 0
  for (let j = 0; j < view.total; j++) {
    const status = view.statusAt(j, now)
    if (status === 111) {
      delivered++
      price += view.partsAt(j)
    } else if (status === 112) {
      undelivered++
    }
  }
  const waiting = view.total - delivered - undelivered
  return { status: waiting > 0 ? 113 : 114, delivered, undelivered, waiting, price }
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic orders
// ---------------------------------------------------------------------------------------------------------------

/**
 * Synthetic order `i`'s submit time: spread evenly over the range with a per-order jitter inside its own slot, then
 * floored to the second (the wire has seconds). Non-decreasing in `i`, which the window search relies on.
 */
export const syntheticSubmitAt = (s: SyntheticAccount, i: number): number => {
  const c = s.config
  const slot = s.spanMillis / c.orders
  const at = c.startMillis + (i + unit(c.seed, i, 0, Salt.jitter)) * slot
  return Math.floor(at / 1000) * 1000
}

/** The number of recipients of synthetic order `i`. */
export const syntheticRecipients = (s: SyntheticAccount, i: number): number => {
  const c = s.config
  const spread = c.maxRecipients - c.minRecipients + 1
  return c.minRecipients + (spread <= 1 ? 0 : hash(c.seed, i, 0, Salt.recipients) % spread)
}

/** The first index whose submit time is at or after `at` (binary search over the monotonic submit times). */
export const syntheticLowerBound = (s: SyntheticAccount, at: number): number => {
  let lo = 0
  let hi = s.config.orders
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (syntheticSubmitAt(s, mid) < at) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How many synthetic orders exist by `now`: the generated history only shows what has been submitted by then. */
export const syntheticVisible = (s: SyntheticAccount, now: number): number => syntheticLowerBound(s, now + 1)

/** The view of synthetic order `i`; `undefined` when the index is out of range. */
export const syntheticView = (state: State, s: SyntheticAccount, i: number): OrderView => {
  const c = s.config
  const submitAt = syntheticSubmitAt(s, i)
  const total = syntheticRecipients(s, i)
  const lastDay = submitAt >= c.startMillis + s.spanMillis - DayMillis
  const finalAt = (j: number) => {
    // Orders of the range's last day keep some messages in the carrier queue for up to two days, so a clock set near
    // the end of the range shows waiting > 0 there; everything else settles within the delivery delays.
    if (lastDay && unit(c.seed, i, j, Salt.pending) < c.pendingRatio) {
      return submitAt + Math.round(2 * DayMillis * unit(c.seed, i, j, Salt.delay))
    }
    const { delayMaxMillis: max, delayMinMillis: min } = state.delivery
    return submitAt + Math.round(min + (max - min) * unit(c.seed, i, j, Salt.delay))
  }
  const view: OrderView = {
    id: s.idBase + i,
    sender: s.senders[hash(c.seed, i, 0, Salt.sender) % s.senders.length]!,
    total,
    submitAt,
    dueAt: submitAt,
    cancelled: false,
    synthetic: true,
    // 90 53X: Turkcell's operator codes, so every generated number is a valid mobile.
    numberAt: (j) => `9053${String(hash(c.seed, i, j, Salt.number) % 100_000_000).padStart(8, "0")}`,
    statusAt: (j, now) => {
      if (now < finalAt(j)) return 110
      return unit(c.seed, i, j, Salt.delivered) < c.deliveredRatio ? 111 : 112
    },
    partsAt: () => 1,
    counts: (now) => {
      const cached = s.finalCounts.get(i)
      if (cached !== undefined) return cached
      const counts = countMessages(view, now)
      // Counting is O(recipients); a final order's counters are kept so that paging through it stays O(page).
      if (counts.waiting === 0) {
        if (s.finalCounts.size >= 100_000) s.finalCounts.clear()
        s.finalCounts.set(i, counts)
      }
      return counts
    }
  }
  return view
}

/** The text of synthetic order `i` (one text per order, one part). */
export const syntheticText = (i: number): string => `Synthetic order ${i}`

// ---------------------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------------------

/** Finds an order of `account` by id, sent or synthetic (synthetic only once submitted by `now`). */
export const findOrder = (
  state: State,
  account: Account,
  id: number,
  now: number
): { readonly view: OrderView; readonly real: RealOrder | undefined } | undefined => {
  const real = state.ordersById.get(id)
  if (real !== undefined) return real.account === account ? { view: realView(state, real), real } : undefined
  const s = account.synthetic
  if (s !== undefined && id >= s.idBase && id < s.idBase + s.config.orders) {
    const i = id - s.idBase
    if (syntheticSubmitAt(s, i) > now) return undefined
    return { view: syntheticView(state, s, i), real: undefined }
  }
  return undefined
}

/**
 * The orders of `account` submitted in `[from, to)`, ascending by (submitAt, id), rows `offset` to `offset + limit`,
 * and the total in the window. Sent and synthetic orders are merged without materialising either list: the k-th
 * element of the merge is found by binary search, then `limit` rows are walked.
 */
export const ordersInWindow = (
  state: State,
  account: Account,
  from: number,
  to: number,
  offset: number,
  limit: number,
  now: number
): { readonly rows: ReadonlyArray<OrderView>; readonly total: number } => {
  const real = account.orders
  const rLo = lowerBound(real, (o) => o.submitAt < from)
  const rHi = Math.max(
    rLo,
    lowerBound(real, (o) => o.submitAt < to)
  )
  const s = account.synthetic
  let sLo = 0
  let sHi = 0
  if (s !== undefined) {
    const visible = syntheticVisible(s, now)
    sLo = Math.min(syntheticLowerBound(s, from), visible)
    sHi = Math.max(sLo, Math.min(syntheticLowerBound(s, to), visible))
  }
  const realCount = rHi - rLo
  const total = realCount + (sHi - sLo)
  if (offset >= total || limit <= 0) return { rows: [], total }
  // Synthetic orders strictly before sent order r in the merge (ties on submitAt go by id).
  const syntheticBefore = (r: RealOrder): number => {
    if (s === undefined) return 0
    let lo = sLo
    let hi = sHi
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareOrders({ submitAt: syntheticSubmitAt(s, mid), id: s.idBase + mid }, r) < 0) lo = mid + 1
      else hi = mid
    }
    return lo - sLo
  }
  // The number of sent orders among the first `offset` rows: the sent orders whose merged position is below it.
  let lo = 0
  let hi = realCount
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (mid + syntheticBefore(real[rLo + mid]!) < offset) lo = mid + 1
    else hi = mid
  }
  let r = rLo + lo
  let si = sLo + (offset - lo)
  const rows: Array<OrderView> = []
  while (rows.length < limit && (r < rHi || si < sHi)) {
    const nextReal = r < rHi ? real[r]! : undefined
    const nextSynthetic =
      s !== undefined && si < sHi ? { submitAt: syntheticSubmitAt(s, si), id: s.idBase + si } : undefined
    if (nextReal !== undefined && (nextSynthetic === undefined || compareOrders(nextReal, nextSynthetic) < 0)) {
      rows.push(realView(state, nextReal))
      r++
    } else {
      rows.push(syntheticView(state, s!, si))
      si++
    }
  }
  return { rows, total }
}

const lowerBound = <A>(items: ReadonlyArray<A>, before: (a: A) => boolean): number => {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(items[mid]!)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * One provider-neutral SMS service over iletiMerkezi, TurkeySMS and Infobip: "this text to these numbers" goes out
 * through the provider a route policy chooses, fails over along a chain when a provider is down, and never sends a
 * message twice. Statuses, delivery reports, balances and cost estimates come back in one neutral shape.
 *
 * **Details**
 *
 * - Routing: a {@link SmsRoute.Route} gives every recipient a chain (primary, then fallbacks); recipients with
 *   different chains are split into parts, and the receipt lists each part with the provider that took it.
 * - Failover: each provider sits behind a circuit breaker (effect's `persistence/CircuitBreaker`, one key per
 *   provider) that opens on unavailability (503, rate limits that outlast the wait, transport failures) and half-opens
 *   after a cooldown. A settled "not sent" moves to the next provider; a `SendOutcomeUnknown` never does, because the
 *   first provider may have sent it. Every hop is a span event (`sms.failover`) and a log line.
 * - The provider clients stay available for everything this service does not cover.
 *
 * @since 0.1.0
 */
import {
  Cause,
  Clock,
  Config,
  ConfigProvider,
  Context,
  DateTime,
  Duration,
  Effect,
  Exit,
  Layer,
  Option,
  Result,
  type Schedule,
  Schema,
  type Scope,
  Stream
} from "effect"
import { CircuitBreaker } from "effect/persistence"
import * as IletiMerkeziAdapter from "./iletimerkezi/SmsAdapter.ts"
import * as InfobipAdapter from "./infobip/SmsAdapter.ts"
import * as Input from "./internal/input.ts"
import * as Segments from "./Segments.ts"
import * as SmsError from "./SmsError.ts"
import * as SmsProvider from "./SmsProvider.ts"
import * as SmsRoute from "./SmsRoute.ts"
import * as TurkeySmsAdapter from "./turkeysms/SmsAdapter.ts"

export {
  /**
   * Route policies.
   *
   * @since 0.1.0
   */
  SmsRoute as Route
}

// ---------------------------------------------------------------------------------------------------------------------
// Messages, receipts, errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A message to send: one text from one sender to one or more recipients.
 *
 * @since 0.1.0
 */
export interface Message {
  /** The sender ID; it must be approved at whichever provider takes the message. */
  readonly sender: string
  readonly text: string
  /** Turkish mobiles in any national form, other numbers in international form (`+44…`). */
  readonly to: string | ReadonlyArray<string>
  /** When to send; absent means now. */
  readonly sendAt?: DateTime.DateTime | undefined
  /** Present for a commercial message: Turkish recipients are checked against İYS. */
  readonly commercial?: SmsProvider.Commercial | undefined
}

/**
 * A hop: the send left provider `from` for `to` (absent when none was left) because of `reason`, with `from`'s
 * breaker in state `breaker`.
 *
 * @since 0.1.0
 */
export const Hop = Schema.Struct({
  from: Schema.String,
  to: Schema.optionalKey(Schema.String),
  reason: Schema.String,
  breaker: Schema.String
})

/**
 * @since 0.1.0
 */
export type Hop = typeof Hop.Type

/**
 * One part of a receipt: the recipients one provider took, with its ids, and the hops before it.
 *
 * @since 0.1.0
 */
export const ReceiptPart = Schema.Struct({
  /** The provider id (`iletimerkezi`, `turkeysms`, `infobip`, or a custom id). */
  provider: Schema.String,
  providerName: SmsError.Provider,
  /** E.164. */
  recipients: Schema.Array(Schema.String),
  orderId: Schema.optionalKey(Schema.String),
  messages: Schema.Array(Schema.Struct({ recipient: Schema.String, messageId: Schema.optionalKey(Schema.String) })),
  hops: Schema.Array(Hop)
})

/**
 * @since 0.1.0
 */
export type ReceiptPart = typeof ReceiptPart.Type

/**
 * What a send returns: which provider took which recipients, with their ids. `split` says the message went through
 * more than one provider.
 *
 * @since 0.1.0
 */
export class SendReceipt extends Schema.Class<SendReceipt>("@effect-sms/core/Sms/SendReceipt")({
  parts: Schema.Array(ReceiptPart)
}) {
  /** The message was split between providers. */
  get split(): boolean {
    return this.parts.length > 1
  }
  /** The provider that took a recipient (E.164). */
  providerOf(recipient: string): string | undefined {
    return this.parts.find((p) => p.recipients.includes(recipient))?.provider
  }
}

/**
 * Every provider in a part's chain failed with a settled "not sent", or had its circuit open: nothing went out. (A
 * chain of one provider fails with that provider's own error instead.)
 *
 * @since 0.1.0
 */
export class FailoverExhausted extends Schema.TaggedError<FailoverExhausted>()("FailoverExhausted", {
  recipients: Schema.Array(Schema.String),
  hops: Schema.Array(Hop),
  /** The last provider's error. */
  cause: Schema.Defect(),
  message: Schema.String
}) {}

/**
 * Part of a split message went out and part did not: `sent` says what went out, `failures` what did not and why
 * (a `SendOutcomeUnknown` among them may have gone out). Never resend the `sent` recipients.
 *
 * @since 0.1.0
 */
export class SendIncomplete extends Schema.TaggedError<SendIncomplete>()("SendIncomplete", {
  sent: SendReceipt,
  failures: Schema.Array(
    Schema.Struct({
      recipients: Schema.Array(Schema.String),
      provider: Schema.optionalKey(Schema.String),
      error: Schema.Defect()
    })
  ),
  message: Schema.String
}) {}

/**
 * The errors a send can fail with: bad input (before anything is sent), a provider's refusal of the message itself,
 * an unknown outcome (never failed over), an exhausted chain, or a split message that only partly went out.
 *
 * @since 0.1.0
 */
export type SendError = SmsError.SmsError | FailoverExhausted | SendIncomplete

/**
 * A price per SMS segment per recipient, for estimates and the `cost` route.
 *
 * @since 0.1.0
 */
export interface Price {
  readonly currency: string
  readonly turkish?: number | undefined
  readonly international?: number | undefined
}

/**
 * One provider's estimate for a message.
 *
 * @since 0.1.0
 */
export interface Estimate {
  readonly provider: string
  readonly encoding: Segments.Encoding
  readonly units: number
  readonly segments: number
  /** Recipients this provider can take; the others are `unservable`. */
  readonly recipients: number
  readonly unservable: number
  /** Present when a price is configured for every recipient this provider can take. */
  readonly cost?: { readonly amount: number; readonly currency: string } | undefined
}

/**
 * One provider's balance, or why it could not be read.
 *
 * @since 0.1.0
 */
export type BalanceEntry =
  | { readonly provider: string; readonly balance: SmsProvider.Balance }
  | { readonly provider: string; readonly error: SmsError.SmsError }

// ---------------------------------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The provider-neutral SMS service.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The configured providers, in configuration order. */
  readonly providers: ReadonlyArray<SmsProvider.Adapter>
  readonly route: SmsRoute.Route
  /** Sends a message through the route, splitting and failing over as needed. */
  readonly send: (message: Message) => Effect.Effect<SendReceipt, SendError>
  /** The delivery status of every recipient of a receipt. */
  readonly status: (
    receipt: SendReceipt
  ) => Effect.Effect<ReadonlyArray<SmsProvider.RecipientStatus>, SmsError.SmsError>
  /** Status changes of the receipts' recipients, polled every `every` (default 5 s) until each is final. */
  readonly watch: (
    receipts: ReadonlyArray<SendReceipt>,
    options?: { readonly every?: Duration.Input | undefined }
  ) => Stream.Stream<SmsProvider.RecipientStatus, SmsError.SmsError>
  /** Delivery reports from every provider that pushes or lets us pull them, merged. */
  readonly deliveryReports: Stream.Stream<SmsProvider.DeliveryReport, SmsError.SmsError>
  /** Each provider's balance. */
  readonly balance: Effect.Effect<ReadonlyArray<BalanceEntry>>
  /** Per provider: encoding, segments and, where prices are configured, the cost. Sends nothing. */
  readonly estimate: (message: Message) => Effect.Effect<ReadonlyArray<Estimate>, SmsError.InvalidInput>
  /** A provider's circuit state. */
  readonly breakerState: (provider: string) => Effect.Effect<CircuitBreaker.State["_tag"]>
  /** The breakers' transitions, for dashboards and tests. */
  readonly transitions: Stream.Stream<CircuitBreaker.Transition>
}

/**
 * The `Sms` service.
 *
 * @since 0.1.0
 */
export class Sms extends Context.Service<Sms, Service>()("@effect-sms/core/Sms") {}

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 */
export interface Options<P> {
  /** The providers, each built from its client: `Sms.iletiMerkezi()`, `Sms.turkeySms()`, `Sms.infobip()`. */
  readonly providers: P
  /**
   * A route policy, or the name of a configured one (`fixed`, `country`, `cost`, `iys`; see `SmsRoute.fromName`),
   * resolved against the providers in the order given. Default `fixed`: every provider in the order given.
   */
  readonly route?: SmsRoute.Route | SmsRoute.Name | undefined
  /** Per provider id. */
  readonly prices?: Readonly<Record<string, Price>> | undefined
  readonly breaker?:
    | {
        /** Default: 5 failures in a row. */
        readonly tripPolicy?: CircuitBreaker.TripPolicy | undefined
        /** How long a circuit stays open before a probe. Default 30 s. */
        readonly openDuration?: Duration.Input | Schedule.Schedule<unknown, number> | undefined
      }
    | undefined
  /** How long after a send started an unknown outcome may still be settled on its provider. Default 2 minutes. */
  readonly settleWithin?: Duration.Input | undefined
  /** How many times an unknown outcome is given to the provider's `settle`. Default 3. */
  readonly settleAttempts?: number | undefined
  /** Parts of a split message sent at once. Default 4. */
  readonly concurrency?: number | undefined
}

const invalid = (field: string, rule: string, message: string) => new SmsError.InvalidInput({ field, rule, message })

interface Validated {
  readonly sender: string
  readonly text: string
  readonly recipients: ReadonlyArray<SmsRoute.Recipient>
  readonly sendAt: DateTime.Utc | undefined
  readonly commercial: SmsProvider.Commercial | undefined
}

// The JavaScript shape of a message, decoded first: a caller from JavaScript (or through `as any`) can pass a number
// as a recipient, `null` as the text or a `Date` as the schedule, and each must be an InvalidInput naming the field,
// never a TypeError further in (nor a number read as an empty recipient list, which would send nothing and succeed).
const decodeMessage = Input.decoder(
  Schema.Struct({
    sender: Schema.String,
    text: Schema.String,
    to: Schema.Union([Schema.String, Schema.Array(Schema.String)]),
    sendAt: Schema.optional(
      Schema.declare((u: unknown): u is DateTime.DateTime => DateTime.isDateTime(u), { expected: "a DateTime" })
    ),
    commercial: Schema.optional(Schema.Struct({ recipientType: Schema.String }))
  })
)

const validate = Effect.fnUntraced(function* (input: Message) {
  const message = (yield* decodeMessage(input)) as Message
  if (message.sender.trim().length === 0) return yield* invalid("sender", "required", "the sender ID is empty")
  if (message.text.trim().length === 0) return yield* invalid("text", "required", "the message text is empty")
  const list = typeof message.to === "string" ? [message.to] : message.to
  if (list.length === 0) return yield* invalid("to", "required", "there are no recipients")
  const seen = new Set<string>()
  const recipients: Array<SmsRoute.Recipient> = []
  for (let i = 0; i < list.length; i++) {
    const r = SmsRoute.parseRecipient(list[i]!)
    if (Result.isFailure(r)) return yield* invalid(`to[${i}]`, "phone-number", r.failure)
    // The same number twice would be one SMS billed and sent twice: keep the first.
    if (!seen.has(r.success.e164)) {
      seen.add(r.success.e164)
      recipients.push(r.success)
    }
  }
  let sendAt: DateTime.Utc | undefined
  if (message.sendAt !== undefined) {
    const at = DateTime.toEpochMillis(message.sendAt)
    const now = yield* Clock.currentTimeMillis
    // Providers schedule to the minute: a time inside the current minute still means "now".
    if (at < now - (now % 60_000)) return yield* invalid("sendAt", "future", "the schedule is in the past")
    sendAt = DateTime.toUtc(message.sendAt)
  }
  if (
    message.commercial !== undefined &&
    message.commercial.recipientType !== "BIREYSEL" &&
    message.commercial.recipientType !== "TACIR"
  ) {
    return yield* invalid("commercial.recipientType", "one-of", "must be BIREYSEL or TACIR")
  }
  return {
    sender: message.sender,
    text: message.text,
    recipients,
    sendAt,
    commercial: message.commercial
  } satisfies Validated
})

type PartOutcome =
  | { readonly _tag: "Sent"; readonly part: ReceiptPart }
  | {
      readonly _tag: "Failed"
      readonly recipients: ReadonlyArray<string>
      readonly provider: string | undefined
      readonly error: SmsError.SmsError | FailoverExhausted
    }

const isBreakerError = (u: unknown): u is CircuitBreaker.CircuitBreakerError =>
  typeof u === "object" && u !== null && "_tag" in u && u._tag === "CircuitBreakerError"

/**
 * How the breaker counts a send's outcome: unavailability and unknown outcomes count against the provider; an
 * account problem says nothing about its health; a refusal of the message itself shows it is up.
 */
const classify = (exit: Exit.Exit<SmsProvider.Sent, SmsError.SmsError>): CircuitBreaker.Outcome => {
  if (Exit.isSuccess(exit)) return CircuitBreaker.success
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isNone(error)) return CircuitBreaker.failure()
  switch (SmsProvider.verdict(error.value)) {
    case "unavailable": {
      // A Retry-After longer than the cooldown keeps the circuit open that long.
      const retryAfter = SmsError.retryAfter(error.value)
      return CircuitBreaker.failure(retryAfter === undefined ? undefined : { retryAfter })
    }
    case "unknown":
      return CircuitBreaker.failure()
    case "account":
      return CircuitBreaker.ignored
    case "message":
      return CircuitBreaker.success
  }
}

const describeError = (e: SmsError.SmsError | CircuitBreaker.CircuitBreakerError): string =>
  e._tag === "CircuitBreakerError" ? e.reason._tag : "code" in e ? `${e._tag} ${e.code}` : e._tag

/**
 * What an estimate needs to know about a provider: no client, no credentials.
 *
 * @since 0.1.0
 */
export type Traits = Pick<SmsProvider.Adapter, "id" | "provider" | "local" | "capabilities" | "limits">

/**
 * Per provider: the encoding, units and segments of the message's text with that provider's segment sizes, the
 * recipients it can take, and the cost where a price is configured. Validates the message; sends nothing, and needs
 * no client (the CLI's `estimate` runs it without credentials).
 *
 * @since 0.1.0
 */
export const estimateWith = Effect.fnUntraced(function* (
  providers: ReadonlyArray<Traits>,
  prices: Readonly<Record<string, Price>>,
  input: Message
) {
  const message = yield* validate(input)
  const traits: SmsRoute.MessageTraits = {
    commercial: message.commercial !== undefined,
    scheduled: message.sendAt !== undefined
  }
  return providers.map((provider): Estimate => {
    const count = Segments.count(message.text, { limits: provider.limits })
    const servable = message.recipients.filter((r) => SmsRoute.canServe(provider.capabilities, r, traits))
    const price = prices[provider.id]
    let amount: number | undefined = 0
    for (const r of servable) {
      const p = price === undefined ? undefined : r.turkishMobile ? price.turkish : price.international
      if (p === undefined) {
        amount = undefined
        break
      }
      amount += p * count.segments
    }
    return {
      provider: provider.id,
      encoding: count.encoding,
      units: count.units,
      segments: count.segments,
      recipients: servable.length,
      unservable: message.recipients.length - servable.length,
      ...(price === undefined || amount === undefined
        ? {}
        : { cost: { amount: Math.round(amount * 10_000) / 10_000, currency: price.currency } })
    }
  })
})

/**
 * Each provider's traits (capabilities and segment sizes), by provider name, for estimates without clients.
 *
 * @since 0.1.0
 */
export const traits: Readonly<Partial<Record<SmsError.Provider, Traits>>> = {
  iletimerkezi: IletiMerkeziAdapter.traits,
  turkeysms: TurkeySmsAdapter.traits,
  infobip: InfobipAdapter.traits
}

/**
 * Builds the service from its providers.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* <
  const P extends ReadonlyArray<Effect.Effect<SmsProvider.Adapter, never, any>>
>(options: Options<P>): Effect.fn.Return<Service, never, Scope.Scope | Effect.Services<P[number]>> {
  const adapters: Array<SmsProvider.Adapter> = []
  for (const build of options.providers) adapters.push(yield* build as Effect.Effect<SmsProvider.Adapter>)
  const byId = new Map<string, SmsProvider.Adapter>()
  for (const a of adapters) {
    if (byId.has(a.id)) {
      return yield* Effect.die(new Error(`Sms: two providers share the id "${a.id}"; give one an explicit id`))
    }
    byId.set(a.id, a)
  }
  const route =
    options.route === undefined || typeof options.route === "string"
      ? SmsRoute.fromName(options.route ?? "fixed", adapters)
      : options.route
  const prices = options.prices ?? {}
  const settleWithin = Duration.toMillis(Duration.fromInputUnsafe(options.settleWithin ?? "2 minutes"))
  const settleAttempts = options.settleAttempts ?? 3

  const storeOption = yield* Effect.serviceOption(CircuitBreaker.CircuitBreakerStore)
  const breaker = yield* CircuitBreaker.make({
    tripPolicy: options.breaker?.tripPolicy ?? CircuitBreaker.consecutive(5),
    openDuration: options.breaker?.openDuration ?? "30 seconds"
  }).pipe(
    Option.isSome(storeOption)
      ? Effect.provideService(CircuitBreaker.CircuitBreakerStore, storeOption.value)
      : Effect.provide(CircuitBreaker.layerStoreMemory())
  )
  yield* breaker.transitions.pipe(
    Stream.runForEach((t) =>
      Effect.logInfo(`sms breaker ${t.key}: ${t.from} → ${t.to}`).pipe(
        Effect.annotateLogs({ "sms.provider": t.key, "sms.breaker.from": t.from, "sms.breaker.to": t.to })
      )
    ),
    Effect.forkScoped({ startImmediately: true })
  )
  const breakerState = (id: string) =>
    breaker.state(id).pipe(
      Effect.map((s) => s._tag),
      Effect.orElseSucceed(() => "Closed" as const)
    )

  const segmentsFor = (adapter: SmsProvider.Adapter, text: string) => Segments.count(text, { limits: adapter.limits })
  const priceFor = (id: string, recipient: SmsRoute.Recipient): number | undefined => {
    const price = prices[id]
    return price === undefined ? undefined : recipient.turkishMobile ? price.turkish : price.international
  }

  const plan = (message: Validated) => {
    const traits: SmsRoute.MessageTraits = {
      commercial: message.commercial !== undefined,
      scheduled: message.sendAt !== undefined
    }
    const segments = new Map<string, number>()
    const env: SmsRoute.Environment = {
      capabilities: (id) => byId.get(id)?.capabilities,
      cost: (id, recipient) => {
        const adapter = byId.get(id)
        const price = priceFor(id, recipient)
        if (adapter === undefined || price === undefined) return undefined
        let n = segments.get(id)
        if (n === undefined) {
          n = segmentsFor(adapter, message.text).segments
          segments.set(id, n)
        }
        return n * price
      }
    }
    return SmsRoute.split(message.recipients, (r) => SmsRoute.chainFor(route, r, traits, env))
  }

  const recordHop = (hop: Hop, recipients: number) =>
    Effect.gen(function* () {
      const attributes = {
        "sms.hop.from": hop.from,
        "sms.hop.to": hop.to ?? "none",
        "sms.hop.reason": hop.reason,
        "sms.breaker.state": hop.breaker,
        "sms.recipients": recipients
      }
      yield* Effect.logWarning(
        `sms failover: ${hop.from} → ${hop.to ?? "no provider left"} (${hop.reason}; ${hop.from} breaker ${hop.breaker})`
      ).pipe(Effect.annotateLogs(attributes))
      const span = yield* Effect.option(Effect.currentSpan)
      if (Option.isSome(span)) span.value.event("sms.failover", yield* Clock.currentTimeNanos, attributes)
    })

  // An unknown outcome stays with its provider: `settle` may resolve it there, never another provider.
  const settle = Effect.fnUntraced(function* (
    adapter: SmsProvider.Adapter,
    request: SmsProvider.SendRequest,
    unknown: SmsError.SmsError,
    startedAt: number
  ) {
    if (adapter.settle === undefined || unknown._tag !== "SendOutcomeUnknown") return undefined
    for (let i = 0; i < settleAttempts; i++) {
      const now = yield* Clock.currentTimeMillis
      if (now - startedAt > settleWithin) break
      const settled = yield* Effect.result(adapter.settle(request, unknown))
      // Only a success settles it. A definite failure of the settling call says nothing about the first send.
      if (settled._tag === "Success") return settled.success
    }
    return undefined
  })

  const sendPart = Effect.fnUntraced(function* (part: SmsRoute.Part, message: Validated) {
    const hops: Array<Hop> = []
    const recipients = part.recipients.map((r) => r.e164)
    const request: SmsProvider.SendRequest = {
      sender: message.sender,
      text: message.text,
      recipients: part.recipients,
      sendAt: message.sendAt,
      commercial: message.commercial
    }
    let last: SmsError.SmsError | CircuitBreaker.CircuitBreakerError | undefined
    for (let i = 0; i < part.chain.length; i++) {
      const id = part.chain[i]!
      const adapter = byId.get(id)!
      const startedAt = yield* Clock.currentTimeMillis
      const result = yield* adapter
        .send(request)
        .pipe(
          breaker.execute({ key: id, classify }),
          Effect.withSpan("Sms.attempt", { attributes: { "sms.provider": id, "sms.recipients": recipients.length } }),
          Effect.result
        )
      const sent = (s: SmsProvider.Sent): PartOutcome => ({
        _tag: "Sent",
        part: {
          provider: id,
          providerName: adapter.provider,
          recipients,
          ...(s.orderId === undefined ? {} : { orderId: s.orderId }),
          messages: s.messages.map((m) =>
            m.messageId === undefined ? { recipient: m.recipient } : m
          ) as ReceiptPart["messages"],
          hops
        }
      })
      if (result._tag === "Success") return sent(result.success)
      const e = result.failure
      if (!isBreakerError(e)) {
        const verdict = SmsProvider.verdict(e)
        if (verdict === "unknown") {
          const settled = yield* settle(adapter, request, e, startedAt)
          if (settled !== undefined) return sent(settled)
          const attributes = { "sms.provider": id, "sms.error": describeError(e) }
          yield* Effect.logWarning(
            `sms: the outcome at ${id} is unknown (${describeError(e)}); not failing over, which could send it twice`
          ).pipe(Effect.annotateLogs(attributes))
          const span = yield* Effect.option(Effect.currentSpan)
          if (Option.isSome(span)) span.value.event("sms.outcome_unknown", yield* Clock.currentTimeNanos, attributes)
          return { _tag: "Failed", recipients, provider: id, error: e } satisfies PartOutcome
        }
        if (verdict === "message") return { _tag: "Failed", recipients, provider: id, error: e } satisfies PartOutcome
      }
      last = e
      const next = part.chain[i + 1]
      const hop: Hop = {
        from: id,
        ...(next === undefined ? {} : { to: next }),
        reason: describeError(e),
        breaker: yield* breakerState(id)
      }
      hops.push(hop)
      yield* recordHop(hop, recipients.length)
    }
    // A chain of one provider had nowhere to fail over to: its own error says more than "exhausted".
    if (part.chain.length === 1 && last !== undefined && !isBreakerError(last)) {
      return { _tag: "Failed", recipients, provider: part.chain[0], error: last } satisfies PartOutcome
    }
    return {
      _tag: "Failed",
      recipients,
      provider: undefined,
      error: new FailoverExhausted({
        recipients,
        hops,
        cause: last,
        message: `no provider could take the message: ${hops.map((h) => `${h.from} (${h.reason})`).join(", ")}`
      })
    } satisfies PartOutcome
  })

  const send = Effect.fn("Sms.send")(function* (input: Message) {
    const message = yield* validate(input)
    const { parts, unroutable } = plan(message)
    if (unroutable.length > 0) {
      const what = [
        message.commercial !== undefined ? "commercial (İYS)" : undefined,
        message.sendAt !== undefined ? "scheduled" : undefined
      ]
        .filter((x) => x !== undefined)
        .join(", ")
      return yield* invalid(
        "to",
        "no-provider",
        `no provider in the route can take ${unroutable.map((r) => r.e164).join(", ")}${what === "" ? "" : ` for a ${what} message`}`
      )
    }
    yield* Effect.annotateCurrentSpan({
      "sms.recipients": message.recipients.length,
      "sms.parts": parts.length,
      "sms.sender": message.sender
    })
    const outcomes = yield* Effect.forEach(parts, (part) => sendPart(part, message), {
      concurrency: options.concurrency ?? 4
    })
    const sent = outcomes.flatMap((o) => (o._tag === "Sent" ? [o.part] : []))
    const failed = outcomes.flatMap((o) => (o._tag === "Failed" ? [o] : []))
    if (failed.length === 0) return new SendReceipt({ parts: sent })
    if (sent.length === 0 && failed.length === 1) return yield* Effect.fail(failed[0]!.error)
    return yield* new SendIncomplete({
      sent: new SendReceipt({ parts: sent }),
      failures: failed.map((f) => ({
        recipients: f.recipients,
        ...(f.provider === undefined ? {} : { provider: f.provider }),
        error: f.error
      })),
      message: `${sent.reduce((n, p) => n + p.recipients.length, 0)} recipients sent, ${failed.reduce((n, f) => n + f.recipients.length, 0)} not (${failed.map((f) => f.error._tag).join(", ")})`
    })
  })

  const status = Effect.fn("Sms.status")(function* (receipt: SendReceipt) {
    const lists = yield* Effect.forEach(
      receipt.parts,
      (part) => {
        const adapter = byId.get(part.provider)
        if (adapter === undefined) {
          return Effect.fail(
            invalid("receipt", "unknown-provider", `the receipt names provider "${part.provider}", not configured`)
          )
        }
        return adapter.status(part)
      },
      { concurrency: 4 }
    )
    return lists.flat()
  })

  const watch = (
    receipts: ReadonlyArray<SendReceipt>,
    watchOptions?: { readonly every?: Duration.Input | undefined }
  ) => {
    const every = watchOptions?.every ?? "5 seconds"
    const key = (s: SmsProvider.RecipientStatus) => `${s.provider}\u0000${s.recipient}\u0000${s.messageId ?? ""}`
    return Stream.paginate({ last: new Map<string, SmsProvider.DeliveryStatus>(), first: true }, (state) =>
      Effect.gen(function* () {
        if (!state.first) yield* Effect.sleep(every)
        const all = (yield* Effect.forEach(receipts, status)).flat()
        const changes = all.filter((s) => state.last.get(key(s)) !== s.status)
        const last = new Map(state.last)
        for (const s of changes) last.set(key(s), s.status)
        const done = all.every((s) => SmsProvider.isFinal(s.status))
        return [changes, done ? Option.none() : Option.some({ last, first: false })] as const
      })
    )
  }

  const deliveryReports = Stream.mergeAll(
    adapters.map((a) => a.deliveryReports),
    { concurrency: "unbounded" }
  )

  const balance = Effect.forEach(
    adapters,
    (a) =>
      a.balance.pipe(
        Effect.match({
          onFailure: (error): BalanceEntry => ({ provider: a.id, error }),
          onSuccess: (balance): BalanceEntry => ({ provider: a.id, balance })
        })
      ),
    { concurrency: "unbounded" }
  ).pipe(Effect.withSpan("Sms.balance"))

  const estimate = Effect.fn("Sms.estimate")(function* (input: Message) {
    return yield* estimateWith(adapters, prices, input)
  })

  return Sms.of({
    providers: adapters,
    route,
    send,
    status,
    watch,
    deliveryReports,
    balance,
    estimate,
    breakerState,
    transitions: breaker.transitions
  })
})

/**
 * The `Sms` service over the given providers. A `CircuitBreakerStore` in context (e.g. Redis, shared between
 * processes) is used for the breakers; otherwise they are kept in memory.
 *
 * **Example**
 * ```ts
 * const SmsLive = Sms.layer({
 *   providers: [Sms.iletiMerkezi(), Sms.infobip()],
 *   route: Sms.Route.byCountry({ turkish: Sms.Route.fixed("iletimerkezi", "infobip"), international: Sms.Route.fixed("infobip") })
 * })
 * ```
 *
 * @since 0.1.0
 */
export const layer = <const P extends ReadonlyArray<Effect.Effect<SmsProvider.Adapter, never, any>>>(
  options: Options<P>
): Layer.Layer<Sms, never, Exclude<Effect.Services<P[number]>, Scope.Scope>> =>
  // The layer's scope is the providers' scope too (a client built inside an adapter lives as long as the service).
  Layer.effect(Sms, make(options)) as Layer.Layer<Sms, never, Exclude<Effect.Services<P[number]>, Scope.Scope>>

/**
 * The routing settings from the environment:
 *
 * - `SMS_PROVIDERS`: the providers in order of preference, comma-separated (`iletimerkezi,turkeysms,infobip`).
 * - `SMS_ROUTE`: `fixed` (default), `country`, `cost` or `iys` (see `SmsRoute.fromName`).
 * - `SMS_PRICES` (optional): per provider, `id=CURRENCY:turkish[:international]` per segment, comma-separated,
 *   e.g. `iletimerkezi=TRY:0.25,infobip=EUR:0.05:0.08`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<{
  readonly providers: ReadonlyArray<string>
  readonly route: SmsRoute.Name
  readonly prices: Readonly<Record<string, Price>>
}> = Config.all({
  providers: Config.String("SMS_PROVIDERS"),
  route: Config.withDefault(Config.Literals(SmsRoute.names, "SMS_ROUTE"), "fixed" as const),
  prices: Config.withDefault(Config.String("SMS_PRICES"), "")
}).pipe(
  Config.mapEffect((c) => {
    const providers = c.providers
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
    const fail = (message: string) => Effect.fail(new Config.ConfigError(new ConfigProvider.SourceError({ message })))
    if (providers.length === 0) return fail("SMS_PROVIDERS is empty: list at least one provider")
    const prices: Record<string, Price> = {}
    for (const entry of c.prices.split(",").map((p) => p.trim())) {
      if (entry === "") continue
      const m = /^([\w-]+)=([A-Z]{3}):(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(entry)
      if (m === null) return fail(`SMS_PRICES: "${entry}" is not id=CURRENCY:turkish[:international]`)
      prices[m[1]!] = {
        currency: m[2]!,
        turkish: Number(m[3]),
        ...(m[4] === undefined ? {} : { international: Number(m[4]) })
      }
    }
    return Effect.succeed({ providers, route: c.route, prices })
  })
)

/**
 * iletiMerkezi as an `Sms` provider, built on the `IletiMerkeziClient` in context.
 *
 * @since 0.1.0
 */
export const iletiMerkezi = IletiMerkeziAdapter.make

/**
 * TurkeySMS as an `Sms` provider, built on the `TurkeySmsClient` in context.
 *
 * @since 0.1.0
 */
export const turkeySms = TurkeySmsAdapter.make

/**
 * Infobip as an `Sms` provider, built on the `InfobipClient` in context.
 *
 * @since 0.1.0
 */
export const infobip = InfobipAdapter.make

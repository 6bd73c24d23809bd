/**
 * The `Sms` service's routing and failover logic over in-memory providers: which errors fail over and which never do,
 * the per-provider circuit breaker's transitions under TestClock, hops as span events and log lines, and splitting.
 * (The same service over real HTTP against the simulators is in test/sms-*.test.ts.)
 */

import { assert, describe, it } from "@effect/vitest"
import { Sms, SmsError, type SmsProvider, SmsRoute } from "@effect-sms/core"
import { ConfigProvider, Context, Effect, Fiber, Layer, Logger, Stream, Tracer } from "effect"
import { CircuitBreaker } from "effect/persistence"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

type Step = "ok" | SmsError.SmsError

const unavailable = () =>
  new SmsError.ServiceUnavailable({ provider: "iletimerkezi", code: 503, message: "busy", httpStatus: 503 })
const unknown = () =>
  new SmsError.SendOutcomeUnknown({
    provider: "iletimerkezi",
    order: {},
    windowStart: "2026-01-01 00:00:00",
    windowEnd: "2026-01-01 00:10:00",
    attempts: ["attempt 1: TransportError: reset"],
    message: "no matching order was found"
  })

/** An in-memory provider: each send takes the next scripted step ("ok" once the script runs out). */
const fake = (
  id: string,
  script: ReadonlyArray<Step>,
  capabilities: Partial<SmsRoute.Capabilities> = {},
  extra: Partial<SmsProvider.Adapter> = {}
) => {
  const sends: Array<ReadonlyArray<string>> = []
  let settles = 0
  const adapter: SmsProvider.Adapter = {
    id,
    provider: "iletimerkezi",
    local: true,
    capabilities: {
      turkishMobiles: true,
      international: false,
      commercial: true,
      schedule: true,
      status: true,
      balance: true,
      deliveryReports: "none",
      ...capabilities
    },
    limits: {},
    send: (request) =>
      Effect.suspend(() => {
        const step = script[sends.length] ?? "ok"
        sends.push(request.recipients.map((r) => r.e164))
        return step === "ok"
          ? Effect.succeed({
              orderId: `${id}-${sends.length}`,
              messages: request.recipients.map((r) => ({ recipient: r.e164 }))
            })
          : Effect.fail(step)
      }),
    status: (sent) =>
      Effect.succeed(
        sent.recipients.map((recipient) => ({ provider: id, recipient, status: "delivered" as const, raw: 111 }))
      ),
    balance: Effect.succeed({ amount: 1 }),
    deliveryReports: Effect.never as never,
    ...extra
  }
  return {
    adapter,
    sends,
    settles: () => settles,
    withSettle: (outcome: "ok" | "fail") => {
      return {
        ...adapter,
        settle: (request: SmsProvider.SendRequest) =>
          Effect.suspend(() => {
            settles++
            return outcome === "ok"
              ? Effect.succeed({
                  orderId: `${id}-settled`,
                  messages: request.recipients.map((r) => ({ recipient: r.e164 }))
                })
              : Effect.fail(unknown())
          })
      } satisfies SmsProvider.Adapter
    }
  }
}

const build = (adapters: ReadonlyArray<SmsProvider.Adapter>, options: Partial<Sms.Options<never>> = {}) =>
  Effect.map(Layer.build(Sms.layer({ ...options, providers: adapters.map((a) => Effect.succeed(a)) })), (ctx) =>
    Context.get(ctx, Sms.Sms)
  )

const message = { sender: "EFFECTSMS", text: "Merhaba", to: ["05321112233", "+90 533 444 55 66"] }

const recordingTracer = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span: (options) => {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}

const captureLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make<unknown, void>(({ message }) => {
    lines.push((Array.isArray(message) ? message : [message]).map(String).join(" "))
  })
  return { lines, layer: Logger.layer([logger]) }
}

describe("Sms failover", () => {
  it.effect("a settled 503 fails over to the next provider; the receipt names it and records the hop", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unavailable()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter])
      const receipt = yield* sms.send(message)
      assert.strictEqual(primary.sends.length, 1)
      assert.strictEqual(secondary.sends.length, 1)
      assert.strictEqual(receipt.parts.length, 1)
      assert.strictEqual(receipt.parts[0]!.provider, "secondary")
      assert.deepStrictEqual(receipt.parts[0]!.hops, [
        { from: "primary", to: "secondary", reason: "ServiceUnavailable 503", breaker: "Closed" }
      ])
      assert.strictEqual(receipt.providerOf("+905321112233"), "secondary")
    }).pipe(Effect.scoped)
  )

  it.effect("a SendOutcomeUnknown never fails over: the secondary sees no send", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unknown()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter])
      const error = yield* Effect.flip(sms.send(message))
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      assert.strictEqual(primary.sends.length, 1)
      assert.strictEqual(secondary.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("an ambiguous transport failure that leaked out of a client is treated as unknown too", () =>
    Effect.gen(function* () {
      const reset = new SmsError.TransportError({
        provider: "iletimerkezi",
        kind: "reset",
        method: "send-sms",
        message: "socket hang up"
      })
      const primary = fake("primary", [reset])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter])
      const error = yield* Effect.flip(sms.send(message))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(secondary.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("an unknown outcome the provider settles as sent returns its receipt, still without failover", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unknown()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.withSettle("ok"), secondary.adapter])
      const receipt = yield* sms.send(message)
      assert.strictEqual(receipt.parts[0]!.provider, "primary")
      assert.strictEqual(receipt.parts[0]!.orderId, "primary-settled")
      assert.strictEqual(primary.settles(), 1)
      assert.strictEqual(secondary.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("settling is attempted `settleAttempts` times, then the unknown outcome is returned", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unknown()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.withSettle("fail"), secondary.adapter], { settleAttempts: 2 })
      const error = yield* Effect.flip(sms.send(message))
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      assert.strictEqual(primary.settles(), 2)
      assert.strictEqual(secondary.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("an account problem (insufficient balance) fails over; a refusal of the message itself does not", () =>
    Effect.gen(function* () {
      const balance = new SmsError.InsufficientBalance({ provider: "iletimerkezi", code: 402, message: "bakiye" })
      const recipients = new SmsError.InvalidRecipients({ provider: "iletimerkezi", code: 450, message: "numara" })
      const a = fake("a", [balance])
      const b = fake("b", [])
      const sms1 = yield* build([a.adapter, b.adapter])
      assert.strictEqual((yield* sms1.send(message)).parts[0]!.provider, "b")

      const c = fake("c", [recipients])
      const d = fake("d", [])
      const sms2 = yield* build([c.adapter, d.adapter])
      const error = yield* Effect.flip(sms2.send(message))
      assert.strictEqual(error._tag, "InvalidRecipients")
      assert.strictEqual(d.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("when every provider fails with a settled error, FailoverExhausted lists each hop", () =>
    Effect.gen(function* () {
      const a = fake("a", [unavailable()])
      const b = fake("b", [unavailable()])
      const sms = yield* build([a.adapter, b.adapter])
      const error = yield* Effect.flip(sms.send(message))
      assert.strictEqual(error._tag, "FailoverExhausted")
      if (error._tag !== "FailoverExhausted") return
      assert.deepStrictEqual(
        error.hops.map((h) => [h.from, h.to]),
        [
          ["a", "b"],
          ["b", undefined]
        ]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("every hop is a span event on Sms.send and a log line naming provider, reason and breaker state", () =>
    Effect.gen(function* () {
      const { spans, tracer } = recordingTracer()
      const logs = captureLogs()
      const primary = fake("primary", [unavailable()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter])
      yield* sms.send(message).pipe(Effect.withTracer(tracer), Effect.provide(logs.layer))
      const send = spans.find((s) => s.name === "Sms.send")
      assert.isDefined(send)
      const events = (send as unknown as { events: Array<[string, bigint, Record<string, unknown>]> }).events
      assert.deepStrictEqual(
        events.map(([name, , a]) => [
          name,
          a["sms.hop.from"],
          a["sms.hop.to"],
          a["sms.hop.reason"],
          a["sms.breaker.state"]
        ]),
        [["sms.failover", "primary", "secondary", "ServiceUnavailable 503", "Closed"]]
      )
      assert.isTrue(
        logs.lines.some(
          (l) => l.includes("primary → secondary") && l.includes("ServiceUnavailable") && l.includes("breaker Closed")
        ),
        logs.lines.join("\n")
      )
      // One attempt span per provider tried.
      assert.deepStrictEqual(
        spans.filter((s) => s.name === "Sms.attempt").map((s) => s.attributes.get("sms.provider")),
        ["primary", "secondary"]
      )
    }).pipe(Effect.scoped)
  )
})

describe("Sms circuit breaker", () => {
  it.effect("opens after the trip policy's failures, half-opens after the cooldown, closes on a good probe", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unavailable(), unavailable()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter], {
        breaker: { tripPolicy: CircuitBreaker.consecutive(2), openDuration: "30 seconds" }
      })
      const transitions: Array<string> = []
      yield* sms.transitions.pipe(
        Stream.runForEach((t) => Effect.sync(() => transitions.push(`${t.from}->${t.to}`))),
        Effect.forkScoped({ startImmediately: true })
      )

      yield* sms.send(message) // 503 → secondary
      assert.strictEqual(yield* sms.breakerState("primary"), "Closed")
      yield* sms.send(message) // 503 again → opens
      assert.strictEqual(yield* sms.breakerState("primary"), "Open")
      assert.strictEqual(primary.sends.length, 2)

      // While open, the primary is not even tried.
      const third = yield* sms.send(message)
      assert.strictEqual(primary.sends.length, 2)
      assert.strictEqual(third.parts[0]!.provider, "secondary")
      assert.deepStrictEqual(third.parts[0]!.hops, [
        { from: "primary", to: "secondary", reason: "CircuitOpen", breaker: "Open" }
      ])

      // Still open one second before the cooldown ends.
      yield* TestClock.adjust("29 seconds")
      yield* sms.send(message)
      assert.strictEqual(primary.sends.length, 2)

      // After the cooldown the next send is the probe; it succeeds and closes the circuit.
      yield* TestClock.adjust("1 second")
      const probe = yield* sms.send(message)
      assert.strictEqual(primary.sends.length, 3)
      assert.strictEqual(probe.parts[0]!.provider, "primary")
      assert.strictEqual(yield* sms.breakerState("primary"), "Closed")
      yield* Effect.yieldNow
      assert.deepStrictEqual(transitions, ["Closed->Open", "Open->HalfOpen", "HalfOpen->Closed"])
    }).pipe(Effect.scoped)
  )

  it.effect("a failed probe reopens the circuit for another cooldown", () =>
    Effect.gen(function* () {
      const primary = fake("primary", [unavailable(), unavailable()])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter], {
        breaker: { tripPolicy: CircuitBreaker.consecutive(1), openDuration: "10 seconds" }
      })
      yield* sms.send(message)
      assert.strictEqual(yield* sms.breakerState("primary"), "Open")
      yield* TestClock.adjust("10 seconds")
      const probe = yield* sms.send(message) // the probe answers 503: reopened, and the secondary takes it
      assert.strictEqual(primary.sends.length, 2)
      assert.strictEqual(probe.parts[0]!.provider, "secondary")
      assert.strictEqual(yield* sms.breakerState("primary"), "Open")
      yield* TestClock.adjust("9 seconds")
      yield* sms.send(message)
      assert.strictEqual(primary.sends.length, 2)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* sms.send(message)).parts[0]!.provider, "primary")
    }).pipe(Effect.scoped)
  )

  it.effect("a Retry-After longer than the cooldown keeps the circuit open that long", () =>
    Effect.gen(function* () {
      const limited = new SmsError.RateLimited({
        provider: "infobip",
        code: 429,
        message: "Too many requests",
        httpStatus: 429,
        retryAfterMillis: 60_000
      })
      const primary = fake("primary", [limited])
      const secondary = fake("secondary", [])
      const sms = yield* build([primary.adapter, secondary.adapter], {
        breaker: { tripPolicy: CircuitBreaker.consecutive(1), openDuration: "10 seconds" }
      })
      yield* sms.send(message)
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual(yield* sms.breakerState("primary"), "Open")
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual((yield* sms.send(message)).parts[0]!.provider, "primary")
    }).pipe(Effect.scoped)
  )

  it.effect("unknown outcomes count against the breaker; refusals of the message do not open it", () =>
    Effect.gen(function* () {
      const recipients = new SmsError.InvalidRecipients({ provider: "iletimerkezi", code: 450, message: "numara" })
      const primary = fake("primary", [recipients, recipients, recipients, unknown()])
      const sms = yield* build([primary.adapter], {
        breaker: { tripPolicy: CircuitBreaker.consecutive(1), openDuration: "10 seconds" }
      })
      for (let i = 0; i < 3; i++) yield* Effect.flip(sms.send(message))
      assert.strictEqual(yield* sms.breakerState("primary"), "Closed")
      yield* Effect.flip(sms.send(message))
      assert.strictEqual(yield* sms.breakerState("primary"), "Open")
    }).pipe(Effect.scoped)
  )
})

describe("Sms routing", () => {
  it.effect("a message to Turkish and foreign numbers is split by country, and the receipt says so", () =>
    Effect.gen(function* () {
      const local = fake("local", [])
      const global = fake("global", [], { international: true })
      const sms = yield* build([local.adapter, global.adapter], {
        route: SmsRoute.byCountry({
          turkish: SmsRoute.fixed("local", "global"),
          international: SmsRoute.fixed("global")
        })
      })
      const receipt = yield* sms.send({ ...message, to: ["05321112233", "+44 7911 123456", "05334445566"] })
      assert.isTrue(receipt.split)
      assert.deepStrictEqual(
        receipt.parts.map((p) => [p.provider, p.recipients]),
        [
          ["local", ["+905321112233", "+905334445566"]],
          ["global", ["+447911123456"]]
        ]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("a recipient no provider can take is refused before anything is sent", () =>
    Effect.gen(function* () {
      const local = fake("local", [])
      const sms = yield* build([local.adapter])
      const error = yield* Effect.flip(sms.send({ ...message, to: ["05321112233", "+4479111234567"] }))
      assert.strictEqual(error._tag, "InvalidInput")
      if (error._tag === "InvalidInput") assert.strictEqual(error.rule, "no-provider")
      assert.strictEqual(local.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("a split message whose second part fails reports what went out (SendIncomplete)", () =>
    Effect.gen(function* () {
      const local = fake("local", [])
      const global = fake("global", [unavailable()], { international: true })
      const sms = yield* build([local.adapter, global.adapter], {
        route: SmsRoute.byCountry({ turkish: SmsRoute.fixed("local"), international: SmsRoute.fixed("global") })
      })
      const error = yield* Effect.flip(sms.send({ ...message, to: ["05321112233", "+447911123456"] }))
      assert.strictEqual(error._tag, "SendIncomplete")
      if (error._tag !== "SendIncomplete") return
      assert.deepStrictEqual(
        error.sent.parts.map((p) => p.recipients),
        [["+905321112233"]]
      )
      assert.deepStrictEqual(
        error.failures.map((f) => f.recipients),
        [["+447911123456"]]
      )
    }).pipe(Effect.scoped)
  )

  it.effect("bad input fails before any provider is called", () =>
    Effect.gen(function* () {
      const local = fake("local", [])
      const sms = yield* build([local.adapter])
      const cases = [
        { ...message, text: "  " },
        { ...message, sender: "" },
        { ...message, to: [] },
        { ...message, to: ["0212 123 45 67"] },
        { ...message, to: ["+12"] }
      ]
      for (const c of cases) assert.strictEqual((yield* Effect.flip(sms.send(c)))._tag, "InvalidInput")
      assert.strictEqual(local.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("estimate gives each provider's encoding, segments and cost without sending", () =>
    Effect.gen(function* () {
      const a = fake("a", [], {}, { limits: { gsm7: { single: 155, multi: 148 } } })
      const b = fake("b", [], { international: true })
      const sms = yield* build([a.adapter, b.adapter], {
        prices: { a: { currency: "TRY", turkish: 0.25 }, b: { currency: "EUR", turkish: 0.05, international: 0.08 } }
      })
      const text = "x".repeat(158)
      const estimates = yield* sms.estimate({ ...message, text, to: ["05321112233", "+447911123456"] })
      assert.deepStrictEqual(
        estimates.map((e) => [e.provider, e.encoding, e.segments, e.recipients, e.unservable, e.cost]),
        [
          ["a", "gsm7", 2, 1, 1, { amount: 0.5, currency: "TRY" }],
          ["b", "gsm7", 1, 2, 0, { amount: 0.13, currency: "EUR" }]
        ]
      )
      assert.strictEqual(a.sends.length + b.sends.length, 0)
    }).pipe(Effect.scoped)
  )

  it.effect("the cost route sends each recipient through its cheapest provider", () =>
    Effect.gen(function* () {
      const a = fake("a", [], { international: true })
      const b = fake("b", [], { international: true })
      const sms = yield* build([a.adapter, b.adapter], {
        route: SmsRoute.cheapest("a", "b"),
        prices: {
          a: { currency: "EUR", turkish: 0.02, international: 0.1 },
          b: { currency: "EUR", turkish: 0.03, international: 0.05 }
        }
      })
      const receipt = yield* sms.send({ ...message, to: ["05321112233", "+447911123456"] })
      assert.strictEqual(receipt.providerOf("+905321112233"), "a")
      assert.strictEqual(receipt.providerOf("+447911123456"), "b")
    }).pipe(Effect.scoped)
  )

  it.effect("a commercial message skips providers without İYS for Turkish recipients", () =>
    Effect.gen(function* () {
      const plain = fake("plain", [], { commercial: false })
      const iys = fake("iys", [])
      const sms = yield* build([plain.adapter, iys.adapter])
      const receipt = yield* sms.send({ ...message, commercial: { recipientType: "BIREYSEL" } })
      assert.strictEqual(receipt.parts[0]!.provider, "iys")
      assert.strictEqual(plain.sends.length, 0)
    }).pipe(Effect.scoped)
  )
})

describe("Sms configuration", () => {
  const read = (env: Record<string, string>) =>
    Effect.gen(function* () {
      return yield* Sms.config
    }).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))

  it.effect("SMS_PROVIDERS, SMS_ROUTE and SMS_PRICES are read and checked", () =>
    Effect.gen(function* () {
      const c = yield* read({
        SMS_PROVIDERS: "iletimerkezi, turkeysms,infobip",
        SMS_ROUTE: "cost",
        SMS_PRICES: "iletimerkezi=TRY:0.25,infobip=EUR:0.05:0.08"
      })
      assert.deepStrictEqual(c.providers, ["iletimerkezi", "turkeysms", "infobip"])
      assert.strictEqual(c.route, "cost")
      assert.deepStrictEqual(c.prices, {
        iletimerkezi: { currency: "TRY", turkish: 0.25 },
        infobip: { currency: "EUR", turkish: 0.05, international: 0.08 }
      })
      assert.strictEqual((yield* read({ SMS_PROVIDERS: "infobip" })).route, "fixed")
      for (const bad of [
        { SMS_PROVIDERS: " , " },
        { SMS_PROVIDERS: "infobip", SMS_ROUTE: "random" },
        { SMS_PROVIDERS: "infobip", SMS_PRICES: "infobip=euro:1" }
      ]) {
        yield* Effect.flip(read(bad))
      }
    })
  )

  it.effect("a route given by name is resolved against the providers", () =>
    Effect.gen(function* () {
      const local = fake("local", [])
      const global = fake("global", [], { international: true })
      const sms = yield* build([{ ...global.adapter, local: false }, local.adapter], { route: "country" })
      const receipt = yield* sms.send({ ...message, to: ["05321112233", "+447911123456"] })
      assert.strictEqual(receipt.providerOf("+905321112233"), "local")
      assert.strictEqual(receipt.providerOf("+447911123456"), "global")
    }).pipe(Effect.scoped)
  )
})

describe("Sms end to end over random providers (property)", () => {
  type Outcome = "ok" | "503" | "unknown" | "account" | "message"
  const errorFor = (o: Exclude<Outcome, "ok">): SmsError.SmsError =>
    o === "503"
      ? unavailable()
      : o === "unknown"
        ? unknown()
        : o === "account"
          ? new SmsError.InsufficientBalance({ provider: "iletimerkezi", code: 402, message: "bakiye" })
          : new SmsError.InvalidRecipients({ provider: "iletimerkezi", code: 450, message: "numara" })

  const providerArb = fc.record({
    international: fc.boolean(),
    script: fc.array(fc.constantFrom<Outcome>("ok", "ok", "503", "unknown", "account", "message"), { maxLength: 4 })
  })
  const recipientArb = fc.oneof(
    fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+90532${String(n).padStart(7, "0")}`),
    fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+447${String(n).padStart(9, "0")}`)
  )

  it.effect("each recipient goes out at most once, through the provider its receipt names; unknowns never move", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.array(providerArb, { minLength: 1, maxLength: 4 }),
          fc.uniqueArray(recipientArb, { minLength: 1, maxLength: 12 }),
          fc.constantFrom<SmsRoute.Name>("fixed", "country"),
          async (providers, to, routeName) => {
            const sent: Array<{ provider: string; recipients: ReadonlyArray<string> }> = []
            const attempts: Array<{ provider: string; recipients: ReadonlyArray<string>; outcome: Outcome }> = []
            const adapters = providers.map((p, i): SmsProvider.Adapter => {
              const id = `p${i}`
              let n = 0
              return {
                ...fake(id, [], { international: p.international }).adapter,
                local: !p.international,
                send: (request) =>
                  Effect.suspend(() => {
                    const outcome = p.script[n++] ?? "ok"
                    const recipients = request.recipients.map((r) => r.e164)
                    attempts.push({ provider: id, recipients, outcome })
                    // An unknown outcome may have gone out: count it as sent, the worst case for duplicates.
                    if (outcome === "ok" || outcome === "unknown") sent.push({ provider: id, recipients })
                    return outcome === "ok"
                      ? Effect.succeed({ messages: recipients.map((recipient) => ({ recipient })) })
                      : Effect.fail(errorFor(outcome))
                  })
              }
            })
            const exit = await Effect.runPromise(
              Effect.scoped(
                Effect.flatMap(build(adapters, { route: routeName }), (sms) =>
                  Effect.result(sms.send({ sender: "EFFECTSMS", text: "Merhaba", to }))
                )
              )
            )
            const times = new Map<string, number>()
            for (const s of sent) for (const r of s.recipients) times.set(r, (times.get(r) ?? 0) + 1)
            for (const [r, n] of times) assert.strictEqual(n, 1, `${r} went out ${n} times`)
            // After an unknown outcome, its recipients were offered to no other provider.
            attempts.forEach((a, i) => {
              if (a.outcome !== "unknown") return
              for (const later of attempts.slice(i + 1)) {
                assert.isFalse(later.recipients.some((r) => a.recipients.includes(r)))
              }
            })
            const receiptParts =
              exit._tag === "Success"
                ? exit.success.parts
                : exit.failure._tag === "SendIncomplete"
                  ? exit.failure.sent.parts
                  : []
            // Every recipient a receipt lists went out through exactly that provider.
            for (const part of receiptParts) {
              for (const r of part.recipients) {
                assert.deepStrictEqual(
                  sent.filter((s) => s.recipients.includes(r)).map((s) => s.provider),
                  [part.provider]
                )
              }
            }
            if (exit._tag === "Success") {
              assert.deepStrictEqual(exit.success.parts.flatMap((p) => p.recipients).sort(), [...to].sort())
            } else if (exit.failure._tag === "SendIncomplete") {
              const covered = [
                ...exit.failure.sent.parts.flatMap((p) => p.recipients),
                ...exit.failure.failures.flatMap((f) => f.recipients)
              ]
              assert.deepStrictEqual(covered.sort(), [...to].sort())
            }
          }
        ),
        { numRuns: 300 }
      )
    )
  )
})

describe("Sms watch", () => {
  it.effect("polls every `every` on the clock, emits only changes, and ends once every recipient is final", () =>
    Effect.gen(function* () {
      const script: ReadonlyArray<ReadonlyArray<SmsProvider.DeliveryStatus>> = [
        ["pending", "pending"],
        ["pending", "pending"],
        ["delivered", "pending"],
        ["delivered", "undelivered"]
      ]
      let polls = 0
      const base = fake("p", [])
      const adapter: SmsProvider.Adapter = {
        ...base.adapter,
        status: (sent) =>
          Effect.sync(() => {
            const row = script[Math.min(polls++, script.length - 1)]!
            return sent.recipients.map((recipient, i) => ({ provider: "p", recipient, status: row[i]!, raw: row[i]! }))
          })
      }
      const sms = yield* build([adapter])
      const receipt = yield* sms.send(message)
      const fiber = yield* sms.watch([receipt], { every: "5 seconds" }).pipe(Stream.runCollect, Effect.forkChild)
      yield* Effect.yieldNow
      assert.strictEqual(polls, 1)
      yield* TestClock.adjust("4 seconds")
      assert.strictEqual(polls, 1)
      for (let i = 0; i < 3; i++) yield* TestClock.adjust("5 seconds")
      const changes = yield* Fiber.join(fiber)
      assert.strictEqual(polls, 4)
      assert.deepStrictEqual(
        changes.map((c) => [c.recipient, c.status]),
        [
          ["+905321112233", "pending"],
          ["+905334445566", "pending"],
          ["+905321112233", "delivered"],
          ["+905334445566", "undelivered"]
        ]
      )
    }).pipe(Effect.scoped)
  )
})

describe("Sms settling window", () => {
  it.effect("an unknown outcome is given to the provider's settle only within settleWithin of the send", () =>
    Effect.gen(function* () {
      let settles = 0
      const base = fake("primary", [unknown()])
      const secondary = fake("secondary", [])
      const adapter: SmsProvider.Adapter = {
        ...base.adapter,
        // Each settling attempt takes 40 s and cannot tell.
        settle: () =>
          Effect.andThen(
            Effect.sync(() => settles++),
            Effect.andThen(Effect.sleep("40 seconds"), Effect.fail(unknown()))
          )
      }
      const sms = yield* build([adapter, secondary.adapter], { settleWithin: "1 minute", settleAttempts: 5 })
      const fiber = yield* Effect.flip(sms.send(message)).pipe(Effect.forkChild)
      for (let i = 0; i < 5; i++) yield* TestClock.adjust("40 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      // At 0 s and 40 s; at 80 s the window has closed.
      assert.strictEqual(settles, 2)
      assert.strictEqual(secondary.sends.length, 0)
    }).pipe(Effect.scoped)
  )
})

/**
 * Every iletiMerkezi endpoint and every error the simulator can produce, as one scenario suite run twice: over JSON
 * and over XML. Each run gets a fresh simulator with the same seed and a controlled clock, so the
 * two runs must record identical typed results and identical errors; the last test compares them.
 */

import { assert, describe, it } from "@effect/vitest"
import {
  IletiMerkezi,
  IletiMerkeziEndpoints,
  IletiMerkeziWire,
  Retry,
  IletiMerkeziSchema as S,
  type SmsError
} from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Context, DateTime, Effect, Exit, Layer, Option, Redacted, Scope } from "effect"
import type { HttpClient } from "effect/http"
import { T0 } from "./support/harness.ts"

type Format = "json" | "xml"
type Outcome =
  | { readonly ok: unknown }
  | { readonly error: { readonly tag: string; readonly code?: unknown; readonly message: string } }

const plain = (u: unknown): unknown =>
  u === undefined
    ? null
    : Option.isOption(u)
      ? Option.isSome(u)
        ? { some: plain(u.value) }
        : "none"
      : JSON.parse(JSON.stringify(u))

const account = (apiKey: string, extra: Partial<Simulator.AccountOptions> = {}): Simulator.AccountOptions => ({
  apiKey,
  apiSecret: `secret-for-${apiKey}`,
  senders: ["APITEST", "EFFECTSMS"],
  ...extra
})

const accounts = {
  poor: account("00000000000000000000000000000402", { balance: { amount: 0, sms: 0 } }),
  off: account("00000000000000000000000000000401", { apiAccess: false }),
  noBrand: account("00000000000000000000000000000470", { iys: { brandCode: undefined, active: false } }),
  inactive: account("00000000000000000000000000000403", { iys: { brandCode: "696422", active: false } }),
  quota: account("00000000000000000000000000000405", { iys: { brandCode: "696422", active: true, quota: 0 } })
}

const simulatorOptions: Simulator.Options = {
  seed: "scenarios",
  clock: { start: T0 },
  accounts: [{ ...Simulator.DemoAccount, blacklist: ["905551110000"] }, ...Object.values(accounts)]
}

const recordings: Record<Format, Map<string, Outcome>> = { json: new Map(), xml: new Map() }

// One consent time for both runs (whole seconds on the wire), so that their records compare equal.
const consentAt = DateTime.makeUnsafe(Date.now() - (Date.now() % 1000) - 3_600_000)
// Likewise one schedule for both runs: its minute is part of the recorded report.
const scheduleAt = DateTime.makeUnsafe(Date.now() + 86_400_000)

const normalizeError = (e: SmsError.SmsError) => ({
  tag: e._tag,
  ...("code" in e ? { code: e.code } : {}),
  message: e.message
})

const brandCode = Simulator.DemoAccount.iys.brandCode
const bypass = (fields: ConstructorParameters<typeof S.SendSmsRequest>[0]) =>
  new S.SendSmsRequest(fields, { disableChecks: true })
const msg = (text: string, recipients: ReadonlyArray<string>) => new S.SmsMessage({ text, recipients })

describe.each(["json", "xml"] as const)("iletiMerkezi over %s", (format) => {
  // One simulator and one set of clients for the whole run, opened in the first test and closed in the last.
  let scope: Scope.Closeable
  let sim: Simulator.Simulator["Service"]
  let demo: IletiMerkezi.Service
  let runtime: Context.Context<HttpClient.HttpClient | IletiMerkeziWire.XmlWire>
  const clients = new Map<string, IletiMerkezi.Service>()

  const clientAs = (apiKey: string, apiSecret: string) =>
    Effect.gen(function* () {
      const key = `${apiKey}:${apiSecret}`
      const existing = clients.get(key)
      if (existing) return existing
      const c = yield* IletiMerkezi.make({
        apiKey: Redacted.make(apiKey),
        apiSecret: Redacted.make(apiSecret),
        baseUrl: sim.url,
        format,
        rateLimit: false
      }).pipe(Effect.provideContext(runtime), Effect.orDie)
      clients.set(key, c)
      return c
    })

  /** Runs a scenario, records its outcome under `name`, and returns it. */
  const record = <A, E extends SmsError.SmsError>(name: string, effect: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(effect)
      const outcome: Outcome = Exit.isSuccess(exit)
        ? { ok: plain(exit.value) }
        : { error: normalizeError(Option.getOrThrow(Exit.findErrorOption(exit)) as SmsError.SmsError) }
      recordings[format].set(name, outcome)
      return outcome
    })

  const expectError = (outcome: Outcome, tag: string, code?: number) => {
    assert.isTrue("error" in outcome, `expected ${tag}, got ${JSON.stringify(outcome)}`)
    if ("error" in outcome) {
      assert.strictEqual(outcome.error.tag, tag)
      if (code !== undefined) assert.strictEqual(outcome.error.code, code)
    }
  }
  const ok = <A>(outcome: Outcome): A => {
    assert.isTrue("ok" in outcome, `expected success, got ${JSON.stringify(outcome)}`)
    return (outcome as { ok: A }).ok
  }

  it.live("starts the simulator", () =>
    Effect.gen(function* () {
      scope = yield* Scope.make()
      // The HTTP client lives as long as the suite: clients made in one test are used in the next.
      const ctx = yield* Layer.buildWithScope(
        Layer.mergeAll(Simulator.layer(simulatorOptions), NodeSms.layerHttpClient, IletiMerkeziWire.layerXml),
        scope
      )
      sim = Context.get(ctx, Simulator.Simulator)
      runtime = ctx
      demo = yield* clientAs(Simulator.DemoAccount.apiKey, Simulator.DemoAccount.apiSecret)
      assert.strictEqual(demo.format, format)
    })
  )

  it.live("get-balance", () =>
    Effect.gen(function* () {
      const b = ok<{ amount: number; sms: number }>(yield* record("balance", demo.getBalance))
      assert.deepStrictEqual(b, { amount: 1000, sms: 100_000 })
    })
  )

  it.live("get-sender", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(ok(yield* record("senders", demo.getSenders)), ["APITEST", "EFFECTSMS"])
    })
  )

  let first = ""
  it.live("send-sms: one text, several recipients in any accepted form", () =>
    Effect.gen(function* () {
      const r = ok<{ orderId: string }>(
        yield* record(
          "send one text",
          demo.sendSms({
            sender: "EFFECTSMS",
            text: 'Kargonuz yola çıktı <&> "takip" ]]> 1234',
            to: ["+90 532 111 22 33", "0533-444-55-66", "5347778899"],
            iys: 0
          })
        )
      )
      first = r.orderId
      assert.match(first, /^\d+$/)
      const [order] = (yield* sim.orders()).filter((o) => o.id === first)
      assert.deepStrictEqual(order!.numbers, ["905321112233", "905334445566", "905347778899"])
      // Free text survives the wire exactly, CDATA terminators and entities included.
      assert.deepStrictEqual(order!.texts, ['Kargonuz yola çıktı <&> "takip" ]]> 1234'])
    })
  )

  it.live("send-sms: several texts, each with its own recipients (the wire `message` array)", () =>
    Effect.gen(function* () {
      const r = ok<{ orderId: string }>(
        yield* record(
          "send several texts",
          demo.sendSms({
            sender: "APITEST",
            iys: 1,
            iysList: "BIREYSEL",
            messages: [
              { text: "Merhaba Ayşe", to: ["905321000001"] },
              { text: "Merhaba Şükrü", to: ["905321000002", "905321000003"] }
            ]
          })
        )
      )
      const [order] = (yield* sim.orders()).filter((o) => o.id === r.orderId)
      assert.strictEqual(order!.recipients, 3)
      assert.deepStrictEqual(order!.texts, ["Merhaba Ayşe", "Merhaba Şükrü"])
    })
  )

  it.live("get-report: an order in progress (113, messages 110)", () =>
    Effect.gen(function* () {
      const page = ok<{
        order: { status: number; total: number; waiting: number }
        messages: Array<{ status: number }>
      }>(yield* record("report in progress", demo.getReport(first)))
      assert.strictEqual(page.order.status, 113)
      assert.strictEqual(page.order.total, 3)
      assert.isTrue(page.messages.every((m) => m.status === 110))
    })
  )

  it.live("get-report: after delivery (114; 111/112; counters add up; numbers echoed +90…)", () =>
    Effect.gen(function* () {
      yield* sim.clock.advance("2 minutes")
      const page = ok<{
        order: { status: number; total: number; delivered: number; undelivered: number; waiting: number }
        messages: Array<{ number: string; status: number }>
      }>(yield* record("report final", demo.getReport(first)))
      assert.strictEqual(page.order.status, 114)
      assert.strictEqual(page.order.delivered + page.order.undelivered, page.order.total)
      assert.strictEqual(page.order.waiting, 0)
      assert.isTrue(page.messages.every((m) => m.status === 111 || m.status === 112))
      assert.deepStrictEqual(
        page.messages.map((m) => m.number),
        ["+905321112233", "+905334445566", "+905347778899"]
      )
    })
  )

  it.live("get-report: rowCount pages the messages", () =>
    Effect.gen(function* () {
      const page = ok<{ messages: Array<unknown> }>(
        yield* record("report page 2 of 2", demo.getReport(first, { page: 2, rowCount: 2 }))
      )
      assert.strictEqual(page.messages.length, 1)
      const past = ok<{ messages: Array<unknown> }>(
        yield* record("report past the end", demo.getReport(first, { page: 3, rowCount: 2 }))
      )
      assert.strictEqual(past.messages.length, 0)
    })
  )

  it.live("get-reports: order summaries in a date range (JSON in both formats)", () =>
    Effect.gen(function* () {
      const page = ok<{ count: number; orders: Array<{ id: string; sender: string; total: number }> }>(
        yield* record("orders page 1", demo.getReports({ start: "2026-04-28", end: "2026-04-29" }))
      )
      assert.strictEqual(page.count, 2)
      assert.deepStrictEqual(
        page.orders.map((o) => o.total),
        [3, 3]
      )
      assert.include(
        page.orders.map((o) => o.id),
        first
      )
      const empty = ok<{ count: number; orders: Array<unknown> }>(
        yield* record("orders page 2", demo.getReports({ start: "2026-04-28", end: "2026-04-29" }, { page: 2 }))
      )
      assert.deepStrictEqual(empty, { count: 0, orders: [] })
    })
  )

  let scheduled = ""
  it.live("scheduled order: 456 until due, cancel → 115, cancel again → 455", () =>
    Effect.gen(function* () {
      const sendAt = scheduleAt
      scheduled = ok<{ orderId: string }>(
        yield* record(
          "send scheduled",
          demo.sendSms({ sender: "EFFECTSMS", text: "Yarın görüşürüz", to: "905320000001", iys: 0, sendAt })
        )
      ).orderId
      expectError(yield* record("report scheduled", demo.getReport(scheduled)), "OrderNotYetDue", 456)
      ok(yield* record("cancel scheduled", demo.cancelOrder(scheduled)))
      const page = ok<{ order: { status: number } }>(yield* record("report cancelled", demo.getReport(scheduled)))
      assert.strictEqual(page.order.status, 115)
      expectError(yield* record("cancel twice", demo.cancelOrder(scheduled)), "OrderNotFound", 455)
    })
  )

  it.live("unknown orders: 455 on report and cancel", () =>
    Effect.gen(function* () {
      expectError(yield* record("report unknown", demo.getReport("999999999")), "OrderNotFound", 455)
      expectError(yield* record("cancel unknown", demo.cancelOrder(999999999)), "OrderNotFound", 455)
    })
  )

  it.live("the duplicate guard: 451 for the same text and recipients within 10 minutes, accepted after", () =>
    Effect.gen(function* () {
      const again = () => demo.sendSms({ sender: "EFFECTSMS", text: "Tekrar", to: ["905321230000"], iys: 0 })
      ok(yield* record("duplicate first", again()))
      expectError(yield* record("duplicate second", again()), "DuplicateOrder", 451)
      yield* sim.clock.advance("11 minutes")
      ok(yield* record("duplicate after 11 minutes", again()))
    })
  )

  it.live("blacklist: add (idempotent), list (+90…), remove, remove again → 474, invalid prefix → 466", () =>
    Effect.gen(function* () {
      ok(yield* record("blacklist add", demo.addToBlacklist("0532 123 45 99")))
      ok(yield* record("blacklist add again", demo.addToBlacklist("905321234599")))
      const page = ok<{ count: number; numbers: Array<string> }>(yield* record("blacklist list", demo.getBlacklist()))
      assert.strictEqual(page.count, 2)
      assert.includeMembers(page.numbers, ["+905321234599", "+905551110000"])
      const paged = ok<{ count: number; numbers: Array<string> }>(
        yield* record("blacklist page 2", demo.getBlacklist({ page: 2, rowCount: 1 }))
      )
      assert.strictEqual(paged.numbers.length, 1)
      ok(yield* record("blacklist remove", demo.removeFromBlacklist("+905321234599")))
      expectError(
        yield* record("blacklist remove again", demo.removeFromBlacklist("905321234599")),
        "BlacklistRemovalNotAllowed",
        474
      )
      expectError(yield* record("blacklist invalid prefix", demo.addToBlacklist("905991234567")), "InvalidNumber", 466)
    })
  )

  it.live("send-sms errors the server decides: 450 sender not approved, 452 blacklisted recipient", () =>
    Effect.gen(function* () {
      expectError(
        yield* record(
          "send unapproved sender",
          demo.sendSms({ sender: "NOPE", text: "x", to: "905321111111", iys: 0 })
        ),
        "SenderNotApproved",
        450
      )
      expectError(
        yield* record("send blacklisted", demo.sendSms({ sender: "APITEST", text: "x", to: "905551110000", iys: 0 })),
        "InvalidRecipients",
        452
      )
    })
  )

  it.live("send-sms errors past client validation (replayed request values): 453, 454, 459, 460, 469", () =>
    Effect.gen(function* () {
      const send = (name: string, r: S.SendSmsRequest) => record(name, demo.execute(IletiMerkeziEndpoints.sendSms, r))
      const to = ["905321111112"]
      expectError(
        yield* send("453", bypass({ sender: "APITEST", messages: [msg("ş".repeat(1200), to)], iys: 0 })),
        "OrderTooLarge",
        453
      )
      expectError(
        yield* send("454", bypass({ sender: "APITEST", messages: [msg("", to)], iys: 0 })),
        "EmptyMessageText",
        454
      )
      expectError(yield* send("459", bypass({ sender: "", messages: [msg("x", to)], iys: 0 })), "EmptySender", 459)
      expectError(
        yield* send("460", bypass({ sender: "ÇOKUZUNBAŞLIK", messages: [msg("x", to)], iys: 0 })),
        "InvalidSender",
        460
      )
      expectError(
        yield* send("469", bypass({ sender: "APITEST", messages: [msg("x", to)], iys: 1 })),
        "IysListRequired",
        469
      )
      const range = new S.GetReportsRequest({ start: "2026-04-01", end: "2026-04-20", page: 1 })
      expectError(yield* record("458", demo.execute(IletiMerkeziEndpoints.getReports, range)), "InvalidDateRange", 458)
    })
  )

  it.live("errors only a hand-made wire can produce: 457 sendDateTime with a wrong format, 468 no iys field", () =>
    Effect.gen(function* () {
      const base = IletiMerkeziEndpoints.sendSms
      const rewrite = (f: (order: Record<string, unknown>) => Record<string, unknown>) => ({
        ...base,
        toWire: (r: S.SendSmsRequest) => ({ order: f((base.toWire!(r) as { order: Record<string, unknown> }).order) })
      })
      const request = bypass({ sender: "APITEST", messages: [msg("Tarih", ["905321111113"])], iys: 0 })
      const wrongDate = rewrite((o) => ({ ...o, sendDateTime: "2026-04-30 10:00" }))
      expectError(yield* record("457", demo.execute(wrongDate, request)), "InvalidSendDateTime", 457)
      const noIys = rewrite(({ iys: _, ...o }) => o)
      expectError(yield* record("468", demo.execute(noIys, request)), "IysFlagRequired", 468)
    })
  )

  it.live("unavailability and throttling: 503 and 429, same class and code over both formats", () =>
    Effect.gen(function* () {
      yield* sim.setFaults({ "get-balance": ["503-no-retry-after", "429"] })
      const once = <A, E>(e: Effect.Effect<A, E>) => e.pipe(Retry.withPolicy(Retry.none))
      expectError(yield* record("503", once(demo.getBalance)), "ServiceUnavailable", 503)
      expectError(yield* record("429", once(demo.getBalance)), "RateLimited", 429)
      yield* sim.setFaults({})
    })
  )

  it.live("account-level errors: 401 API access off, 402 no balance, 470 no İYS code", () =>
    Effect.gen(function* () {
      const as = (a: Simulator.AccountOptions) => clientAs(a.apiKey, a.apiSecret!)
      const send = (c: IletiMerkezi.Service, iys: 0 | 1) =>
        c.sendSms({
          sender: "APITEST",
          text: "Merhaba",
          to: "905321110001",
          iys,
          ...(iys === 1 ? { iysList: "TACIR" as const } : {})
        })
      expectError(
        yield* record(
          "401 access off",
          Effect.flatMap(as(accounts.off), (c) => c.getBalance)
        ),
        "AuthenticationFailed",
        401
      )
      expectError(
        yield* record(
          "402 no balance",
          Effect.flatMap(as(accounts.poor), (c) => send(c, 0))
        ),
        "InsufficientBalance",
        402
      )
      expectError(
        yield* record(
          "470 no İYS code",
          Effect.flatMap(as(accounts.noBrand), (c) => send(c, 1))
        ),
        "IysCodeMissing",
        470
      )
    })
  )

  it.live("unknown method (404) and unparseable body (400)", () =>
    Effect.gen(function* () {
      const unknown = { ...IletiMerkeziEndpoints.getSenders, path: "/get-senders" }
      expectError(yield* record("404", demo.execute(unknown, new S.EmptyRequest({}))), "MethodNotFound", 404)
      const broken: IletiMerkeziWire.WireFormat = {
        ...(format === "xml" ? IletiMerkeziWire.xml : IletiMerkeziWire.json),
        format: "xml",
        encode: (envelope) =>
          (format === "xml" ? IletiMerkeziWire.xml : IletiMerkeziWire.json).encode(envelope).slice(0, 30)
      }
      const c = yield* IletiMerkezi.make({
        apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
        apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
        baseUrl: sim.url,
        format: "xml",
        rateLimit: false
      }).pipe(Effect.provideService(IletiMerkeziWire.XmlWire, broken), Effect.provideContext(runtime))
      expectError(yield* record("400", c.getBalance), "RequestNotParsed", 400)
    })
  )

  it.live("İYS: register, check; 403 inactive, 405 quota, 422 bad record (atomic), 475 over 5,000", () =>
    Effect.gen(function* () {
      // Consent dates are checked against the provider's clock: move the simulator to now.
      yield* sim.clock.set(Date.now())
      const consent = (recipient: string) => ({
        recipient,
        recipientType: "BIREYSEL" as const,
        type: "MESAJ" as const,
        status: "ONAY" as const,
        source: "HS_WEB",
        consentDate: consentAt
      })
      ok(
        yield* record(
          "iys register",
          demo.registerConsents({ brandCode, consents: [consent("05321000001"), consent("905321000002")] })
        )
      )
      const found = ok<{ some: { recipient: string; status: string } }>(
        yield* record(
          "iys check",
          demo.checkConsent({ brandCode, recipient: "5321000001", recipientType: "BIREYSEL", type: "MESAJ" })
        )
      )
      assert.strictEqual(found.some.recipient, "+905321000001")
      assert.strictEqual(found.some.status, "ONAY")
      expectError(
        yield* record(
          "iys check none",
          demo.checkConsent({ brandCode, recipient: "905329999999", recipientType: "BIREYSEL", type: "MESAJ" })
        ),
        "ValidationFailed",
        422
      )
      const as = (a: Simulator.AccountOptions) => clientAs(a.apiKey, a.apiSecret!)
      expectError(
        yield* record(
          "iys 403",
          Effect.flatMap(as(accounts.inactive), (c) =>
            c.registerConsents({ brandCode, consents: [consent("905321000003")] })
          )
        ),
        "NoActiveSubscription",
        403
      )
      expectError(
        yield* record(
          "iys 405",
          Effect.flatMap(as(accounts.quota), (c) =>
            c.registerConsents({ brandCode, consents: [consent("905321000003")] })
          )
        ),
        "SubscriptionQuotaExceeded",
        405
      )
      const before = (yield* sim.account(Simulator.DemoAccount.apiKey)).consents
      const old = new S.Consent({ ...consent("+905321000004"), consentDate: "2020-01-01 10:00:00" })
      const good = new S.Consent({ ...consent("+905321000005"), consentDate: "2026-04-29 09:00:00" })
      const batch = (consents: ReadonlyArray<S.Consent>) =>
        demo.execute(IletiMerkeziEndpoints.registerConsents, new S.RegisterConsentsRequest({ brandCode, consents }))
      expectError(yield* record("iys 422", batch([good, old])), "ValidationFailed", 422)
      assert.strictEqual((yield* sim.account(Simulator.DemoAccount.apiKey)).consents, before, "nothing persisted")
      expectError(
        yield* record("iys 475", batch(Array.from({ length: 5001 }, () => old))),
        "TooManyConsentRecipients",
        475
      )
    })
  )

  it.live("closes the simulator", () => Effect.suspend(() => Scope.close(scope, Exit.void)))
})

describe("parity", () => {
  it("JSON and XML recorded identical typed results and identical errors for every scenario", () => {
    const json = recordings.json
    const xml = recordings.xml
    assert.isAbove(json.size, 40)
    assert.deepStrictEqual([...xml.keys()], [...json.keys()])
    for (const [name, outcome] of json) assert.deepStrictEqual(xml.get(name), outcome, name)
    // Both formats did meet errors and successes, so the comparison is not vacuous.
    const tags = new Set([...json.values()].flatMap((o) => ("error" in o ? [o.error.tag] : [])))
    assert.isAtLeast(tags.size, 20)
  })
})

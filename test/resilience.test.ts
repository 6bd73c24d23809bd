/**
 * Resilience end to end: the iletiMerkezi client against the simulator's faults, over real loopback HTTP (undici).
 *
 * Exports survive every fault kind with no row lost or duplicated; sends under ambiguous faults leave exactly one
 * order each; non-retryable codes are tried once; 503 and 429 are retried with Retry-After honoured; and the send
 * rate limiter releases exactly what its rate allows at each step of the test clock.
 */
import { createHash } from "node:crypto"
import { assert, describe, layer } from "@effect/vitest"
import {
  IletiMerkeziEndpoints as Endpoints,
  IletiMerkezi,
  IletiMerkeziWire,
  Retry,
  IletiMerkeziSchema as S
} from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Faults, Simulator } from "@effect-sms/simulator"
import { Clock, DateTime, Effect, Fiber, Layer, Logger, Redacted, References, Stream } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { credentials, T0, withSimulator } from "./support/harness.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

const elapsed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const a = yield* effect
    return [a, (yield* Clock.currentTimeMillis) - start] as const
  })

/** An export row as one canonical line (every field, in a fixed order). */
const rowLine = (r: IletiMerkezi.ExportRow): string =>
  JSON.stringify([
    r.orderId,
    r.orderStatus,
    r.sender ?? null,
    r.submitAt ?? null,
    r.sendAt ?? null,
    r.number,
    r.status,
    r.provisional
  ])

/** The multiset of rows and an order-independent checksum (sha256 of the sorted lines). */
const summarize = (rows: ReadonlyArray<IletiMerkezi.ExportRow>) => {
  const lines = rows.map(rowLine)
  const counts = new Map<string, number>()
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1)
  const hash = createHash("sha256")
  for (const l of lines.sort()) hash.update(l).update("\n")
  return { rows: rows.length, distinct: counts.size, counts, checksum: hash.digest("hex") }
}

/** Rows of `reference` missing from `actual`, and rows of `actual` beyond `reference`, counted with multiplicity. */
const diff = (reference: ReadonlyMap<string, number>, actual: ReadonlyMap<string, number>) => {
  let lost = 0
  let duplicated = 0
  for (const [line, n] of reference) lost += Math.max(0, n - (actual.get(line) ?? 0))
  for (const [line, n] of actual) duplicated += Math.max(0, n - (reference.get(line) ?? 0))
  return { lost, duplicated }
}

/** A distinct valid Turkish mobile for each index (Turkcell 532 and 533 blocks). */
const mobile = (block: "532" | "533", i: number) => `0${block}${String(i).padStart(7, "0")}`

/** Counts HTTP calls that were interrupted (by the client's per-request timeout) before a response came. */
const interruptCounting = (counter: { interrupted: number }) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(Effect.service(HttpClient.HttpClient), (client) =>
      HttpClient.transform(client, (effect) =>
        Effect.onInterrupt(effect, () =>
          Effect.sync(() => {
            counter.interrupted++
          })
        )
      )
    )
  ).pipe(Layer.provide(NodeSms.layerHttpClient))

// ---------------------------------------------------------------------------------------------------------------------
// 1. Exports under every fault kind
// ---------------------------------------------------------------------------------------------------------------------

describe("export under 20% faults of every kind", () => {
  // 500 orders × 200 recipients = 100,000 messages; with rowCount 100 that is 1,000 get-report pages plus the
  // get-reports pages, so 20% faults over 9 kinds gives each kind a couple of dozen chances.
  const account = {
    ...Simulator.DemoAccount,
    synthetic: { orders: 500, recipientsPerOrder: 200, start: "2026-04-01", days: 30, seed: 6 }
  }
  const timeouts = { interrupted: 0 }
  const client = Layer.unwrap(
    Effect.map(Effect.service(Simulator.Simulator), (sim) =>
      IletiMerkezi.layer({
        ...credentials,
        baseUrl: sim.url,
        rateLimit: false,
        // 5 ms doubling to 100 ms, 12 attempts: a page fails for good only with 12 faults in a row (0.2^12).
        retry: Retry.make({ base: "5 millis", cap: "100 millis", maxAttempts: 12, maxElapsed: "2 minutes" }),
        // Latency spikes are 200–800 ms: about half of them outlast this and become retried timeouts.
        timeout: "500 millis"
      })
    )
  ).pipe(Layer.provide(interruptCounting(timeouts)))
  const sim = Simulator.layer({
    // A controlled clock long after the range: every order is final, so both runs see identical data.
    clock: { start: Date.parse("2026-05-15T09:00:00Z") },
    accounts: [account],
    faultSeed: "resilience-export",
    latencySpike: { min: "200 millis", max: "800 millis" },
    retryAfterSeconds: 0
  })

  layer(client.pipe(Layer.provideMerge(sim)), { excludeTestServices: true })((it) => {
    it.effect(
      "100,000 rows through 20% faults (every kind, timeouts included) equal the fault-free multiset: 0 lost, 0 duplicated",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* IletiMerkezi.IletiMerkeziClient
          const range = { start: "2026-04-01", end: "2026-04-30" }
          const run = client.exportMessages(range, { concurrency: 16, rowCount: 100 }).pipe(Stream.runCollect)

          const [clean, cleanMillis] = yield* elapsed(run)
          const cleanRequests = yield* sim.requestCount()
          const reference = summarize(clean)
          assert.strictEqual(reference.rows, 100_000)

          yield* sim.resetStats
          yield* sim.setFaults({ "*": { probability: 0.2, kinds: Faults.kinds } })
          const [faulted, faultedMillis] = yield* elapsed(run)
          yield* sim.setFaults(Faults.none)
          const log = yield* sim.requests
          const actual = summarize(faulted)

          const { lost, duplicated } = diff(reference.counts, actual.counts)
          const faultedEntries = log.filter((e) => e.fault !== undefined)
          const byKind = new Map<string, number>()
          for (const e of faultedEntries) byKind.set(e.fault!, (byKind.get(e.fault!) ?? 0) + 1)
          console.log(
            `export: ${actual.rows} rows; clean run ${cleanRequests} requests in ${cleanMillis} ms; faulted run ` +
              `${log.length} requests (${faultedEntries.length} faulted: ${JSON.stringify(Object.fromEntries(byKind))}, ` +
              `${timeouts.interrupted} timed out) in ${faultedMillis} ms; checksum ${actual.checksum.slice(0, 16)}…`
          )

          assert.deepStrictEqual({ lost, duplicated }, { lost: 0, duplicated: 0 })
          assert.strictEqual(actual.rows, reference.rows)
          assert.strictEqual(actual.distinct, reference.distinct)
          assert.strictEqual(actual.checksum, reference.checksum)
          // Not vacuous: every kind happened, at about the configured rate, and some spikes became client timeouts.
          for (const kind of Faults.kinds) assert.isAbove(byKind.get(kind) ?? 0, 0, `fault kind ${kind} never occurred`)
          assert.closeTo(faultedEntries.length / log.length, 0.2, 0.05)
          assert.isAbove(timeouts.interrupted, 0, "no latency spike outlasted the 500 ms timeout")
          assert.isAbove(log.length, cleanRequests, "faults should have caused retries")
        }),
      60_000
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// 2. Sends under ambiguous faults
// ---------------------------------------------------------------------------------------------------------------------

describe("1,000 sends under 20% ambiguous faults", () => {
  const ambiguous: ReadonlyArray<Faults.FaultKind> = ["reset-after", "truncated", "malformed", "latency"]
  layer(
    withSimulator(
      {
        faults: { "send-sms": { probability: 0.2, kinds: ambiguous } },
        faultSeed: "resilience-sends",
        // Every spike outlasts the client's 250 ms timeout: the server processes the order after the client gave up.
        latencySpike: { min: "400 millis", max: "700 millis" }
      },
      {
        retry: Retry.make({ base: "5 millis", cap: "50 millis", maxAttempts: 6 }),
        timeout: "250 millis"
      }
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect(
      "leave exactly 1,000 orders, none duplicated; each send returns its own order id",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* IletiMerkezi.IletiMerkeziClient
          const n = 1000
          // A distinct text lets the duplicate guard recognise a resend; a distinct recipient lets the lookup tell the
          // orders apart, since get-report shows numbers but no text. (Concurrent sends to the SAME recipients can
          // only end in SendOutcomeUnknown "several orders match" when ambiguous: nothing on the wire separates them.)
          const text = (i: number) => `resilience send ${i}`
          const [results, millis] = yield* elapsed(
            Effect.forEach(
              Array.from({ length: n }, (_, i) => i),
              (i) => Effect.result(client.sendSms({ sender: "APITEST", iys: 0, text: text(i), to: mobile("532", i) })),
              { concurrency: 16 }
            )
          )
          const log = yield* sim.requests
          const sends = log.filter((e) => e.route === "send-sms")
          const unknown = results.filter((r) => r._tag === "Failure" && r.failure._tag === "SendOutcomeUnknown")
          const otherFailures = results.filter((r) => r._tag === "Failure" && r.failure._tag !== "SendOutcomeUnknown")
          const faultCounts = Object.fromEntries(
            ambiguous.map((k) => [k, sends.filter((e) => e.fault === k).length] as const)
          )
          console.log(
            `sends: ${n} in ${millis} ms, ${sends.length} send-sms requests (faults ${JSON.stringify(faultCounts)}, ` +
              `${sends.filter((e) => e.status === 451).length} answered 451), ` +
              `${log.filter((e) => e.route === "get-reports").length} get-reports and ` +
              `${log.filter((e) => e.route === "get-report").length} get-report lookups; SendOutcomeUnknown: ${unknown.length}`
          )
          for (const r of unknown.slice(0, 3)) if (r._tag === "Failure") console.log(String(r.failure))
          assert.deepStrictEqual(
            otherFailures.map((r) => (r._tag === "Failure" ? String(r.failure) : "")),
            [],
            "only SendOutcomeUnknown may fail a send"
          )

          const orders = yield* sim.orders(Simulator.DemoAccount.apiKey)
          assert.strictEqual(orders.length, n)
          const byText = new Map<string, Array<Simulator.OrderSnapshot>>()
          for (const o of orders) byText.set(o.texts.join("|"), [...(byText.get(o.texts.join("|")) ?? []), o])
          assert.strictEqual(byText.size, n, "some text was sent twice or never")
          const ids: Array<string> = []
          for (let i = 0; i < n; i++) {
            const found = byText.get(text(i))
            assert.strictEqual(found?.length, 1, `order for ${text(i)}`)
            assert.deepStrictEqual(found![0]!.numbers, [`90${mobile("532", i).slice(1)}`])
            const r = results[i]!
            if (r._tag === "Success") {
              assert.strictEqual(r.success.orderId, found![0]!.id, `${text(i)} returned another send's order`)
              ids.push(r.success.orderId)
            }
          }
          assert.strictEqual(new Set(ids).size, ids.length, "two sends returned the same order id")
          // The faults really hit: every kind occurred (a spike is logged when the server, having slept past the
          // client's timeout, processes the order anyway), and reconciliation really ran.
          for (const kind of ambiguous) assert.isAbove(faultCounts[kind]!, 0, `fault kind ${kind} never occurred`)
          assert.isAbove(sends.length, n)
          assert.isAbove(sends.filter((e) => e.status === 451).length, 0, "no resend hit the duplicate guard")
          assert.strictEqual(unknown.length, 0, "sends ended in SendOutcomeUnknown")
        }),
      60_000
    )

    it.effect(
      "concurrent sends to the SAME recipient with different texts are reconciled too: they take turns",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* IletiMerkezi.IletiMerkeziClient
          const n = 150
          const text = (i: number) => `same recipient ${i}`
          const results = yield* Effect.forEach(
            Array.from({ length: n }, (_, i) => i),
            (i) => Effect.result(client.sendSms({ sender: "EFFECTSMS", iys: 0, text: text(i), to: "905329990000" })),
            { concurrency: 16 }
          )
          const unknown = results.filter((r) => r._tag === "Failure")
          const orders = (yield* sim.orders(Simulator.DemoAccount.apiKey)).filter((o) =>
            o.texts[0]!.startsWith("same recipient")
          )
          assert.strictEqual(orders.length, n)
          const byText = new Map(orders.map((o) => [o.texts[0]!, o.id] as const))
          assert.strictEqual(byText.size, n)
          const sends = (yield* sim.requests).filter((e) => e.route === "send-sms" && e.fault !== undefined)
          assert.isAbove(sends.length, 10, "ambiguous faults hit these sends")
          assert.deepStrictEqual(
            unknown.map((r) => (r._tag === "Failure" ? String(r.failure) : "")),
            []
          )
          for (let i = 0; i < n; i++) {
            const r = results[i]!
            if (r._tag === "Success") assert.strictEqual(r.success.orderId, byText.get(text(i)), text(i))
          }
        }),
      60_000
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// 3. Non-retryable codes are tried once
// ---------------------------------------------------------------------------------------------------------------------

describe("non-retryable codes", () => {
  const account = (apiKey: string, extra: Partial<Simulator.AccountOptions> = {}): Simulator.AccountOptions => ({
    apiKey,
    apiSecret: `secret-${apiKey}`,
    senders: ["APITEST"],
    ...extra
  })
  const accounts = {
    noAccess: account("no-api-access", { apiAccess: false }),
    broke: account("zero-balance", { balance: { amount: 0, sms: 0 } }),
    noIys: account("no-iys"),
    inactiveIys: account("inactive-iys", { iys: { brandCode: "696422", active: false } }),
    noQuota: account("no-quota", { iys: { brandCode: "696422", active: true, quota: 0 } })
  }
  // Generous: had any of these been retried, the request counts would show it.
  const retry = Retry.make({ base: "1 millis", cap: "5 millis", maxAttempts: 10 })
  const sim = Simulator.layer({ accounts: [Simulator.DemoAccount, ...Object.values(accounts)] })

  /** A client for an account, over the undici client in context. */
  const clientOf = (a: Simulator.AccountOptions, extra: Partial<IletiMerkezi.Options> = {}) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      return yield* IletiMerkezi.make({
        apiKey: Redacted.make(a.apiKey),
        apiSecret: Redacted.make(a.apiSecret!),
        baseUrl: sim.url,
        rateLimit: false,
        retry,
        ...extra
      } as IletiMerkezi.Options).pipe(Effect.orDie)
    })

  // A wire that claims to be XML but writes broken JSON to the JSON path: the provider cannot parse it (400).
  const brokenWire: IletiMerkeziWire.WireFormat = {
    ...IletiMerkeziWire.json,
    format: "xml",
    path: (method) => `/${method}/json`,
    encode: (envelope) => JSON.stringify(envelope).slice(0, -3)
  }

  const demo = Simulator.DemoAccount
  const order = (fields: Partial<ConstructorParameters<typeof S.SendSmsRequest>[0]> & { text?: string; to?: string }) =>
    new S.SendSmsRequest({
      sender: fields.sender ?? "APITEST",
      messages: fields.messages ?? [
        new S.SmsMessage({ text: fields.text ?? "codes", recipients: [fields.to ?? "905321112233"] })
      ],
      iys: fields.iys ?? 0,
      ...(fields.iysList === undefined ? {} : { iysList: fields.iysList }),
      ...(fields.sendAt === undefined ? {} : { sendAt: fields.sendAt })
    })
  const consent = (recipient: string, consentDate: DateTime.DateTime | string) =>
    ({ recipient, recipientType: "BIREYSEL", type: "MESAJ", status: "ONAY", source: "HS_WEB", consentDate }) as const
  /** A valid one-record batch, consented just now (the client refuses dates in the future or over 3 days old). */
  const registerOne = (a: Simulator.AccountOptions) =>
    Effect.gen(function* () {
      const c = yield* clientOf(a)
      const now = yield* DateTime.now
      return c.registerConsents({ brandCode: "696422", consents: [consent("+905321112233", now)] })
    })

  type Case = {
    readonly code: number
    readonly tag: string
    readonly route: string
    /** Runs any set-up, then returns the one call expected to fail with `code`. */
    readonly call: Effect.Effect<
      Effect.Effect<unknown, { readonly _tag: string }>,
      never,
      Simulator.Simulator | HttpClient.HttpClient
    >
  }
  const cases: ReadonlyArray<Case> = [
    {
      code: 400,
      tag: "RequestNotParsed",
      route: "get-balance",
      call: Effect.map(
        clientOf(demo, { format: "xml" }).pipe(Effect.provideService(IletiMerkeziWire.XmlWire, brokenWire)),
        (c) => c.getBalance
      )
    },
    {
      code: 401,
      tag: "AuthenticationFailed",
      route: "get-balance",
      call: Effect.map(clientOf(accounts.noAccess), (c) => c.getBalance)
    },
    {
      code: 402,
      tag: "InsufficientBalance",
      route: "send-sms",
      call: Effect.map(clientOf(accounts.broke), (c) =>
        c.sendSms({ sender: "APITEST", iys: 0, text: "402", to: "05321112233" })
      )
    },
    {
      code: 403,
      tag: "NoActiveSubscription",
      route: "consent/create",
      call: registerOne(accounts.noIys)
    },
    {
      code: 403,
      tag: "NoActiveSubscription",
      route: "consent/show",
      call: Effect.map(clientOf(accounts.inactiveIys), (c) =>
        c.checkConsent({ brandCode: "696422", recipient: "+905321112233", recipientType: "BIREYSEL", type: "MESAJ" })
      )
    },
    {
      code: 404,
      tag: "MethodNotFound",
      route: "unknown",
      call: Effect.map(clientOf(demo), (c) =>
        c.execute({ ...Endpoints.getBalance, path: "/no-such-method" }, new S.EmptyRequest({}))
      )
    },
    {
      code: 405,
      tag: "SubscriptionQuotaExceeded",
      route: "consent/create",
      call: registerOne(accounts.noQuota)
    },
    {
      code: 422,
      tag: "ValidationFailed",
      route: "consent/show",
      call: Effect.map(clientOf(demo), (c) =>
        c.execute(
          Endpoints.checkConsent,
          new S.CheckConsentRequest({
            brandCode: "696422",
            recipient: "not-a-number",
            recipientType: "BIREYSEL",
            type: "MESAJ"
          })
        )
      )
    },
    {
      code: 450,
      tag: "SenderNotApproved",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) =>
        c.sendSms({ sender: "NOTAPPROVED", iys: 0, text: "450", to: "05321112233" })
      )
    },
    {
      code: 451,
      tag: "DuplicateOrder",
      route: "send-sms",
      call: Effect.gen(function* () {
        const c = yield* clientOf(demo)
        const input = { sender: "APITEST", iys: 0, text: "451 twice", to: "05321112233" } as const
        yield* Effect.orDie(c.sendSms(input))
        return c.sendSms(input)
      })
    },
    {
      code: 452,
      tag: "InvalidRecipients",
      route: "send-sms",
      // 599 is no carrier's prefix: well-formed, so only the provider can refuse it.
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ to: "905991112233" })))
    },
    {
      code: 453,
      tag: "OrderTooLarge",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ text: "x".repeat(160 * 8) })))
    },
    {
      code: 454,
      tag: "EmptyMessageText",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ text: "   " })))
    },
    {
      code: 455,
      tag: "OrderNotFound",
      route: "get-report",
      call: Effect.map(clientOf(demo), (c) => c.getReport("987654321"))
    },
    {
      code: 456,
      tag: "OrderNotYetDue",
      route: "get-report",
      call: Effect.gen(function* () {
        const c = yield* clientOf(demo)
        const now = yield* Clock.currentTimeMillis
        const sendAt = DateTime.makeUnsafe(now + 3 * 3_600_000)
        const sent = yield* Effect.orDie(
          c.sendSms({ sender: "APITEST", iys: 0, text: "456 later", to: "05321112233", sendAt })
        )
        return c.getReport(sent.orderId)
      })
    },
    {
      code: 458,
      tag: "InvalidDateRange",
      route: "get-reports",
      call: Effect.map(clientOf(demo), (c) =>
        c.execute(Endpoints.getReports, new S.GetReportsRequest({ start: "2026-04-20", end: "2026-04-01", page: 1 }))
      )
    },
    {
      code: 459,
      tag: "EmptySender",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ sender: "" })))
    },
    {
      code: 460,
      tag: "InvalidSender",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ sender: "MUCH-TOO-LONG" })))
    },
    {
      code: 466,
      tag: "InvalidNumber",
      route: "add-blacklist",
      call: Effect.map(clientOf(demo), (c) =>
        c.execute(Endpoints.addToBlacklist, new S.BlacklistNumberRequest({ number: "123" }))
      )
    },
    {
      code: 469,
      tag: "IysListRequired",
      route: "send-sms",
      call: Effect.map(clientOf(demo), (c) => c.execute(Endpoints.sendSms, order({ iys: 1 })))
    },
    {
      code: 470,
      tag: "IysCodeMissing",
      route: "send-sms",
      call: Effect.map(clientOf(accounts.noIys), (c) =>
        c.sendSms({ sender: "APITEST", iys: 1, iysList: "BIREYSEL", text: "470", to: "05321112233" })
      )
    },
    {
      code: 474,
      tag: "BlacklistRemovalNotAllowed",
      route: "delete-blacklist",
      call: Effect.map(clientOf(demo), (c) => c.removeFromBlacklist("05321112299"))
    },
    {
      code: 475,
      tag: "TooManyConsentRecipients",
      route: "consent/create",
      call: Effect.map(clientOf(demo), (c) =>
        c.execute(
          Endpoints.registerConsents,
          new S.RegisterConsentsRequest({
            brandCode: "696422",
            // The count is checked before any record, so the records' dates do not matter.
            consents: Array.from(
              { length: 5001 },
              (_, i) =>
                new S.Consent({
                  ...consent(`+90532${String(i).padStart(7, "0")}`, ""),
                  consentDate: "2026-01-01 00:00:00"
                })
            )
          })
        )
      )
    }
  ]

  layer(Layer.merge(sim, NodeSms.layerHttpClient), { excludeTestServices: true })((it) => {
    for (const c of cases) {
      it.effect(`${c.code} ${c.tag} on ${c.route} is attempted exactly once`, () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const call = yield* c.call
          const [routeBefore, totalBefore] = [yield* sim.requestCount(c.route), yield* sim.requestCount()]
          const error = yield* Effect.flip(call)
          assert.strictEqual(error._tag, c.tag)
          assert.strictEqual((error as { readonly code?: unknown }).code, c.code)
          assert.strictEqual((yield* sim.requestCount(c.route)) - routeBefore, 1, "requests on the route")
          // Nothing else either: no retry on another path, no reconciliation lookup.
          assert.strictEqual((yield* sim.requestCount()) - totalBefore, 1, "requests in all")
        })
      )
    }
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// 4. 503 and 429 are retried; ambiguous sends are reconciled
// ---------------------------------------------------------------------------------------------------------------------

describe("retries through the simulator", () => {
  layer(
    withSimulator(
      { retryAfterSeconds: 1 },
      // 1 ms backoff: any wait near a second can only come from the server's Retry-After.
      { retry: Retry.make({ base: "1 millis", cap: "5 millis", maxAttempts: 5 }) }
    ),
    { excludeTestServices: true }
  )((it) => {
    const captureLogs = () => {
      const lines: Array<{ readonly level: string; readonly message: string }> = []
      const logger = Logger.make<unknown, void>(({ logLevel, message }) => {
        lines.push({ level: logLevel, message: (Array.isArray(message) ? message : [message]).map(String).join(" ") })
      })
      const provide = <A, E, R>(self: Effect.Effect<A, E, R>) =>
        self.pipe(Effect.provide(Logger.layer([logger])), Effect.provideService(References.MinimumLogLevel, "Debug"))
      return { lines, provide }
    }

    // What was waited is read from the retry log (the delay the schedule chose), never from the wall clock.
    const retried = (lines: ReadonlyArray<{ readonly level: string; readonly message: string }>, method: string) =>
      lines.filter((l) => l.message.startsWith(`retrying ${method}`)).map((l) => [l.level, l.message])

    it.effect("503, 503, ok: three requests and success, each Retry-After (1 s) waited; retries logged at debug", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "get-balance": ["503", "503", "ok"] })
        const before = yield* sim.requestCount("get-balance")
        const logs = captureLogs()
        const balance = yield* logs.provide(client.getBalance)
        assert.strictEqual(balance.sms, 100_000)
        assert.strictEqual((yield* sim.requestCount("get-balance")) - before, 3)
        assert.deepStrictEqual(retried(logs.lines, "get-balance"), [
          ["Debug", "retrying get-balance: attempt 1, delay 1000 ms (ServiceUnavailable)"],
          ["Debug", "retrying get-balance: attempt 2, delay 1000 ms (ServiceUnavailable)"]
        ])
      })
    )

    it.effect("429, 429, ok: three requests and success, each Retry-After (1 s) waited", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "get-sender": ["429", "429", "ok"] })
        const before = yield* sim.requestCount("get-sender")
        const logs = captureLogs()
        const senders = yield* logs.provide(client.getSenders)
        assert.deepStrictEqual(senders, ["APITEST", "EFFECTSMS"])
        assert.strictEqual((yield* sim.requestCount("get-sender")) - before, 3)
        assert.deepStrictEqual(retried(logs.lines, "get-sender"), [
          ["Debug", "retrying get-sender: attempt 1, delay 1000 ms (RateLimited)"],
          ["Debug", "retrying get-sender: attempt 2, delay 1000 ms (RateLimited)"]
        ])
      })
    )

    it.effect("503 without Retry-After: retried on the policy's own backoff", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "get-balance": ["503-no-retry-after", "503-no-retry-after", "ok"] })
        const before = yield* sim.requestCount("get-balance")
        const logs = captureLogs()
        yield* logs.provide(client.getBalance)
        assert.strictEqual((yield* sim.requestCount("get-balance")) - before, 3)
        // The policy's backoff (1 ms base, 5 ms cap, ±20% jitter), not a second.
        const delays = retried(logs.lines, "get-balance").map(([, m]) => Number(/delay ([\d.]+) ms/.exec(m!)![1]))
        assert.strictEqual(delays.length, 2)
        for (const d of delays) assert.isAtMost(d, 6)
      })
    )

    it.effect("a send is retried after a 503 and makes one order", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "send-sms": ["503", "ok"] })
        yield* sim.resetStats
        const text = "retried after 503"
        const sent = yield* client.sendSms({ sender: "APITEST", iys: 0, text, to: "05321112233" })
        const log = yield* sim.requests
        assert.deepStrictEqual(
          log.map((e) => [e.route, e.status, e.fault]),
          [
            ["send-sms", 503, "503"],
            ["send-sms", 200, undefined]
          ]
        )
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [sent.orderId]
        )
      })
    )

    it.effect("a cancel whose first attempt went through before the connection reset answers success, not 455", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        const sendAt = DateTime.add(yield* DateTime.now, { days: 2 })
        const { orderId } = yield* client.sendSms({
          sender: "APITEST",
          iys: 0,
          text: "cancel me",
          to: "05321119988",
          sendAt
        })
        yield* sim.setFaults({ "cancel-order": ["reset-after"] })
        yield* sim.resetStats
        yield* client.cancelOrder(orderId)
        const log = yield* sim.requests
        // The reset attempt cancelled it; the retry got 455; the report confirms 115.
        assert.deepStrictEqual(
          log.filter((e) => e.route === "cancel-order").map((e) => [e.status, e.fault]),
          [
            [undefined, "reset-after"],
            [455, undefined]
          ]
        )
        assert.strictEqual((yield* client.getReport(orderId)).order.status, 115)
        yield* sim.setFaults({})
        // Without an ambiguous attempt, a 455 stays an error.
        assert.strictEqual((yield* Effect.flip(client.cancelOrder(orderId)))._tag, "OrderNotFound")
      })
    )

    it.effect("a blacklist removal whose first attempt went through before the connection reset answers success", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* client.addToBlacklist("05321119977")
        yield* sim.setFaults({ "delete-blacklist": ["reset-after"] })
        yield* client.removeFromBlacklist("05321119977")
        yield* sim.setFaults({})
        assert.notInclude((yield* client.getBlacklist()).numbers, "+905321119977")
        assert.strictEqual(
          (yield* Effect.flip(client.removeFromBlacklist("05321119977")))._tag,
          "BlacklistRemovalNotAllowed"
        )
      })
    )

    it.effect("a send whose connection reset after processing is reconciled, not resent blindly: one order", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "send-sms": ["reset-after"] })
        yield* sim.resetStats
        const text = "reset after processing"
        const sent = yield* client.sendSms({ sender: "APITEST", iys: 0, text, to: "05321112234" })
        const log = yield* sim.requests
        // The identical order again: the provider's duplicate guard answers 451, and the earlier order is looked up.
        assert.deepStrictEqual(
          log.filter((e) => e.route === "send-sms").map((e) => [e.status, e.fault]),
          [
            [undefined, "reset-after"],
            [451, undefined]
          ]
        )
        assert.isAbove(log.filter((e) => e.route === "get-reports").length, 0)
        assert.isAbove(log.filter((e) => e.route === "get-report").length, 0)
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [sent.orderId]
        )
      })
    )

    it.effect("a resend refused with 503 after an ambiguous attempt still finds the accepted order", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        yield* sim.setFaults({ "send-sms": ["reset-after", "503"] })
        yield* sim.resetStats
        const text = "reset, then 503"
        // A Retry-After (1 s) over maxRetryAfter stops retrying: the resend's 503 is final.
        const sent = yield* client
          .sendSms({ sender: "APITEST", iys: 0, text, to: "05321112235" })
          .pipe(Retry.withPolicy(Retry.make({ base: "1 millis", maxRetryAfter: "10 millis" })))
        const log = yield* sim.requests
        assert.deepStrictEqual(
          log.filter((e) => e.route === "send-sms").map((e) => [e.status, e.fault]),
          [
            [undefined, "reset-after"],
            [503, "503"]
          ]
        )
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [sent.orderId]
        )
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// 5. The send rate limiter, measured by the server
// ---------------------------------------------------------------------------------------------------------------------

describe("send rate limiting", () => {
  // The client runs on the test clock: the limiter's delays only pass when the test moves the clock, so what the
  // simulator has accepted after each step is exact. (Real time is only waited on for the HTTP round trips.)
  const live = Clock.Clock.defaultValue()
  const accepted = (sim: Simulator.Simulator["Service"]) =>
    Effect.map(
      sim.requests,
      (log) => log.filter((e) => e.route === "send-sms" && e.status === 200 && e.recipients !== undefined).length
    )
  // A client whose HttpClient counts the requests it writes: what the limiter has released. The limiter only
  // releases when the test clock moves, and `TestClock.adjust` returns once the fibers it woke wait on the network,
  // so after a step that count is final: no waiting to "see no more come".
  const limitedClient = (rateLimit: IletiMerkezi.Options["rateLimit"]) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      let written = 0
      const http = HttpClient.tapRequest(yield* HttpClient.HttpClient, () =>
        Effect.sync(() => {
          written++
        })
      )
      const client = yield* IletiMerkezi.make({ ...credentials, baseUrl: sim.url, rateLimit }).pipe(
        Effect.provideService(HttpClient.HttpClient, http)
      )
      return { sim, client, written: () => written }
    })
  // Waits (polling the real clock: only the round trips take real time) until the simulator has accepted `n` sends;
  // answers what it accepted and what the client had written by then.
  const settlesAt = (sim: Simulator.Simulator["Service"], written: () => number, n: number) =>
    Effect.gen(function* () {
      for (let i = 0; i < 500 && (yield* accepted(sim)) < n; i++) yield* Effect.sleep("10 millis")
      return { accepted: yield* accepted(sim), written: written() }
    }).pipe(Effect.provideService(Clock.Clock, live))
  const sendAll = (client: IletiMerkezi.Service, orders: number, perOrder: number, label: string) =>
    Effect.forEach(
      Array.from({ length: orders }, (_, i) => i),
      (i) =>
        client.sendSms({
          sender: "APITEST",
          iys: 0,
          text: `${label} ${i}`,
          to: Array.from({ length: perOrder }, (_, j) => mobile("533", i * perOrder + j))
        }),
      { concurrency: "unbounded", discard: true }
    )

  layer(Layer.provideMerge(Simulator.layer({}), NodeSms.layerHttpClient))((it) => {
    it.effect("1,000 recipients a second after a burst of 100: exact counts at each step of the clock", () =>
      Effect.gen(function* () {
        const { sim, client, written } = yield* limitedClient({ limit: 1000, window: "1 second", burst: 100 })
        const fiber = yield* Effect.forkChild(sendAll(client, 100, 10, "limited"))
        // The burst: 100 recipients, 10 orders, at once; then one 10-recipient order every 10 ms.
        assert.deepStrictEqual(yield* settlesAt(sim, written, 10), { accepted: 10, written: 10 })
        yield* TestClock.adjust("500 millis")
        assert.deepStrictEqual(yield* settlesAt(sim, written, 60), { accepted: 60, written: 60 })
        yield* TestClock.adjust("500 millis")
        assert.deepStrictEqual(yield* settlesAt(sim, written, 100), { accepted: 100, written: 100 })
        yield* Fiber.join(fiber)
      })
    )
  })

  layer(Layer.provideMerge(Simulator.layer({}), NodeSms.layerHttpClient))((it) => {
    it.effect("is on by default: 300 recipients at once go out at 100 per second after a burst of 10", () =>
      Effect.gen(function* () {
        const { sim, client, written } = yield* limitedClient(undefined)
        const fiber = yield* Effect.forkChild(sendAll(client, 30, 10, "default limit"))
        assert.deepStrictEqual(yield* settlesAt(sim, written, 1), { accepted: 1, written: 1 })
        for (const expected of [11, 21, 30]) {
          yield* TestClock.adjust("1 second")
          assert.deepStrictEqual(yield* settlesAt(sim, written, expected), { accepted: expected, written: expected })
        }
        yield* Fiber.join(fiber)
      })
    )
  })
})

describe("reconciliation on a busy account", () => {
  // The tightest safe margin around the measured clock offset (Date and submitAt have one-second resolution), so
  // that the orders made 2.5 s earlier (on the simulator's controlled clock) are older than the send's window.
  layer(
    withSimulator(
      { clock: { start: T0 } },
      { retry: Retry.make({ base: "1 millis", maxAttempts: 3 }), reconcile: { margin: "1 second" } }
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect(
      "finds the accepted order from the newest pages: a few requests, not every page",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const client = yield* IletiMerkezi.IletiMerkeziClient
          const n = 1500
          yield* Effect.forEach(
            Array.from({ length: n }, (_, i) => i),
            (i) => client.sendSms({ sender: "APITEST", iys: 0, text: `earlier ${i}`, to: mobile("533", i) }),
            { concurrency: 32, discard: true }
          )
          yield* sim.clock.advance("2500 millis")
          yield* sim.setFaults({ "send-sms": ["reset-after"] })
          yield* sim.resetStats
          const { orderId } = yield* client.sendSms({
            sender: "EFFECTSMS",
            iys: 0,
            text: "busy day",
            to: "05321118877"
          })
          const mine = (yield* sim.orders()).filter((o) => o.texts.includes("busy day"))
          assert.deepStrictEqual(
            mine.map((o) => o.id),
            [orderId]
          )
          const pages = Math.ceil((n + 1) / 30)
          const lookups = (yield* sim.requests).filter((e) => e.route === "get-reports").length
          // Walking forward would read every page and the empty one after: 52 requests. Galloping then bisecting
          // takes about 2·log2(pages); on top come the call that measures the clock offset and the pages read back
          // from the newest one, which depend on the second the window starts at (16 to 19 seen on a loaded machine).
          assert.isBelow(lookups, 3 * Math.log2(pages) + 4, `${lookups} get-reports requests for ${pages} pages`)
        }),
      60_000
    )
  })
})

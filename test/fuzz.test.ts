/**
 * Fuzzing every decoder a server or a webhook feeds, with fast-check (seeded, 10,000 cases each): iletiMerkezi's
 * JSON and XML responses through the client's own executor, and webhook bodies through the webhook route. Each
 * body must end in a value or a typed error (an `SmsError`, or a 4xx from the route), never a defect, a hang or a
 * 500. The transport is in memory here (the bodies are the point); the same decoders are fed over real HTTP by the
 * hostile-server tests.
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, IletiMerkeziWebhook, Retry, SmsError } from "@effect-sms/core"
import { WebhookRoute } from "@effect-sms/node-runtime"
import { Cause, Effect, Exit, Layer, Redacted, Stream } from "effect"
import { HttpClient, HttpClientResponse, HttpRouter, HttpServer } from "effect/http"
import fc from "fast-check"
import { type Json, jsonBody, xmlBody } from "./support/fuzz.ts"

const runs = 10_000
const seed = 20_261_129

const status = { code: 200, message: "İşlem başarılı" }
const summary = {
  id: 316600001,
  status: 114,
  total: 2,
  delivered: 1,
  undelivered: 1,
  waiting: 0,
  submitAt: "2026-04-29 21:49:42",
  sendAt: "2026-04-29 21:49:42",
  sender: "eMarka Test",
  price: 1
}

interface Endpoint {
  readonly name: string
  readonly xml: boolean
  readonly response: Json
  readonly call: (c: IletiMerkezi.Service) => Effect.Effect<unknown, unknown>
}

// One documented response per endpoint (the provider's examples), each the seed of its mutations.
const endpoints: ReadonlyArray<Endpoint> = [
  {
    name: "send-sms",
    xml: true,
    response: { status, order: { id: 316600001 } },
    call: (c) => c.sendSms({ sender: "APITEST", text: "Merhaba", to: "905321112233", iys: 0 })
  },
  { name: "cancel-order", xml: true, response: { status }, call: (c) => c.cancelOrder("316600001") },
  {
    name: "get-report",
    xml: true,
    response: {
      status,
      order: {
        ...summary,
        message: [
          { number: "+905321112233", status: 111 },
          { number: "+905321112234", status: 112 }
        ]
      }
    },
    call: (c) => c.getReport("316600001")
  },
  {
    name: "get-report (all pages)",
    xml: true,
    response: {
      status,
      order: {
        ...summary,
        message: [
          { number: "+905321112233", status: 111 },
          { number: "+905321112234", status: 112 }
        ]
      }
    },
    call: (c) => Stream.runDrain(c.reportMessages("316600001", { rowCount: 2 }))
  },
  {
    name: "get-reports (orders over 30 days)",
    xml: false,
    response: { status, count: 1, orders: [summary] },
    call: (c) => Stream.runDrain(c.orders({ start: "2026-04-01", end: "2026-04-30" }))
  },
  {
    name: "get-reports",
    xml: false,
    response: { status, count: 1, orders: [summary] },
    call: (c) => c.getReports({ start: "2026-04-01", end: "2026-04-05" })
  },
  {
    name: "get-balance",
    xml: true,
    response: { status, balance: { amount: "12.50", sms: "100" } },
    call: (c) => c.getBalance
  },
  {
    name: "get-sender",
    xml: true,
    response: { status, senders: { sender: ["APITEST", "EFFECTSMS"] } },
    call: (c) => c.getSenders
  },
  {
    name: "get-blacklist",
    xml: true,
    response: { status, blacklist: { count: 2, number: ["+905321112233", "+905321112234"] } },
    call: (c) => c.getBlacklist()
  },
  { name: "add-blacklist", xml: true, response: { status }, call: (c) => c.addToBlacklist("905321112233") },
  { name: "remove-blacklist", xml: true, response: { status }, call: (c) => c.removeFromBlacklist("905321112233") },
  {
    name: "consent/show",
    xml: false,
    response: {
      status,
      consent: {
        brandCode: 696422,
        recipient: "+905321112233",
        recipientType: "BIREYSEL",
        type: "MESAJ",
        status: "ONAY",
        source: "HS_WEB",
        consentDate: "2026-04-29 10:00:00"
      }
    },
    call: (c) =>
      c.checkConsent({ brandCode: 696422, recipient: "905321112233", recipientType: "BIREYSEL", type: "MESAJ" })
  }
]

/** A client whose every request is answered with the current body and HTTP status. */
const fuzzClient = (format: "json" | "xml") => {
  const current = { body: "", status: 200 }
  const http = HttpClient.make((request) =>
    Effect.succeed(
      HttpClientResponse.fromWeb(
        request,
        new Response(current.body, {
          status: current.status,
          headers: { "content-type": format === "json" ? "application/json" : "application/xml" }
        })
      )
    )
  )
  const client = Effect.runSync(
    IletiMerkezi.make({
      apiKey: Redacted.make("3373dcb20eb97fa575e0e214f321b08b"),
      apiHash: Redacted.make("0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024"),
      baseUrl: "http://sms.test/v1",
      format,
      retry: Retry.none,
      rateLimit: false,
      reconcile: { resends: 1 }
    }).pipe(Effect.provide(Layer.succeed(HttpClient.HttpClient, http)), Effect.orDie, Effect.scoped)
  )
  return { client, current }
}

// How each endpoint's cases ended, to check that the mutations reach both values and errors.
const outcomes = new Map<string, { values: number; errors: number }>()

const assertBothOutcomes = (names: ReadonlyArray<string>) => {
  for (const name of names) {
    const tally = outcomes.get(name)
    assert.isDefined(tally, name)
    assert.isAbove(tally!.values, 0, `${name}: no body decoded to a value`)
    assert.isAbove(tally!.errors, 0, `${name}: no body was refused`)
  }
  outcomes.clear()
}

/** Runs one call on one body: a value, or a typed SmsError; a defect fails the property with the cause. */
const check = async (
  client: IletiMerkezi.Service,
  endpoint: Endpoint,
  current: { body: string; status: number },
  body: string,
  httpStatus: number
) => {
  current.body = body
  current.status = httpStatus
  const exit = await Effect.runPromiseExit(endpoint.call(client))
  const tally = outcomes.get(endpoint.name) ?? { values: 0, errors: 0 }
  outcomes.set(endpoint.name, tally)
  if (Exit.isSuccess(exit)) tally.values++
  else tally.errors++
  if (Exit.isFailure(exit)) {
    if (Cause.hasDies(exit.cause) || !Cause.hasFails(exit.cause)) {
      throw new Error(`${endpoint.name}: not a typed failure for ${JSON.stringify(body)}:\n${Cause.pretty(exit.cause)}`)
    }
    const error = Cause.squash(exit.cause)
    if (!SmsError.isSmsError(error)) throw new Error(`${endpoint.name}: not an SmsError: ${String(error)}`)
    if (typeof error.message !== "string") throw new Error(`${endpoint.name}: an error without a message`)
  } else if (endpoint.name === "send-sms") {
    const id = (exit.value as { orderId: string }).orderId
    if (!/^\d{1,16}$/.test(id)) throw new Error(`send-sms accepted the order id ${JSON.stringify(id)}`)
  }
}

const httpStatus = fc.constantFrom(200, 200, 200, 200, 400, 404, 429, 500, 502, 503)

describe("fuzzed responses never become defects", () => {
  it(`iletiMerkezi JSON responses, ${runs} cases over every endpoint`, async () => {
    const { client, current } = fuzzClient("json")
    let cases = 0
    await fc.assert(
      fc.asyncProperty(
        fc
          .nat(endpoints.length - 1)
          .chain((i) =>
            fc.tuple(fc.constant(endpoints[i]!), jsonBody([{ response: endpoints[i]!.response as Json }]), httpStatus)
          ),
        async ([endpoint, body, code]) => {
          cases++
          await check(client, endpoint, current, body, code)
        }
      ),
      { seed, numRuns: runs }
    )
    assert.strictEqual(cases, runs)
    assertBothOutcomes(endpoints.map((e) => e.name))
  })

  it(`iletiMerkezi XML responses, ${runs} cases over every XML endpoint`, async () => {
    const { client, current } = fuzzClient("xml")
    const xml = endpoints.filter((e) => e.xml)
    let cases = 0
    await fc.assert(
      fc.asyncProperty(
        fc
          .nat(xml.length - 1)
          .chain((i) => fc.tuple(fc.constant(xml[i]!), xmlBody([xml[i]!.response as Json]), httpStatus)),
        async ([endpoint, body, code]) => {
          cases++
          await check(client, endpoint, current, body, code)
        }
      ),
      { seed: seed + 1, numRuns: runs }
    )
    assert.strictEqual(cases, runs)
    assertBothOutcomes(xml.map((e) => e.name))
  })
})

describe("fuzzed webhook bodies never become defects", () => {
  it(`iletiMerkezi delivery reports through the webhook route, ${runs} cases`, async () => {
    const receiver = Effect.runSync(WebhookRoute.make({ path: "/hook" }))
    const app = HttpRouter.toWebHandler(receiver.route.pipe(Layer.provide(HttpServer.layerServices)), {
      disableLogger: true
    })
    const sample = IletiMerkeziWebhook.encode(
      new IletiMerkeziWebhook.Report({
        id: "5001",
        packetId: "316600001",
        status: "delivered",
        to: "+905321112233",
        body: "Merhaba"
      })
    ) as unknown as Json
    const statuses = new Map<number, number>()
    try {
      await fc.assert(
        fc.asyncProperty(
          jsonBody([sample]),
          fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain"),
          async (body, contentType) => {
            const response = await app.handler(
              new Request("http://hooks.test/hook", { method: "POST", headers: { "content-type": contentType }, body })
            )
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
            if (![200, 400, 413, 415].includes(response.status)) {
              throw new Error(`HTTP ${response.status} for ${JSON.stringify(body)}: ${await response.text()}`)
            }
          }
        ),
        { seed: seed + 2, numRuns: runs }
      )
    } finally {
      await app.dispose()
    }
    // The mutations reach every verdict: accepted, refused as malformed, refused for its content type.
    assert.isAbove(statuses.get(200) ?? 0, 0)
    assert.isAbove(statuses.get(400) ?? 0, 0)
    assert.isAbove(statuses.get(415) ?? 0, 0)
  })
})

/**
 * Mapping logic of `exportMessages`' rows, over an in-memory HttpClient: orders with every field and orders from
 * answers that leave some out (older API versions) give rows with the schema's keys in its order, absent fields
 * absent. (The export over real HTTP against the simulator is held byte for byte in /test/export-rows.test.ts.)
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { Effect, Layer, Redacted, Stream } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import * as fc from "fast-check"

const full = {
  id: 7,
  status: 114,
  total: 2,
  waiting: 0,
  submitAt: "2026-04-01 10:00:00",
  sendAt: "2026-04-01 10:05:00"
}
const orders = [
  { ...full, sender: "ACME" },
  { id: 8, status: 114, total: 1, waiting: 1, sender: "ACME" }
]
const messages: Record<string, ReadonlyArray<object>> = {
  "7": [
    { number: "+905551112233", status: 111 },
    { number: "+905551112234", status: 112 }
  ],
  "8": [{ number: "+905551112235", status: 110 }]
}

const answer = (path: string, request: { filter?: { page: number }; order?: { id: string } }) => {
  if (path.endsWith("/get-reports/json")) return { orders: request.filter?.page === 1 ? orders : [] }
  const id = request.order!.id
  return { order: { ...orders.find((o) => String(o.id) === id)!, message: messages[id] } }
}

const http = HttpClient.make((request) =>
  Effect.sync(() => {
    const body = request.body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(request.body.body)) : {}
    const payload = answer(new URL(request.url).pathname, body.request)
    const text = JSON.stringify({ response: { status: { code: 200, message: "OK" }, ...payload } })
    return HttpClientResponse.fromWeb(request, new Response(text, { status: 200 }))
  })
)

const clientOver = (client: HttpClient.HttpClient) =>
  IletiMerkezi.make({
    apiKey: Redacted.make("3373dcb20eb97fa575e0e214f321b08b"),
    apiHash: Redacted.make("0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024"),
    baseUrl: "http://sms.test/v1",
    rateLimit: false
  }).pipe(Effect.orDie, Effect.provide(Layer.succeed(HttpClient.HttpClient, client)))

describe("exportMessages rows", () => {
  it.effect("keep the schema's key order, with the fields an answer leaves out absent", () =>
    Effect.gen(function* () {
      const client = yield* clientOver(http)
      const rows = yield* Stream.runCollect(client.exportMessages({ start: "2026-04-01", end: "2026-04-05" }))
      assert.deepStrictEqual(
        rows.map((r) => JSON.stringify(r)),
        [
          '{"orderId":"7","orderStatus":114,"sender":"ACME","submitAt":"2026-04-01 10:00:00","sendAt":"2026-04-01 10:05:00","number":"+905551112233","status":111,"provisional":false}',
          '{"orderId":"7","orderStatus":114,"sender":"ACME","submitAt":"2026-04-01 10:00:00","sendAt":"2026-04-01 10:05:00","number":"+905551112234","status":112,"provisional":false}',
          '{"orderId":"8","orderStatus":114,"sender":"ACME","number":"+905551112235","status":110,"provisional":true}'
        ]
      )
      assert.isFalse("submitAt" in rows[2]!)
      assert.isFalse("sendAt" in rows[2]!)
    })
  )

  it.effect("an order claiming an absurd total fails the export with ProtocolError, after the orders before it", () =>
    Effect.gen(function* () {
      const absurd = { id: 9, status: 114, total: 1e12, sender: "ACME" }
      const asked: Array<string> = []
      const lying = HttpClient.make((request) =>
        Effect.sync(() => {
          const body = request.body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(request.body.body)) : {}
          const path = new URL(request.url).pathname
          asked.push(path)
          const payload = path.endsWith("/get-reports/json")
            ? { orders: body.request.filter.page === 1 ? [orders[0], absurd] : [] }
            : answer(path, body.request)
          const text = JSON.stringify({ response: { status: { code: 200, message: "OK" }, ...payload } })
          return HttpClientResponse.fromWeb(request, new Response(text, { status: 200 }))
        })
      )
      const client = yield* clientOver(lying)
      const seen: Array<string> = []
      const error = yield* client.exportMessages({ start: "2026-04-01", end: "2026-04-05" }, { concurrency: 1 }).pipe(
        Stream.runForEach((row) => Effect.sync(() => seen.push(row.number))),
        Effect.flip
      )
      assert.strictEqual(error._tag, "ProtocolError")
      assert.strictEqual((error as { readonly rule?: string }).rule, "too-many-pages")
      assert.deepStrictEqual(seen, ["+905551112233", "+905551112234"])
      // One listing page and the first order's one report page: nothing asked of the absurd order
      assert.deepStrictEqual(asked, ["/v1/get-reports/json", "/v1/get-report/json"])
    })
  )
})

describe("exportRowLines", () => {
  const text = fc.string({ unit: "grapheme", maxLength: 12 })
  const row = fc.record(
    {
      orderId: fc.constantFrom("1", "2", "3\\", '"4"'),
      orderStatus: fc.constantFrom(113, 114, 115, -0, Number.NaN),
      sender: fc.constantFrom("ACME", "ŞİRKET", "a\u2028b"),
      submitAt: fc.constantFrom("2026-04-01 10:00:00", "2026-04-02 10:00:00"),
      sendAt: text,
      number: text,
      status: fc.oneof(fc.integer(), fc.constantFrom(-0, 1e21, Number.POSITIVE_INFINITY)),
      provisional: fc.boolean()
    },
    { requiredKeys: ["orderId", "orderStatus", "number", "status", "provisional"] }
  )
  const inSchemaOrder = (r: IletiMerkezi.ExportRow) => ({
    orderId: r.orderId,
    orderStatus: r.orderStatus,
    sender: r.sender,
    submitAt: r.submitAt,
    sendAt: r.sendAt,
    number: r.number,
    status: r.status,
    provisional: r.provisional
  })

  it("writes what JSON.stringify writes of each row in the schema's key order, runs of one order or not", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const expected = rows.map((r) => `${JSON.stringify(inSchemaOrder(r))}\n`).join("")
        assert.strictEqual(IletiMerkezi.exportRowLines(rows), expected)
        // Rows built in another key order, with keys the schema does not have, or with a wrong type are written the
        // same way: the schema's fields in its order.
        const odd = rows.map((r, i) => (i % 3 === 0 ? { extra: 1, ...inSchemaOrder(r), number: i } : r))
        assert.strictEqual(
          IletiMerkezi.exportRowLines(odd as ReadonlyArray<IletiMerkezi.ExportRow>),
          odd.map((r) => `${JSON.stringify(inSchemaOrder(r as IletiMerkezi.ExportRow))}\n`).join("")
        )
      }),
      { numRuns: 300 }
    )
    // None of the order's fields (not a row the types allow, but the function is public): still one JSON object a line
    const bare = [{ number: "+90", status: 1, provisional: false }] as unknown as ReadonlyArray<IletiMerkezi.ExportRow>
    assert.strictEqual(IletiMerkezi.exportRowLines(bare), '{"number":"+90","status":1,"provisional":false}\n')
  })
})

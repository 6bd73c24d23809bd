/**
 * The bytes of an export: `exportMessages` into `ExportSink.ndjson` writes exactly the lines a hand-written client
 * makes from the JSON wire (get-reports per 10-day window until an empty page, then every order's get-report pages),
 * one `JSON.stringify` of the row's fields in `ExportRow`'s order per line. Holds the export's decoding, row building
 * and sink to byte-identical output, whatever they do to be fast. Real HTTP against the simulator.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { ExportSink } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { clientFor } from "./support/harness.ts"

// Some orders still have waiting messages at the simulator's clock, so that rows are marked provisional too
const options: Simulator.Options = {
  seed: "export-rows",
  clock: { start: Date.parse("2026-04-25T12:00:00Z") },
  accounts: [
    {
      ...Simulator.DemoAccount,
      synthetic: { orders: 45, recipientsPerOrder: { min: 1, max: 1500 }, start: "2026-04-01", days: 25, seed: "r" }
    }
  ]
}
const env = clientFor().pipe(Layer.provideMerge(Simulator.layer(options)), Layer.provideMerge(NodeServices.layer))
const range = { start: "2026-04-01", end: "2026-04-25" }
const windows = [
  { start: "2026-04-01", end: "2026-04-10" },
  { start: "2026-04-11", end: "2026-04-20" },
  { start: "2026-04-21", end: "2026-04-25" }
]

interface WireOrder {
  readonly id: number | string
  readonly total?: number
  readonly waiting?: number
  readonly sender?: string
  readonly submitAt?: string
  readonly sendAt?: string
}

/** The lines, as a client written by hand against the documented JSON wire makes them. */
const reference = (
  url: string
): Effect.Effect<{ readonly text: string; readonly provisional: number; readonly multiPage: number }> =>
  Effect.promise(async () => {
    const authentication = { key: Simulator.DemoAccount.apiKey, hash: Simulator.DemoAccount.apiHash }
    const post = async (method: string, request: object) => {
      const res = await fetch(`${url}/${method}/json`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ request: { authentication, ...request } })
      })
      const body = (await res.json()) as { response: { status: { code: number } } & Record<string, any> }
      if (body.response.status.code !== 200) throw new Error(`${method}: ${body.response.status.code}`)
      return body.response
    }
    let text = ""
    let provisional = 0
    let multiPage = 0
    for (const window of windows) {
      for (let page = 1; ; page++) {
        const orders = ((await post("get-reports", { filter: { ...window, page } })).orders ?? []) as Array<WireOrder>
        if (orders.length === 0) break
        for (const order of orders) {
          const pages = Math.max(1, Math.ceil((order.total ?? 0) / 1000))
          if (pages > 1) multiPage++
          for (let p = 1; p <= pages; p++) {
            const report = (await post("get-report", { order: { id: String(order.id), page: p, rowCount: 1000 } }))
              .order as { status: number; waiting?: number; message?: Array<{ number: string; status: number }> }
            const isProvisional = (report.waiting ?? order.waiting ?? 0) > 0
            for (const m of report.message ?? []) {
              if (isProvisional) provisional++
              text += `${JSON.stringify({
                orderId: String(order.id),
                orderStatus: report.status,
                sender: order.sender,
                submitAt: order.submitAt,
                sendAt: order.sendAt,
                number: m.number,
                status: m.status,
                provisional: isProvisional
              })}\n`
            }
          }
        }
      }
    }
    return { text, provisional, multiPage }
  })

describe("export rows", () => {
  it.live("exportMessages into ExportSink.ndjson writes the lines of a hand-written client, byte for byte", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const client = yield* IletiMerkezi.IletiMerkeziClient
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "export-rows-")), "rows.ndjson")
      const written = yield* ExportSink.ndjson(
        IletiMerkezi.ExportRow,
        file
      )(client.exportMessages(range, { concurrency: 6 }))
      const expected = yield* reference(sim.url)
      const actual = fs.readFileSync(file, "utf8")
      // The fixture has both kinds of rows, and orders of more than one page
      assert.isAbove(expected.provisional, 0)
      assert.isAbove(expected.multiPage, 0)
      assert.isAbove(written.rows, expected.provisional)
      assert.strictEqual(written.rows, expected.text.split("\n").length - 1)
      assert.strictEqual(actual, expected.text)
      assert.strictEqual(written.bytes, Buffer.byteLength(expected.text))
    }).pipe(Effect.provide(env))
  )
})

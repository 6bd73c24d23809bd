/**
 * Export a month of delivery reports to CSV, one row per recipient, in constant memory. The range is split into
 * 10-day windows; report pages are fetched 8 at a time; the file appears only when the export has succeeded.
 *
 *   node examples/export-to-csv.ts 2026-10-01 2026-10-31 october.csv
 */

import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { IletiMerkezi } from "@effect-sms/core"
import { ExportSink, NodeSms } from "@effect-sms/node-runtime"
import { Console, Effect, Layer } from "effect"

const [start = "2026-10-01", end = "2026-10-31", out = "reports.csv"] = process.argv.slice(2)

const program = Effect.gen(function* () {
  const sms = yield* IletiMerkezi.IletiMerkeziClient
  const rows = sms.exportMessages({ start, end }, { concurrency: 8 })
  // bom: Excel then reads the Turkish characters correctly.
  const written = yield* ExportSink.csv(IletiMerkezi.ExportRow, out, { bom: true })(rows)
  yield* Console.log(`${written.rows} rows written to ${written.path}`)
})

program.pipe(Effect.provide(Layer.mergeAll(NodeSms.layerConfig(), NodeServices.layer)), NodeRuntime.runMain)

/**
 * The demo: the README's main job. It starts the embedded simulator holding 30 days of traffic, sends a small
 * campaign (one immediate order, one scheduled order that it then cancels), and exports the 30 days (3 windows) to
 * NDJSON and CSV with progress while the simulator injects a few 503s that are retried along the way.
 *
 * @since 0.1.0
 */
import { IletiMerkezi, TurkeyTime } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Clock, Console, DateTime, Effect, FileSystem, Path, Redacted } from "effect"
import * as NodeSms from "../NodeSms.ts"
import { runExport } from "./RunExport.ts"
import * as SmsDemo from "./SmsDemo.ts"

/** Today in Turkey, as Y-m-d, shifted by `days`. */
const turkeyDay = (nowMillis: number, days: number) => TurkeyTime.formatDate(nowMillis, days)

/**
 * The simulator the demo and `--simulator` run: one account with 30 days of synthetic traffic ending today.
 *
 * @since 0.1.0
 */
export const simulatorOptions = (options: {
  readonly faults: boolean
  readonly now?: number | undefined
}): Simulator.Options => {
  const now = options.now ?? Date.now()
  return {
    seed: "effect-sms-demo",
    accounts: [
      {
        ...Simulator.DemoAccount,
        synthetic: {
          orders: 720,
          recipientsPerOrder: { min: 10, max: 90 },
          start: turkeyDay(now, -29),
          days: 30,
          seed: "demo-traffic"
        }
      }
    ],
    ...(options.faults
      ? {
          faults: {
            "get-report": { probability: 0.02, kinds: ["503"] },
            "get-reports": { probability: 0.05, kinds: ["503"] }
          },
          faultSeed: "demo"
        }
      : {})
  }
}

/**
 * Runs the demo, writing the exports under `out`.
 *
 * @since 0.1.0
 */
export const run = (options: {
  readonly out: string
}): Effect.Effect<void, unknown, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const started = yield* Clock.currentTimeMillis
    yield* Console.log(`effect-sms demo — embedded iletiMerkezi simulator at ${sim.url}\n`)

    const program = Effect.gen(function* () {
      const client = yield* IletiMerkezi.IletiMerkeziClient
      const balance = yield* client.getBalance
      yield* Console.log(`balance: ${balance.amount.toFixed(2)} TL, ${balance.sms.toLocaleString("en-US")} SMS`)

      const now = yield* Clock.currentTimeMillis
      const immediate = yield* client.sendSms({
        sender: "EFFECTSMS",
        text: "Siparişiniz kargoya verildi. Takip: https://example.test/k/8F2Q",
        to: ["+90 532 111 22 33", "0533 444 55 66", "905347778899"],
        iys: 0
      })
      yield* Console.log(`sent order ${immediate.orderId} to 3 recipients`)
      const scheduledAt = DateTime.makeUnsafe(now + 3_600_000)
      const scheduled = yield* client.sendSms({
        sender: "EFFECTSMS",
        text: "Hafta sonuna özel %20 indirim! Ret için RET yazıp 3000'e gönderin.",
        to: ["905321112233", "905334445566"],
        iys: 1,
        iysList: "BIREYSEL",
        sendAt: scheduledAt
      })
      yield* Console.log(
        `scheduled order ${scheduled.orderId} for ${TurkeyTime.formatTimestamp(scheduledAt).slice(0, 16)} Turkey time`
      )
      yield* client.cancelOrder(scheduled.orderId)
      yield* Console.log(`cancelled order ${scheduled.orderId}\n`)

      const from = turkeyDay(now, -29)
      const to = turkeyDay(now, 0)
      yield* fs.makeDirectory(options.out, { recursive: true })
      yield* sim.resetStats
      yield* Console.log(`exporting ${from} .. ${to} (3 windows of 10 days)`)
      const ndjson = yield* runExport(client, {
        from,
        to,
        format: "ndjson",
        out: path.join(options.out, "reports.ndjson"),
        concurrency: 8
      })
      const csv = yield* runExport(client, {
        from,
        to,
        format: "csv",
        out: path.join(options.out, "reports.csv"),
        concurrency: 8,
        bom: true,
        expectedRows: ndjson.rows
      })
      const log = yield* sim.requests
      const faulted = log.filter((r) => r.fault === "503").length
      const elapsed = ((yield* Clock.currentTimeMillis) - started) / 1000
      yield* Console.log(
        [
          "",
          "summary",
          `  orders exported   ${ndjson.orders.toLocaleString("en-US")}`,
          `  messages          ${ndjson.rows.toLocaleString("en-US")} (${ndjson.delivered.toLocaleString("en-US")} delivered, ${ndjson.undelivered.toLocaleString("en-US")} undelivered, ${ndjson.waiting.toLocaleString("en-US")} waiting)`,
          `  503s retried      ${faulted} of ${log.length} requests`,
          `  NDJSON            ${path.resolve(ndjson.path)} (${(ndjson.bytes / 1e6).toFixed(1)} MB)`,
          `  CSV               ${path.resolve(csv.path)} (${(csv.bytes / 1e6).toFixed(1)} MB)`,
          `  took              ${elapsed.toFixed(1)} s`
        ].join("\n")
      )
      yield* SmsDemo.run
    })
    return yield* program.pipe(
      Effect.provide(
        NodeSms.layer({
          apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
          apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
          baseUrl: sim.url
        })
      )
    )
  }).pipe(Effect.provide(Simulator.layer(simulatorOptions({ faults: true }))))

/**
 * The export behind `effect-sms export` and the demo: a date range to a file, with progress and a summary.
 *
 * @since 0.1.0
 */
import { IletiMerkezi, Paging } from "@effect-sms/core"
import { Console, Effect, type FileSystem, type Path, type PlatformError, type Schema, Stream } from "effect"
import * as ExportSink from "../ExportSink.ts"
import * as Progress from "./Progress.ts"

/**
 * What an export wrote and found.
 *
 * @since 0.1.0
 */
export interface Summary extends ExportSink.Written {
  readonly orders: number
  readonly delivered: number
  readonly undelivered: number
  readonly waiting: number
  readonly elapsedMillis: number
}

/**
 * Exports a range to a file with progress, and prints the summary.
 *
 * @since 0.1.0
 */
export const runExport = (
  client: IletiMerkezi.Service,
  options: {
    readonly from: string
    readonly to: string
    readonly format: "ndjson" | "csv"
    readonly out: string
    readonly concurrency: number
    readonly bom?: boolean | undefined
    readonly expectedRows?: number | undefined
  }
): Effect.Effect<
  Summary,
  IletiMerkezi.ExportError | PlatformError.PlatformError | Schema.SchemaError,
  FileSystem.FileSystem | Path.Path
> =>
  Effect.gen(function* () {
    const windows = Paging.dayWindows(options.from, options.to)
    const c = Progress.counters(windows?.length ?? 0)
    c.expectedRows = options.expectedRows
    const seenOrders = new Set<string>()
    const rows = client
      .exportMessages({ start: options.from, end: options.to }, { concurrency: options.concurrency })
      .pipe(
        Stream.tap((row) =>
          Effect.sync(() => {
            c.rows++
            if (!seenOrders.has(row.orderId)) {
              seenOrders.add(row.orderId)
              c.orders++
            }
            if (row.status === 111) c.delivered++
            else if (row.status === 112) c.undelivered++
            else c.waiting++
            if (windows !== undefined && row.submitAt !== undefined) {
              const day = row.submitAt.slice(0, 10)
              // Windows before the one this row belongs to are done.
              c.windowsDone = Math.max(
                c.windowsDone,
                windows.findIndex((w) => day >= w.start && day <= w.end)
              )
            }
          })
        )
      )
    const sink =
      options.format === "csv"
        ? ExportSink.csv(IletiMerkezi.ExportRow, options.out, { bom: options.bom })
        : ExportSink.ndjson(IletiMerkezi.ExportRow, options.out)
    const { result, elapsedMillis } = yield* Progress.track(`export ${options.format}`, c, sink(rows))
    c.windowsDone = c.windowsTotal
    yield* Console.log(
      `exported ${result.rows.toLocaleString("en-US")} rows from ${c.orders.toLocaleString("en-US")} orders to ${result.path} in ${(elapsedMillis / 1000).toFixed(1)} s — ${c.delivered.toLocaleString("en-US")} delivered, ${c.undelivered.toLocaleString("en-US")} undelivered, ${c.waiting.toLocaleString("en-US")} waiting`
    )
    return {
      ...result,
      delivered: c.delivered,
      undelivered: c.undelivered,
      waiting: c.waiting,
      orders: c.orders,
      elapsedMillis
    }
  })

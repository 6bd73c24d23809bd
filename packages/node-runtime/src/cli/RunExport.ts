/**
 * The export behind `effect-sms export` and the demo: a date range to a file, with progress and a summary.
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { IletiMerkezi, Paging } from "@effect-sms/core"
import { Console, Effect, type FileSystem, type Path, type PlatformError, Redacted, type Schema, Stream } from "effect"
import type { Ndjson } from "effect/encoding"
import type { SqlError } from "effect/sql"
import * as ExportSink from "../ExportSink.ts"
import * as Progress from "./Progress.ts"

/**
 * What can stop an export: the provider's errors, the file system, encoding, or Postgres.
 *
 * @since 0.1.0
 */
export type ExportError =
  | IletiMerkezi.ExportError
  | PlatformError.PlatformError
  | Schema.SchemaError
  | Ndjson.NdjsonError
  | SqlError.SqlError

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
    /** `postgres`: `out` is a `postgres://` URL and rows are upserted into `table`. */
    readonly format: "ndjson" | "csv" | "postgres"
    readonly out: string
    readonly table?: string | undefined
    readonly concurrency: number
    readonly bom?: boolean | undefined
    readonly expectedRows?: number | undefined
  }
): Effect.Effect<Summary, ExportError, FileSystem.FileSystem | Path.Path> =>
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
    const written: Effect.Effect<
      ExportSink.Written & { readonly inserted?: number; readonly updated?: number },
      ExportError,
      FileSystem.FileSystem | Path.Path
    > =
      options.format === "postgres"
        ? ExportSink.postgres({ table: options.table })(rows).pipe(
            Effect.provide(PgClient.layer({ url: Redacted.make(options.out), maxConnections: 2 }))
          )
        : options.format === "csv"
          ? ExportSink.csv(IletiMerkezi.ExportRow, options.out, { bom: options.bom })(rows)
          : ExportSink.ndjson(IletiMerkezi.ExportRow, options.out)(rows)
    const { result, elapsedMillis } = yield* Progress.track(`export ${options.format}`, c, written)
    c.windowsDone = c.windowsTotal
    if (result.inserted !== undefined) {
      yield* Console.log(
        `postgres table ${result.path}: ${result.inserted.toLocaleString("en-US")} rows inserted, ${(result.updated ?? 0).toLocaleString("en-US")} updated`
      )
    }
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

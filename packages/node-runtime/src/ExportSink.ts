/**
 * Sinks for exports: NDJSON and CSV files (RFC 4180, optional UTF-8 BOM for Excel and its Turkish characters), on
 * `effect/encoding`'s Ndjson and Csv encoders, and a Postgres table upserted on `(order id, number)`.
 *
 * A sink writes to a temporary file beside the target and renames it only when the stream has ended successfully,
 * so a failed or interrupted export never leaves a file that looks complete.
 *
 * @since 0.1.0
 */
import type { IletiMerkezi } from "@effect-sms/core/iletimerkezi"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Csv from "effect/encoding/Csv"
import * as Ndjson from "effect/encoding/Ndjson"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as Stream from "effect/Stream"

/**
 * What a finished export wrote.
 *
 * @since 0.1.0
 */
export interface Written {
  readonly path: string
  readonly rows: number
  readonly bytes: number
}

const encoder = new TextEncoder()

/**
 * Writes a byte stream to `path` atomically: to `path.<random>.partial` first, renamed on success, removed on
 * failure or interruption.
 *
 * @since 0.1.0
 */
export const writeAtomically = Effect.fnUntraced(function* <E, R>(
  path: string,
  bytes: Stream.Stream<Uint8Array, E, R>
) {
  const fs = yield* FileSystem.FileSystem
  const paths = yield* Path.Path
  const suffix = (yield* Random.nextInt).toString(36).replace("-", "")
  const temp = paths.join(paths.dirname(path), `.${paths.basename(path)}.${suffix}.partial`)
  let written = 0
  yield* bytes.pipe(
    Stream.mapArray((chunks) => {
      for (const chunk of chunks) written += chunk.length
      return chunks
    }),
    Stream.run(fs.sink(temp)),
    // On disk before it gets its final name: a crash right after the rename must not leave a short file.
    Effect.andThen(Effect.scoped(Effect.flatMap(fs.open(temp, { flag: "r+" }), (file) => file.sync))),
    Effect.andThen(fs.rename(temp, path)),
    Effect.onError(() => fs.remove(temp, { force: true }).pipe(Effect.ignore))
  )
  return written
})

/**
 * Batches a stream into chunks of up to 4096 rows and counts them, so that encoders and the file see large blocks
 * rather than one row at a time. (`Stream.tap` would split the chunks again: it is per element.)
 */
const batched = <A, E, R>(rows: Stream.Stream<A, E, R>, count: (n: number) => void) =>
  rows.pipe(
    Stream.rechunk(4096),
    Stream.mapArray((chunk) => {
      count(chunk.length)
      return chunk
    })
  )

/**
 * Whether values of a schema are already their own encoding (no transformation anywhere), so that encoding each row
 * can be skipped: about a third of an export's CPU.
 */
const encodesToItself = (schema: Schema.Top): boolean => SchemaAST.toEncoded(schema.ast) === schema.ast

/**
 * One block of NDJSON: each row's `JSON.stringify` and a newline, as `Ndjson.encode` writes them, but built by
 * concatenation and encoded once (`Ndjson.encode` joins an array of lines, which costs about a quarter more).
 */
const ndjsonBlock = (rows: ReadonlyArray<unknown>): Uint8Array => {
  let text = ""
  for (let i = 0; i < rows.length; i++) {
    const line = JSON.stringify(rows[i])
    if (line === undefined) throw new TypeError("Value cannot be represented as JSON")
    text += line
    text += "\n"
  }
  return encoder.encode(text)
}

/**
 * The annotation under which a schema that encodes to itself may carry its own NDJSON writer: a function from rows to
 * their lines (each ending in a newline), byte for byte what `JSON.stringify` of each row, its keys in the schema's
 * order, would write. `IletiMerkezi.ExportRow` carries one that writes an order's shared fields once per run of rows.
 *
 * @since 0.1.0
 */
export const NdjsonLinesAnnotation = "effect-sms/ndjsonLines"

/** The NDJSON block writer of a schema that encodes to itself: its own writer if it has one, else {@link ndjsonBlock}. */
const blockWriter = (schema: Schema.Top): ((rows: ReadonlyArray<unknown>) => Uint8Array) => {
  const lines = Schema.resolveAnnotations(schema)?.[NdjsonLinesAnnotation]
  return typeof lines === "function"
    ? (rows) => encoder.encode((lines as (rows: ReadonlyArray<unknown>) => string)(rows))
    : ndjsonBlock
}

/**
 * Writes rows as NDJSON (one JSON object a line), through their schema's encoding.
 *
 * @since 0.1.0
 */
export const ndjson = <S extends Schema.Top>(schema: S, path: string) =>
  Effect.fnUntraced(function* <E, R>(rows: Stream.Stream<S["Type"], E, R>) {
    let count = 0
    const write = blockWriter(schema)
    const blocks = batched(rows, (n) => {
      count += n
    })
    const bytes = yield* writeAtomically(
      path,
      encodesToItself(schema)
        ? Stream.mapArrayEffect(blocks, (chunk) =>
            Effect.try({
              try: () => [write(chunk)] as const,
              catch: (cause) => new Ndjson.NdjsonError({ kind: "Pack", cause })
            })
          )
        : blocks.pipe(Stream.pipeThroughChannel(Ndjson.encodeSchema(schema)()))
    )
    return { path, rows: count, bytes } satisfies Written
  })

/**
 * CSV options.
 *
 * @since 0.1.0
 */
export interface CsvOptions {
  /** Columns, in order; default: the schema's fields in order. */
  readonly columns?: ReadonlyArray<string> | undefined
  /** Prepend a UTF-8 byte order mark, so that Excel reads Turkish characters correctly. Default false. */
  readonly bom?: boolean | undefined
  /** Default CRLF, as RFC 4180 says. */
  readonly newline?: "\n" | "\r\n" | undefined
}

/**
 * Writes rows as CSV with a header row, through their schema's encoding. Values are encoded to strings first
 * (numbers and booleans as text, absent optional fields as empty cells).
 *
 * @since 0.1.0
 */
export const csv = <S extends Schema.Top & { readonly fields: Schema.Struct.Fields }>(
  schema: S,
  path: string,
  options: CsvOptions = {}
) =>
  Effect.fnUntraced(function* <E, R>(rows: Stream.Stream<S["Type"], E, R>) {
    const columns = options.columns ?? Object.keys(schema.fields)
    const encode = encodesToItself(schema)
      ? (row: S["Type"]) => row as Record<string, unknown>
      : Schema.encodeSync(schema as unknown as Schema.Codec<S["Type"], Record<string, unknown>>)
    let count = 0
    const records = batched(rows, (n) => {
      count += n
    }).pipe(
      Stream.map((row): Record<string, string | undefined> => {
        const encoded = encode(row)
        const out: Record<string, string | undefined> = {}
        for (const c of columns) {
          const v = encoded[c]
          out[c] = v === undefined || v === null ? undefined : typeof v === "object" ? JSON.stringify(v) : String(v)
        }
        return out
      })
    )
    const body = records.pipe(
      Stream.pipeThroughChannel(Csv.encodeString({ columns, headers: true, newline: options.newline ?? "\r\n" })),
      Stream.map((text) => encoder.encode(text))
    )
    const bom = options.bom === true ? Stream.succeed(new Uint8Array([0xef, 0xbb, 0xbf])) : Stream.empty
    // The encoder writes the header row even when there are no rows.
    const bytes = yield* writeAtomically(path, Stream.concat(bom, body))
    return { path, rows: count, bytes } satisfies Written
  })

/**
 * What an export into Postgres wrote: `rows` read from the stream, of which `inserted` were new and `updated`
 * changed an existing row (a provisional one whose status has moved on). A re-run over the same range inserts 0.
 *
 * @since 0.1.0
 */
export interface WrittenSql extends Written {
  readonly table: string
  readonly inserted: number
  readonly updated: number
}

/**
 * Postgres sink options.
 *
 * @since 0.1.0
 */
export interface PostgresOptions {
  /** The table, created when missing. Default `effect_sms_export`. */
  readonly table?: string | undefined
}

/**
 * Streams export rows into a Postgres table (through the `SqlClient` in context, e.g. `@effect/sql-pg`), created if
 * missing, upserted on `(order_id, number)`: a re-run over the same range adds no duplicates and updates the rows
 * whose status changed (provisional rows becoming final). Rows go in 4,096 at a time, one transaction each, so an
 * interrupted export leaves whole blocks that the next run completes.
 *
 * @since 0.1.0
 */
export const postgres = (options: PostgresOptions = {}) =>
  Effect.fnUntraced(function* <E, R>(rows: Stream.Stream<IletiMerkezi.ExportRow, E, R>) {
    // Loaded here, not at the top: the file sinks are the common path, and they need none of `effect/sql`.
    const { SqlClient } = yield* Effect.promise(() => import("effect/sql/SqlClient"))
    const sql = yield* SqlClient
    const table = options.table ?? "effect_sms_export"
    const t = sql(table)
    yield* sql`CREATE TABLE IF NOT EXISTS ${t} (
      order_id text NOT NULL,
      number text NOT NULL,
      order_status integer NOT NULL,
      sender text,
      submit_at text,
      send_at text,
      status integer NOT NULL,
      provisional boolean NOT NULL,
      exported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (order_id, number)
    )`
    let count = 0
    let inserted = 0
    let updated = 0
    yield* batched(rows, (n) => {
      count += n
    }).pipe(
      Stream.runForEachArray((chunk) => {
        // One statement cannot touch a row twice: the last line for a key wins, as it would in two statements.
        const byKey = new Map<string, Record<string, unknown>>()
        for (const r of chunk) {
          byKey.set(`${r.orderId}\u0000${r.number}`, {
            order_id: r.orderId,
            number: r.number,
            order_status: r.orderStatus,
            sender: r.sender ?? null,
            submit_at: r.submitAt ?? null,
            send_at: r.sendAt ?? null,
            status: r.status,
            provisional: r.provisional
          })
        }
        const values = [...byKey.values()]
        // 8 parameters a row, and Postgres's protocol allows 32,767 a statement: 2,048 rows a statement.
        const statements: Array<Arr.NonEmptyReadonlyArray<Record<string, unknown>>> = []
        for (let i = 0; i < values.length; i += 2048) {
          const part = values.slice(i, i + 2048)
          if (Arr.isReadonlyArrayNonEmpty(part)) statements.push(part)
        }
        return Effect.forEach(statements, upsert, { discard: true }).pipe(sql.withTransaction)
      })
    )
    return { path: table, table, rows: count, bytes: 0, inserted, updated } satisfies WrittenSql

    function upsert(values: Arr.NonEmptyReadonlyArray<Record<string, unknown>>) {
      // `xmax = 0` tells a fresh insert from an update; rows whose values did not change are not touched at all.
      return sql<{ inserted: boolean }>`INSERT INTO ${t} ${sql.insert(values)}
          ON CONFLICT (order_id, number) DO UPDATE SET
            order_status = EXCLUDED.order_status, sender = EXCLUDED.sender, submit_at = EXCLUDED.submit_at,
            send_at = EXCLUDED.send_at, status = EXCLUDED.status, provisional = EXCLUDED.provisional,
            exported_at = now()
          WHERE (${t}.order_status, ${t}.status, ${t}.provisional, ${t}.send_at)
            IS DISTINCT FROM (EXCLUDED.order_status, EXCLUDED.status, EXCLUDED.provisional, EXCLUDED.send_at)
          RETURNING (xmax = 0) AS inserted`.pipe(
        Effect.tap((result) =>
          Effect.sync(() => {
            for (const r of result) {
              if (r.inserted) inserted++
              else updated++
            }
          })
        )
      )
    }
  })

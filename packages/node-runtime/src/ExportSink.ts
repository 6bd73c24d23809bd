/**
 * File sinks for exports: NDJSON and CSV (RFC 4180, optional UTF-8 BOM for Excel and its Turkish characters), on
 * `effect/encoding`'s Ndjson and Csv encoders.
 *
 * A sink writes to a temporary file beside the target and renames it only when the stream has ended successfully,
 * so a failed or interrupted export never leaves a file that looks complete.
 *
 * @since 0.1.0
 */
import { Effect, FileSystem, Path, Random, Schema, SchemaAST, Stream } from "effect"
import { Csv, Ndjson } from "effect/encoding"

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
 * Writes rows as NDJSON (one JSON object a line), through their schema's encoding.
 *
 * @since 0.1.0
 */
export const ndjson = <S extends Schema.Top>(schema: S, path: string) =>
  Effect.fnUntraced(function* <E, R>(rows: Stream.Stream<S["Type"], E, R>) {
    let count = 0
    const blocks = batched(rows, (n) => {
      count += n
    })
    const bytes = yield* writeAtomically(
      path,
      encodesToItself(schema)
        ? Stream.mapArrayEffect(blocks, (chunk) =>
            Effect.try({
              try: () => [ndjsonBlock(chunk)] as const,
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

/**
 * The NDJSON sink's own block encoder against effect's `Ndjson.encode`: the same bytes for the same rows, across
 * block boundaries, and the same typed failure for a value JSON cannot hold. (End-to-end sink behaviour, atomic
 * rename and row counts, is tested against the simulator in `test/streams.test.ts`.)
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { ExportSink } from "@effect-sms/node-runtime"
import { Effect, Schema, Stream } from "effect"
import { Ndjson } from "effect/encoding"

const Row = Schema.Struct({
  orderId: Schema.String,
  sender: Schema.optionalKey(Schema.String),
  number: Schema.String,
  status: Schema.Number,
  provisional: Schema.Boolean
})
type Row = typeof Row.Type

// Turkish text, characters JSON escapes (quote, backslash, control characters, a lone surrogate), an absent optional
// key, and numbers JSON writes specially (-0, a fraction, an exponent).
const special: ReadonlyArray<Row> = [
  { orderId: "1", sender: "ŞİRKET", number: "+905551112233", status: 111, provisional: false },
  { orderId: "2", number: 'say "merhaba"\\', status: -0, provisional: true },
  { orderId: "3", sender: "tab\there\nline\u0001", number: "\ud800x", status: 0.5, provisional: false },
  { orderId: "4", sender: "emoji 😀", number: "1e21", status: 1e21, provisional: true }
]
// 10,000 rows: more than two of the sink's 4096-row blocks.
const rows: ReadonlyArray<Row> = Array.from({ length: 10_000 }, (_, i) => ({
  ...special[i % special.length]!,
  orderId: String(i)
}))

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "export-sink-"))

describe("ExportSink.ndjson", () => {
  it.live("writes the bytes Ndjson.encode writes, across block boundaries", () =>
    Effect.gen(function* () {
      const file = path.join(tmp(), "rows.ndjson")
      const written = yield* ExportSink.ndjson(Row, file)(Stream.fromIterable(rows, { chunkSize: 333 }))
      const reference = yield* Stream.fromIterable(rows).pipe(
        Stream.pipeThroughChannel(Ndjson.encode()),
        Stream.runCollect
      )
      const expected = Buffer.concat(reference)
      const actual = fs.readFileSync(file)
      assert.strictEqual(written.rows, rows.length)
      assert.strictEqual(written.bytes, expected.length)
      assert.isTrue(actual.equals(expected))
    }).pipe(Effect.provide(NodeServices.layer))
  )

  it.live("fails with NdjsonError on a value JSON cannot hold, and leaves no file", () =>
    Effect.gen(function* () {
      const Loose = Schema.Struct({ value: Schema.Unknown })
      const dir = tmp()
      const error = yield* Effect.flip(
        ExportSink.ndjson(Loose, path.join(dir, "bad.ndjson"))(Stream.make({ value: 1 }, { value: 10n }))
      )
      assert.strictEqual(error._tag, "NdjsonError")
      assert.deepStrictEqual(fs.readdirSync(dir), [])
    }).pipe(Effect.provide(NodeServices.layer))
  )

  it.live(
    "writes a schema's rows with the writer it carries, and IletiMerkezi.ExportRow's gives Ndjson.encode's bytes",
    () =>
      Effect.gen(function* () {
        const Tagged = Row.annotate({
          [ExportSink.NdjsonLinesAnnotation]: (rs: ReadonlyArray<Row>) => rs.map((r) => `<${r.orderId}>\n`).join("")
        })
        const dir = tmp()
        yield* ExportSink.ndjson(Tagged, path.join(dir, "tagged.ndjson"))(Stream.fromIterable(rows.slice(0, 3)))
        assert.strictEqual(fs.readFileSync(path.join(dir, "tagged.ndjson"), "utf8"), "<0>\n<1>\n<2>\n")

        const exportRows: ReadonlyArray<IletiMerkezi.ExportRow> = rows.map((r, i) => ({
          orderId: String(Math.floor(i / 7)),
          orderStatus: 114,
          ...(r.sender === undefined ? {} : { sender: r.sender }),
          submitAt: "2026-04-01 10:00:00",
          number: r.number,
          status: r.status,
          provisional: r.provisional
        }))
        yield* ExportSink.ndjson(
          IletiMerkezi.ExportRow,
          path.join(dir, "export.ndjson")
        )(Stream.fromIterable(exportRows, { chunkSize: 500 }))
        const reference = yield* Stream.fromIterable(exportRows).pipe(
          Stream.pipeThroughChannel(Ndjson.encode()),
          Stream.runCollect
        )
        assert.isTrue(Buffer.concat(reference).equals(fs.readFileSync(path.join(dir, "export.ndjson"))))
      }).pipe(Effect.provide(NodeServices.layer))
  )
})

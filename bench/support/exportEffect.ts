/**
 * The measured export, as a child process of `bench/export.ts`: the `IletiMerkezi` client over `NodeSms.layer`
 * (undici, rate limit off), `exportMessages` with `--concurrency`, into `ExportSink.ndjson(IletiMerkezi.ExportRow)`.
 * Prints one result line (see `exportWire.ts`); its peak RSS is this process's alone.
 *
 * Diagnostic variants (`--sink`), to split the cost between the client and the sink:
 * - `batched`: the same NDJSON encoder and file sink as `ExportSink.ndjson`, but counting rows per chunk
 *   (`Stream.mapArray`) instead of per row (`Stream.tap`), so that the file is written in 4096-row blocks;
 * - `none`: the rows are counted and dropped, no file.
 */
// The light import path a user exporting reports takes (README, "Exporting reports"): a module per import, never a
// package's index, which loads every module of the package (for @effect/platform-node an HTTP server, sockets,
// redis, ...; for ours every provider, the CLI and the webhook routes; for effect all of its modules), code the
// export does not run and that counts against its peak RSS.
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { IletiMerkezi } from "@effect-sms/core/iletimerkezi"
import * as ExportSink from "@effect-sms/node-runtime/ExportSink"
import * as NodeSms from "@effect-sms/node-runtime/NodeSms"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ndjson from "effect/encoding/Ndjson"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { flag } from "./cli.ts"
import { markStart, printResult, workerArgs } from "./exportWire.ts"

const args = workerArgs()
const sink = flag("sink", "exportSink")

const batched = Effect.fnUntraced(function* <E, R>(rows: Stream.Stream<IletiMerkezi.ExportRow, E, R>) {
  const fs = yield* FileSystem.FileSystem
  let count = 0
  let bytes = 0
  yield* rows.pipe(
    Stream.rechunk(4096),
    Stream.mapArray((chunk) => {
      count += chunk.length
      return chunk
    }),
    Stream.pipeThroughChannel(Ndjson.encodeSchema(IletiMerkezi.ExportRow)()),
    Stream.mapArray((chunk) => {
      for (const b of chunk) bytes += b.length
      return chunk
    }),
    Stream.run(fs.sink(args.out))
  )
  return { rows: count, bytes }
})

const none = <E, R>(rows: Stream.Stream<IletiMerkezi.ExportRow, E, R>) =>
  Effect.map(Stream.runCount(rows), (count) => ({ rows: count, bytes: 0 }))

const program = Effect.gen(function* () {
  const client = yield* IletiMerkezi.IletiMerkeziClient
  const rows = client.exportMessages({ start: args.start, end: args.end }, { concurrency: args.concurrency })
  if (sink === "batched") return yield* batched(rows)
  if (sink === "none") return yield* none(rows)
  return yield* ExportSink.ndjson(IletiMerkezi.ExportRow, args.out)(rows)
})

const layer = Layer.mergeAll(
  NodeSms.layer({
    apiKey: Redacted.make(args.key),
    apiHash: Redacted.make(args.hash),
    baseUrl: args.url,
    rateLimit: false
  }),
  NodeServices.layer
)

markStart()
program.pipe(
  Effect.provide(layer),
  Effect.timed,
  Effect.map(([duration, written]) =>
    printResult({ rows: written.rows, bytes: written.bytes, ms: Duration.toMillis(duration) })
  ),
  NodeRuntime.runMain
)

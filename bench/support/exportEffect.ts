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
// Deep imports: the package's index loads every module (HTTP server, sockets, redis, ...), about 20 MB of RSS that
// the export does not need and that would count against it.
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { IletiMerkezi } from "@effect-sms/core"
import { ExportSink, NodeSms } from "@effect-sms/node-runtime"
import { Duration, Effect, FileSystem, Layer, Redacted, Stream } from "effect"
import { Ndjson } from "effect/encoding"
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

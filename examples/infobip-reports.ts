/**
 * Send a small Infobip campaign, then drain its delivery reports into an NDJSON file, at least once: each batch is
 * kept in a journal file until it is on disk, so a crash mid-batch re-delivers it on the next run instead of losing
 * it (Infobip returns each report only once). Credentials come from the environment: INFOBIP_BASE_URL and
 * INFOBIP_API_KEY (or INFOBIP_AUTH=basic|ibsso|oauth2 with its credentials).
 *
 *   node examples/infobip-reports.ts reports.ndjson [reports.journal.json]
 */

import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Infobip } from "@effect-sms/core/infobip"
import { FileJournal, NodeInfobip } from "@effect-sms/node-runtime"
import { Console, Effect, FileSystem, Layer, Schedule, Stream } from "effect"

const out = process.argv[2] ?? "reports.ndjson"
const journalPath = process.argv[3] ?? `${out}.journal.json`

const program = Effect.gen(function* () {
  const infobip = yield* Infobip.InfobipClient
  const fs = yield* FileSystem.FileSystem

  // Every destination gets a messageId (ours, or generated); callbackData comes back in each report.
  const sent = yield* infobip.sendMessages({
    messages: [
      {
        sender: "ACME",
        destinations: ["+90 532 111 22 33", "41793026727", "05331112233"],
        text: "Siparişiniz yola çıktı.",
        language: { languageCode: "TR" },
        webhooks: { callbackData: "campaign-2026-05" }
      }
    ]
  })
  for (const m of sent.messages) yield* Console.log(`${m.messageId} ${m.to} ${m.status.groupName}/${m.status.name}`)
  const expected = new Set(sent.accepted.map((m) => m.messageId))

  // Drain until every accepted message has reported (reports only exist once a message is final).
  const seen = new Set<string>()
  const drainOnce = infobip.reportBatches({ limit: 100 }).pipe(
    Stream.runForEach((batch) =>
      Effect.gen(function* () {
        // The sink: append the batch and sync it. The next batch is fetched only after this returns.
        const text = batch.map((r) => `${JSON.stringify({ ...r, status: r.status.name, final: r.status.final })}\n`)
        yield* Effect.scoped(
          Effect.gen(function* () {
            const file = yield* fs.open(out, { flag: "a" })
            yield* file.writeAll(new TextEncoder().encode(text.join("")))
            // On disk before the sink returns: only then may the drain clear the journal and fetch the next batch.
            yield* file.sync
          })
        )
        for (const r of batch) seen.add(r.messageId)
      })
    )
  )
  yield* drainOnce.pipe(
    Effect.repeat({
      schedule: Schedule.spaced("1 second"),
      until: () => [...expected].every((id) => seen.has(id))
    }),
    Effect.timeout("2 minutes")
  )
  yield* Console.log(`${seen.size} delivery reports written to ${out}`)
})

const layer = Layer.unwrap(
  Effect.map(FileJournal.make(journalPath), (journal) => NodeInfobip.layerConfig({ journal }))
).pipe(Layer.provideMerge(NodeServices.layer))

program.pipe(Effect.provide(layer), NodeRuntime.runMain)

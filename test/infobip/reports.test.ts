/**
 * Draining Infobip's delivery reports over real HTTP: each report comes back once and is then gone at the provider,
 * so the drain is pull-based and journaled. Tested: every report exactly once; the next batch is fetched only after
 * the sink took the previous one; a batch whose sink failed is handed out again (in memory, and from a file journal
 * after a simulated crash), so nothing is lost.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import type { ReportJournal } from "@effect-sms/core/infobip"
import { FileJournal } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Deferred, Effect, Fiber, Layer, Stream } from "effect"
import { client, clientFor, T0 } from "./harness.ts"

const N = 45

const setup = (journal?: ReportJournal.Journal) =>
  clientFor(journal === undefined ? {} : { journal }).pipe(
    Layer.provideMerge(Simulator.layer({ seed: "infobip-reports", clock: { start: T0 } }))
  )

// N messages sent and final at the simulator.
const sendAndSettle = Effect.gen(function* () {
  const c = yield* client
  const sim = yield* Effect.service(Simulator.Simulator)
  const to = Array.from({ length: N }, (_, i) => `4179302${String(i).padStart(4, "0")}`)
  const sent = yield* c.sendMessages({ messages: [{ destinations: to, text: "report me" }] })
  yield* sim.clock.advance("1 minute")
  return { ids: sent.messages.map((m) => m.messageId), sim }
})

describe("Infobip delivery reports", () => {
  it.live("every report is drained exactly once, one request per batch plus the empty one", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* sendAndSettle
      const c = yield* client
      yield* sim.resetStats
      const batches = yield* c.reportBatches({ limit: 10 }).pipe(Stream.runCollect)
      assert.deepStrictEqual(
        batches.map((b) => b.length),
        [10, 10, 10, 10, 5]
      )
      const got = batches.flat().map((r) => r.messageId)
      assert.deepStrictEqual([...got].sort(), [...ids].sort())
      assert.isTrue(batches.flat().every((r) => r.status.final))
      assert.strictEqual(yield* sim.requestCount("infobip/sms/3/reports"), 6)
      // Gone at the provider: a second drain finds nothing.
      assert.strictEqual((yield* c.reports({ version: 1 }).pipe(Stream.runCollect)).length, 0)
    }).pipe(Effect.provide(setup()))
  )

  it.live("a failed sink stops the drain before the next fetch; the next drain hands that batch out first", () =>
    Effect.gen(function* () {
      const { ids, sim } = yield* sendAndSettle
      const c = yield* client
      yield* sim.resetStats
      const taken: Array<string> = []
      let calls = 0
      const failing = c.reportBatches({ limit: 10 }).pipe(
        Stream.runForEach((batch) => {
          calls++
          if (calls === 2) return Effect.fail("disk full" as const)
          taken.push(...batch.map((r) => r.messageId))
          return Effect.void
        }),
        Effect.flip
      )
      assert.strictEqual(yield* failing, "disk full")
      // Pull-based: batch 3 was never fetched, so only batches 1 and 2 left the provider.
      assert.strictEqual(yield* sim.requestCount("infobip/sms/3/reports"), 2)
      const again = yield* c.reportBatches({ limit: 10 }).pipe(Stream.runCollect)
      assert.strictEqual(again[0]!.length, 10)
      taken.push(...again.flat().map((r) => r.messageId))
      assert.deepStrictEqual([...taken].sort(), [...ids].sort())
    }).pipe(Effect.provide(setup()))
  )

  it.live("with a file journal, a batch in hand when the process died is delivered by the next process", () =>
    Effect.gen(function* () {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "infobip-journal-"))
      const file = Path.join(dir, "reports.journal.json")
      const { ids } = yield* sendAndSettle.pipe(Effect.provide(clientFor()))
      // "Process 1": takes a batch, and dies while its sink is writing it.
      const journal1 = yield* FileJournal.make(file).pipe(Effect.provide(NodeServices.layer))
      yield* Effect.gen(function* () {
        const c = yield* client
        const inSink = yield* Deferred.make<void>()
        const fiber = yield* c.reportBatches({ limit: 10 }).pipe(
          Stream.runForEach(() => Effect.andThen(Deferred.succeed(inSink, undefined), Effect.never)),
          Effect.forkChild
        )
        yield* Deferred.await(inSink)
        yield* Fiber.interrupt(fiber)
      }).pipe(Effect.provide(clientFor({ journal: journal1 })))
      assert.isTrue(Fs.existsSync(file))
      // "Process 2": a new journal on the same file, a new client.
      const journal2 = yield* FileJournal.make(file).pipe(Effect.provide(NodeServices.layer))
      const all = yield* Effect.flatMap(client, (c) => c.reports({ limit: 10 }).pipe(Stream.runCollect)).pipe(
        Effect.provide(clientFor({ journal: journal2 }))
      )
      assert.deepStrictEqual(all.map((r) => r.messageId).sort(), [...ids].sort())
      assert.isFalse(Fs.existsSync(file))
      Fs.rmSync(dir, { recursive: true, force: true })
    }).pipe(Effect.provide(Simulator.layer({ seed: "infobip-reports", clock: { start: T0 } })))
  )

  it.live("a limit outside 1..1000, or a v3-only filter on v1, is refused before any request", () =>
    Effect.gen(function* () {
      const c = yield* client
      const sim = yield* Effect.service(Simulator.Simulator)
      const e = yield* Effect.flip(c.reports({ limit: 1001 }).pipe(Stream.runCollect))
      assert.strictEqual(e._tag, "InvalidInput")
      // Each version takes its own filters only.
      const v1 = yield* Effect.flip(c.reports({ version: 1, campaignReferenceId: "c1" }).pipe(Stream.runCollect))
      assert.strictEqual(v1._tag === "InvalidInput" ? v1.rule : v1._tag, "v3-only")
      assert.strictEqual(yield* sim.requestCount(), 0)
    }).pipe(Effect.provide(setup()))
  )
})

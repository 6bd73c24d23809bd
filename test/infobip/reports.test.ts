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

  it.live("two drains at once with failing sinks: the second waits for the first, no report is lost", () =>
    Effect.gen(function* () {
      const { ids } = yield* sendAndSettle
      const c = yield* client
      const taken = new Set<string>()
      const sink = (failAt: number) => {
        let calls = 0
        return (batch: ReadonlyArray<{ readonly messageId: string }>) => {
          calls++
          if (calls === failAt) return Effect.fail("sink failed" as const)
          for (const r of batch) taken.add(r.messageId)
          return Effect.void
        }
      }
      // B fails on its second batch; A starts B while holding its first batch, gives B time to run, then takes it
      // and fails on its second. Sharing the journal, B's batch would be cleared by A's next pull and lost.
      const sinkB = sink(2)
      let drainB: Fiber.Fiber<unknown, unknown> | undefined
      const sinkA = sink(2)
      const a = yield* c.reportBatches({ limit: 10 }).pipe(
        Stream.runForEach((batch) =>
          Effect.gen(function* () {
            if (drainB === undefined) {
              const fiber = yield* c
                .reportBatches({ limit: 10 })
                .pipe(Stream.runForEach(sinkB), Effect.flip, Effect.forkDetach)
              drainB = fiber
              yield* Effect.raceFirst(Fiber.await(fiber), Effect.sleep("300 millis"))
            }
            return yield* sinkA(batch)
          })
        ),
        Effect.flip
      )
      assert.strictEqual(a, "sink failed")
      assert.strictEqual(yield* Fiber.join(drainB!), "sink failed")
      const rest = yield* c.reports({ limit: 10 }).pipe(Stream.runCollect)
      for (const r of rest) taken.add(r.messageId)
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

  it.live("v1 and v3 both filter reports by applicationId and entityId", () =>
    Effect.gen(function* () {
      const c = yield* client
      const sim = yield* Effect.service(Simulator.Simulator)
      const send = (to: string, applicationId: string, entityId: string) =>
        c.sendAdvanced({ messages: [{ destinations: to, text: "x", applicationId, entityId }] })
      const a = yield* send("41793026701", "app-a", "ent-a")
      const b = yield* send("41793026702", "app-b", "ent-b")
      const d = yield* send("41793026703", "app-b", "ent-d")
      yield* sim.clock.advance("1 minute")
      const ids = (rs: ReadonlyArray<{ readonly messageId: string }>) => rs.map((r) => r.messageId)
      const v1 = yield* c.reports({ version: 1, applicationId: "app-a" }).pipe(Stream.runCollect)
      assert.deepStrictEqual(ids(v1), [a.messages[0]!.messageId])
      const v1e = yield* c.reports({ version: 1, entityId: "ent-d" }).pipe(Stream.runCollect)
      assert.deepStrictEqual(ids(v1e), [d.messages[0]!.messageId])
      const v3 = yield* c.reports({ applicationId: "app-b" }).pipe(Stream.runCollect)
      assert.deepStrictEqual(ids(v3), [b.messages[0]!.messageId])
    }).pipe(Effect.provide(setup()))
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

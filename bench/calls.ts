/**
 * Issue 15: the client's own cost per call. `getBalance` and a one-recipient `sendSms` through the `IletiMerkezi`
 * client over `NodeSms` (undici) with the default retry policy, the send limiter on (with a limit no run reaches, so
 * that it counts tokens but never waits) and spans on, against raw undici posting the same bytes to the same
 * simulator and reading the same answers. Sequentially and at concurrency 32, on loopback.
 *
 *   node bench/calls.ts [--calls 2000] [--rounds 3] [--side both|ours|raw] [--recipients same|distinct]
 *
 * `--side ours` (or `raw`) runs one side only, for a profile of it (`node --cpu-prof bench/calls.ts --side ours`);
 * the ratios then read `NaN`.
 *
 * Both sides run in this process, one after the other in each round (ours, then raw, then the next case), so that a
 * busy moment of the machine spreads over both; the simulator is a child process, so its CPU is not counted. CPU per
 * call is `process.cpuUsage()` over a case divided by its calls; latency is per call, from the call to its decoded
 * answer. The request bodies of the raw side are the bytes ours sends, captured once from a call through the client;
 * each send carries its own text, because the provider refuses the same text to the same number within ten minutes.
 *
 * By default every send goes to the same number, and the client's send safety makes sends to the same recipients
 * from one sender take turns (reconciliation could not tell them apart): `sendSms/32` then measures 32 sends queued
 * one behind the other. `--recipients distinct` gives each send its own number, as a campaign's sends have.
 *
 * The last line is one JSON object: {"bench":"calls","cpu_vs_raw",…,"p50_ms",…,"p99_ms",…,"raw_p50_ms",…,
 * "raw_p99_ms",…,"cases":{…}}, where the top-level figures pool every case.
 */
import { performance } from "node:perf_hooks"
import type { IletiMerkezi as IletiMerkeziTypes } from "@effect-sms/core"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { Pool } from "undici"
import { ensureBuilt, startSimulator } from "./support/children.ts"
import { flag, int, load, numberFlag, round } from "./support/cli.ts"

ensureBuilt()
const { IletiMerkezi } = await import("@effect-sms/core")
const { NodeSms } = await import("@effect-sms/node-runtime")

const calls = numberFlag("calls", 2000)
const rounds = numberFlag("rounds", 3)
const side = flag("side", "both")
const concurrencies = [1, 32] as const
const kinds = ["getBalance", "sendSms"] as const
type Kind = (typeof kinds)[number]

const sim = await startSimulator({ orders: 1, recipients: 1, start: "2026-04-01", days: 1 })
const origin = new URL(sim.url).origin
const prefix = new URL(sim.url).pathname.replace(/\/+$/, "")

const options: IletiMerkeziTypes.Options = {
  apiKey: Redacted.make(sim.apiKey),
  apiHash: Redacted.make(sim.apiHash),
  baseUrl: sim.url,
  rateLimit: { limit: 1e9, burst: 1e9 }
}
const distinct = flag("recipients", "same") === "distinct"
const fixedNumber = "905551112233"
// Each text is unique per call, so its last digits give each send its own number when asked.
const numberFor = (text: string) =>
  distinct ? `90555${String(1_000_000 + (Number(/(\d+)$/.exec(text)?.[1] ?? 0) % 9_000_000)).slice(0, 7)}` : fixedNumber
const sendInput = (text: string) => ({ sender: "APITEST", iys: 0 as const, text, to: `+${numberFor(text)}` })

// The bytes ours sends, captured from one call of each kind through the client.
const captured: Record<string, { path: string; body: string }> = {}
const capture = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.mapRequest(client, (request) => {
      const body = request.body
      if (body._tag === "Uint8Array") {
        captured[new URL(request.url).pathname] = {
          path: new URL(request.url).pathname,
          body: new TextDecoder().decode(body.body)
        }
      }
      return request
    })
  )
).pipe(Layer.provide(NodeSms.layerHttpClient))
const marker = "calls-bench-capture"
await Effect.runPromise(
  Effect.gen(function* () {
    const client = yield* IletiMerkezi.IletiMerkeziClient
    yield* client.getBalance
    yield* client.sendSms({ ...sendInput(marker), to: `+${fixedNumber}` })
  }).pipe(Effect.provide(IletiMerkezi.layer(options).pipe(Layer.provide(capture))))
)
const balanceWire = captured[`${prefix}/get-balance/json`]
const sendWire = captured[`${prefix}/send-sms/json`]
if (
  balanceWire === undefined ||
  sendWire === undefined ||
  !sendWire.body.includes(marker) ||
  !sendWire.body.includes(fixedNumber)
) {
  throw new Error(`calls: could not capture the request bodies: ${JSON.stringify(Object.keys(captured))}`)
}

// Ours: the client as users build it, in one runtime for the whole run. Each case runs as one Effect program
// (`Effect.forEach` with the case's concurrency), as an Effect application would call the client.
const runtime = ManagedRuntime.make(NodeSms.layer(options))
const client = await runtime.runPromise(Effect.service(IletiMerkezi.IletiMerkeziClient))
const ours: Record<Kind, (text: string) => Effect.Effect<unknown, unknown>> = {
  getBalance: () => client.getBalance,
  sendSms: (text) => client.sendSms(sendInput(text))
}

// Raw: one undici pool of the same size as NodeSms's, the captured bytes, `JSON.parse` and a status check.
const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 10_000 })
const post = async (path: string, body: string): Promise<unknown> => {
  const res = await pool.request({
    method: "POST",
    path,
    headers: { "content-type": "application/json; charset=utf-8", accept: "application/json" },
    body
  })
  const parsed = JSON.parse(await res.body.text()) as { response: { status: { code: number } } }
  if (parsed.response.status.code !== 200) throw new Error(`raw ${path}: status ${parsed.response.status.code}`)
  return parsed.response
}
const raw: Record<Kind, (text: string) => Promise<unknown>> = {
  getBalance: () => post(balanceWire.path, balanceWire.body),
  // The text is plain ASCII without JSON escapes, so it replaces the marker as is.
  sendSms: (text) => post(sendWire.path, sendWire.body.replace(marker, text).replace(fixedNumber, numberFor(text)))
}

interface Sample {
  cpuMs: number
  calls: number
  latencies: Array<number>
}
const empty = (): Sample => ({ cpuMs: 0, calls: 0, latencies: [] })

const record = (into: Sample, n: number, cpu0: NodeJS.CpuUsage, latencies: ReadonlyArray<number>): void => {
  const cpu = process.cpuUsage(cpu0)
  into.cpuMs += (cpu.user + cpu.system) / 1000
  into.calls += n
  into.latencies.push(...latencies)
}

/** Raw: `n` calls from `concurrency` async workers; texts are unique per side, round, case and call. */
const runRaw = async (
  call: (text: string) => Promise<unknown>,
  tag: string,
  n: number,
  concurrency: number,
  into: Sample
): Promise<void> => {
  let next = 0
  const latencies: Array<number> = []
  const worker = async () => {
    while (next < n) {
      const i = next++
      const t0 = performance.now()
      await call(`${tag}-${i}`)
      latencies.push(performance.now() - t0)
    }
  }
  const cpu0 = process.cpuUsage()
  await Promise.all(Array.from({ length: concurrency }, worker))
  record(into, n, cpu0, latencies)
}

/** Ours: the same calls as one Effect program. */
const runOurs = async (
  call: (text: string) => Effect.Effect<unknown, unknown>,
  tag: string,
  n: number,
  concurrency: number,
  into: Sample
): Promise<void> => {
  const latencies: Array<number> = []
  const indices = Array.from({ length: n }, (_, i) => i)
  const program = Effect.forEach(
    indices,
    (i) =>
      Effect.suspend(() => {
        const t0 = performance.now()
        return Effect.map(call(`${tag}-${i}`), () => {
          latencies.push(performance.now() - t0)
        })
      }),
    { concurrency, discard: true }
  )
  const cpu0 = process.cpuUsage()
  await runtime.runPromise(program)
  record(into, n, cpu0, latencies)
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

const caseKey = (kind: Kind, concurrency: number) => `${kind}/${concurrency}`
const results: Record<string, { ours: Sample; raw: Sample }> = {}
for (const kind of kinds) for (const c of concurrencies) results[caseKey(kind, c)] = { ours: empty(), raw: empty() }

try {
  console.log(
    `calls bench: ${int(calls)} calls per case and side, ${rounds} rounds (+1 warm-up), loopback simulator ` +
      `pid ${sim.pid}; node ${process.version}; ${load()}`
  )
  for (let r = 0; r <= rounds; r++) {
    const warmUp = r === 0
    for (const kind of kinds) {
      for (const c of concurrencies) {
        const slot = results[caseKey(kind, c)]!
        const n = warmUp ? Math.min(calls, 300) : calls
        if (side !== "raw") await runOurs(ours[kind], `ours-${r}-${c}`, n, c, warmUp ? empty() : slot.ours)
        if (side !== "ours") await runRaw(raw[kind], `raw-${r}-${c}`, n, c, warmUp ? empty() : slot.raw)
      }
    }
  }

  const line = (s: Sample) => {
    const sorted = [...s.latencies].sort((a, b) => a - b)
    return { cpuUs: (1000 * s.cpuMs) / s.calls, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }
  }
  const cases: Record<string, Record<string, number>> = {}
  console.log("  case              side  CPU/call   p50 ms   p99 ms   CPU ours/raw")
  const all = { ours: empty(), raw: empty() }
  for (const [key, { ours: o, raw: w }] of Object.entries(results)) {
    const a = line(o)
    const b = line(w)
    const ratio = a.cpuUs / b.cpuUs
    for (const [side, s] of [
      ["ours", o],
      ["raw", w]
    ] as const) {
      all[side].cpuMs += s.cpuMs
      all[side].calls += s.calls
      all[side].latencies.push(...s.latencies)
    }
    console.log(
      `  ${key.padEnd(16)}  ours ${a.cpuUs.toFixed(0).padStart(6)} µs ${a.p50.toFixed(2).padStart(8)} ${a.p99.toFixed(2).padStart(8)}   ${ratio.toFixed(2)}x`
    )
    console.log(
      `  ${"".padEnd(16)}  raw  ${b.cpuUs.toFixed(0).padStart(6)} µs ${b.p50.toFixed(2).padStart(8)} ${b.p99.toFixed(2).padStart(8)}`
    )
    cases[key] = {
      cpu_vs_raw: round(ratio),
      cpu_us: round(a.cpuUs, 1),
      raw_cpu_us: round(b.cpuUs, 1),
      p50_ms: round(a.p50, 3),
      p99_ms: round(a.p99, 3),
      raw_p50_ms: round(b.p50, 3),
      raw_p99_ms: round(b.p99, 3)
    }
  }
  const o = line(all.ours)
  const w = line(all.raw)
  const cpuVsRaw = o.cpuUs / w.cpuUs
  const worst = Math.max(...Object.values(cases).map((c) => c.cpu_vs_raw!))
  console.log("results")
  console.log(
    `  ours / raw CPU per call, all cases   ${cpuVsRaw.toFixed(2)}x   target <= 1.3x: ${cpuVsRaw <= 1.3 ? "ok" : "MISSED"}`
  )
  console.log(`  worst case                           ${worst.toFixed(2)}x`)
  console.log(
    `  latency ours p50 ${o.p50.toFixed(2)} ms, p99 ${o.p99.toFixed(2)} ms; raw p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms`
  )
  console.log(`  ${load()}`)
  console.log(
    JSON.stringify({
      bench: "calls",
      cpu_vs_raw: round(cpuVsRaw),
      p50_ms: round(o.p50, 3),
      p99_ms: round(o.p99, 3),
      raw_p50_ms: round(w.p50, 3),
      raw_p99_ms: round(w.p99, 3),
      cases
    })
  )
} finally {
  await runtime.dispose()
  await pool.close()
  await sim.stop()
}

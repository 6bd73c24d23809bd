/**
 * The export baselines, as a child process of `bench/export.ts`: no Effect, only undici, `JSON.parse` and a buffered
 * file stream.
 *
 * - `--mode raw`: the practical limit. Orders are listed window by window (get-reports until an empty page) while
 *   `--concurrency` workers fetch their report pages from one undici `Pool` of as many connections; rows are
 *   written in completion order.
 * - `--mode sequential`: what the official SDKs make a user write: one request at a time, window after window, page
 *   after page.
 */
import { once } from "node:events"
import { createWriteStream, type WriteStream } from "node:fs"
import { performance } from "node:perf_hooks"
import { Pool } from "undici"
import { flag } from "./cli.ts"
import {
  getReportBody,
  getReportsBody,
  markStart,
  parse,
  printResult,
  rowCount,
  rowLines,
  type WireOrder,
  type WireReport,
  type WorkerArgs,
  windows,
  workerArgs
} from "./exportWire.ts"

const args = workerArgs()
const mode = flag("mode", "raw")
const url = new URL(args.url)
const prefix = url.pathname.replace(/\/+$/, "")
const pool = new Pool(url.origin, { connections: mode === "raw" ? args.concurrency : 1, pipelining: 1 })

const post = async (path: string, body: string): Promise<string> => {
  const res = await pool.request({
    method: "POST",
    path: `${prefix}${path}`,
    headers: { "content-type": "application/json", accept: "application/json" },
    body
  })
  return res.body.text()
}

const listPage = async (a: WorkerArgs, window: { start: string; end: string }, page: number) =>
  parse<{ orders: Array<WireOrder> }>(await post("/get-reports/json", getReportsBody(a, window, page)), "get-reports")
    .orders ?? []

const reportPage = async (a: WorkerArgs, id: string, page: number) =>
  parse<WireReport>(await post("/get-report/json", getReportBody(a, id, page, rowCount)), "get-report") as WireReport

const pagesOf = (order: WireOrder): number => Math.max(1, Math.ceil((order.total ?? 0) / rowCount))

const write = async (out: WriteStream, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, "drain")
}

/** Every (order, page) task of the range, listed lazily: the next get-reports page is read when tasks run out. */
async function* tasks(a: WorkerArgs): AsyncGenerator<{ order: WireOrder; page: number }> {
  for (const window of windows(a.start, a.end)) {
    for (let page = 1; ; page++) {
      const orders = await listPage(a, window, page)
      if (orders.length === 0) break
      for (const order of orders) for (let p = 1; p <= pagesOf(order); p++) yield { order, page: p }
    }
  }
}

const raw = async (a: WorkerArgs, out: WriteStream): Promise<number> => {
  // Workers share one generator: an async generator queues concurrent `next()` calls, so each task goes to one worker.
  const source = tasks(a)
  let rows = 0
  const worker = async () => {
    for (;;) {
      const next = await source.next()
      if (next.done === true) return
      const lines = rowLines(next.value.order, await reportPage(a, String(next.value.order.id), next.value.page))
      rows += lines.rows
      await write(out, lines.text)
    }
  }
  await Promise.all(Array.from({ length: a.concurrency }, worker))
  return rows
}

const sequential = async (a: WorkerArgs, out: WriteStream): Promise<number> => {
  let rows = 0
  for (const window of windows(a.start, a.end)) {
    for (let page = 1; ; page++) {
      const orders = await listPage(a, window, page)
      if (orders.length === 0) break
      for (const order of orders) {
        for (let p = 1; p <= pagesOf(order); p++) {
          const lines = rowLines(order, await reportPage(a, String(order.id), p))
          rows += lines.rows
          await write(out, lines.text)
        }
      }
    }
  }
  return rows
}

markStart()
const started = performance.now()
const out = createWriteStream(args.out, { highWaterMark: 1 << 20 })
const rows = await (mode === "raw" ? raw(args, out) : sequential(args, out))
out.end()
await once(out, "close")
const ms = performance.now() - started
await pool.close()
printResult({ rows, bytes: out.bytesWritten, ms })

/**
 * What the export children share: their command line, the iletiMerkezi JSON wire as the hand-written baselines speak
 * it (docs/providers/iletimerkezi-api.md ("cancel-order, get-report, get-reports")), the NDJSON row they write (the fields and key order of `IletiMerkezi.ExportRow`,
 * so that every implementation writes byte-identical lines), and the result line they print.
 */
import { cpuUsage } from "node:process"
import { flag, maxRssMb } from "./cli.ts"

/** The arguments every export child takes. */
export interface WorkerArgs {
  readonly url: string
  readonly key: string
  readonly hash: string
  readonly start: string
  readonly end: string
  readonly out: string
  readonly concurrency: number
}

export const workerArgs = (): WorkerArgs => ({
  url: flag("url", ""),
  key: flag("key", ""),
  hash: flag("hash", ""),
  start: flag("start", ""),
  end: flag("end", ""),
  out: flag("out", ""),
  concurrency: Number(flag("concurrency", "8"))
})

export const toArgv = (a: WorkerArgs): Array<string> => [
  "--url",
  a.url,
  "--key",
  a.key,
  "--hash",
  a.hash,
  "--start",
  a.start,
  "--end",
  a.end,
  "--out",
  a.out,
  "--concurrency",
  String(a.concurrency)
]

/** What a child prints as its last line. */
export interface WorkerResult {
  readonly rows: number
  readonly bytes: number
  /** Wall time of the export itself, from the first request to the file being closed. */
  readonly ms: number
  /** Peak RSS of the child over its whole life, in MiB. */
  readonly maxRssMb: number
  /** CPU time (user + system) of the child over its whole life, in ms, module loading included. */
  readonly cpuMs: number
  /** CPU time (user + system) of the export itself, from `markStart` to the result, in ms: the per-row cost. */
  readonly exportCpuMs: number
}

let startCpu: NodeJS.CpuUsage | undefined

/** Marks the start of the export (after module loading), for `exportCpuMs`. */
export const markStart = (): void => {
  startCpu = cpuUsage()
}

export const printResult = (r: Omit<WorkerResult, "maxRssMb" | "cpuMs" | "exportCpuMs">): void => {
  const cpu = cpuUsage()
  const since = cpuUsage(startCpu ?? { user: 0, system: 0 })
  const result: WorkerResult = {
    ...r,
    maxRssMb: maxRssMb(),
    cpuMs: (cpu.user + cpu.system) / 1000,
    exportCpuMs: (since.user + since.system) / 1000
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

/** Inclusive `Y-m-d` windows of at most `days` days, as `Paging.dayWindows` cuts them. */
export const windows = (start: string, end: string, days = 10): Array<{ start: string; end: string }> => {
  const day = 86_400_000
  const s = Date.parse(`${start}T00:00:00Z`)
  const e = Date.parse(`${end}T00:00:00Z`)
  const ymd = (t: number) => new Date(t).toISOString().slice(0, 10)
  const out: Array<{ start: string; end: string }> = []
  for (let t = s; t <= e; t += days * day) out.push({ start: ymd(t), end: ymd(Math.min(t + (days - 1) * day, e)) })
  return out
}

/** An order summary of get-reports, as the simulator sends it (ids as integers). */
export interface WireOrder {
  readonly id: number | string
  readonly status: number
  readonly total?: number
  readonly waiting?: number
  readonly submitAt?: string
  readonly sendAt?: string
  readonly sender?: string
}

/** A get-report page. */
export interface WireReport {
  readonly order: {
    readonly status: number
    readonly waiting?: number
    readonly message?: ReadonlyArray<{ readonly number: string; readonly status: number }>
  }
}

interface Envelope<A> {
  readonly response: { readonly status: { readonly code: number; readonly message: string } } & Partial<A>
}

/** The body of get-reports (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"). */
export const getReportsBody = (a: WorkerArgs, window: { start: string; end: string }, page: number): string =>
  JSON.stringify({
    request: { authentication: { key: a.key, hash: a.hash }, filter: { start: window.start, end: window.end, page } }
  })

/** The body of get-report (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"). */
export const getReportBody = (a: WorkerArgs, id: string, page: number, rowCount: number): string =>
  JSON.stringify({ request: { authentication: { key: a.key, hash: a.hash }, order: { id, page, rowCount } } })

/** Parses a response and fails loudly on any status but 200. */
export const parse = <A>(text: string, what: string): Envelope<A>["response"] => {
  const body = JSON.parse(text) as Envelope<A>
  if (body.response.status.code !== 200) {
    throw new Error(`${what}: ${body.response.status.code} ${body.response.status.message}`)
  }
  return body.response
}

/**
 * The NDJSON lines of one report page: one row per recipient, with `ExportRow`'s fields in its order (orderId,
 * orderStatus, sender, submitAt, sendAt, number, status, provisional).
 */
export const rowLines = (order: WireOrder, page: WireReport): { readonly text: string; readonly rows: number } => {
  const o = page.order
  const provisional = (o.waiting ?? order.waiting ?? 0) > 0
  const messages = o.message ?? []
  let text = ""
  for (const m of messages) {
    text += `${JSON.stringify({
      orderId: String(order.id),
      orderStatus: o.status,
      sender: order.sender,
      submitAt: order.submitAt,
      sendAt: order.sendAt,
      number: m.number,
      status: m.status,
      provisional
    })}\n`
  }
  return { text, rows: messages.length }
}

/** The rows per get-report page the exports ask for: the maximum (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"). */
export const rowCount = 1000

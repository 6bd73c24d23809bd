/**
 * Small helpers shared by the benchmarks: `--name value` flags, the one-JSON-object-per-line protocol between a
 * bench and its child processes, and number formatting. No Effect here, so that baseline children load nothing extra.
 */
import { availableParallelism, loadavg } from "node:os"

/** The value after `--name`, or `fallback`. */
export const flag = (name: string, fallback: string, argv: ReadonlyArray<string> = process.argv): string => {
  const i = argv.indexOf(`--${name}`)
  const value = i === -1 ? undefined : argv[i + 1]
  return value === undefined ? fallback : value
}

/** A positive number after `--name`, or `fallback`; anything else is fatal. */
export const numberFlag = (name: string, fallback: number, argv: ReadonlyArray<string> = process.argv): number => {
  const raw = flag(name, String(fallback), argv)
  const n = Number(raw.replaceAll("_", ""))
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name}: expected a positive number, got ${JSON.stringify(raw)}`)
  return n
}

/** The last line of `text` that parses as a JSON object; fails loudly when there is none. */
export const lastJsonLine = <A = Record<string, unknown>>(text: string, who: string): A => {
  const lines = text.trimEnd().split("\n")
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim()
    if (!line.startsWith("{")) continue
    try {
      return JSON.parse(line) as A
    } catch {
      // not the protocol line; keep looking upwards
    }
  }
  throw new Error(`${who}: no JSON result line in its output:\n${text.slice(-2000)}`)
}

/** Peak resident set size of this process so far, in MiB (`maxRSS` is in KiB). */
export const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024

/** Rounds to `digits` decimals, for printing and for the JSON result lines. */
export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** `1234567.8` as `1,234,568`. */
export const int = (n: number): string => Math.round(n).toLocaleString("en-US")

/** The 1-, 5- and 15-minute load averages and the core count, for the record of how busy the machine was. */
export const load = (): string => {
  const [a = 0, b = 0, c = 0] = loadavg()
  return `load ${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} on ${availableParallelism()} cores`
}

/**
 * Child processes for the benchmarks: Node scripts run with the same Node binary, and the simulator run as its own
 * process, so that a measured client never shares a heap or an event loop with its server.
 *
 * Benchmarks measure the built JavaScript (each package's `dist`), which is what users run: children run without
 * `--conditions=source`, so `@effect-sms/*` resolve to `dist`, and the simulator runs from its built bin.
 * `ensureBuilt` runs `tsc -b` first, so that `dist` is never stale.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root (`bench/support/../..`): every child runs from there. */
export const root = fileURLToPath(new URL("../../", import.meta.url))

/**
 * Brings `dist` up to date with `tsc -b` (incremental: a second or two when nothing changed), once per benchmark
 * run: it marks the environment, which the child processes inherit. Called by each benchmark's entry point before it
 * loads a package, never by the measured children.
 */
export const ensureBuilt = (): void => {
  if (process.env.EFFECT_SMS_BENCH_BUILT === "1") return
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-b"], { cwd: root, stdio: "inherit" })
  for (const pkg of ["core", "xml-codec", "simulator", "node-runtime"]) {
    const entry = join(root, "packages", pkg, "dist", "index.js")
    if (!existsSync(entry)) throw new Error(`bench: ${entry} is missing after tsc -b`)
  }
  process.env.EFFECT_SMS_BENCH_BUILT = "1"
}

/** The output of a finished child. */
export interface Finished {
  readonly stdout: string
  readonly code: number | null
}

/**
 * Runs `node [execArgv] script [args]` from the repository root, on the built packages. Stderr passes through; stdout is
 * collected and, with `echo`, also printed as it comes. A non-zero exit is fatal.
 */
export const runNode = (
  script: string,
  args: ReadonlyArray<string>,
  options: { readonly execArgv?: ReadonlyArray<string>; readonly echo?: boolean } = {}
): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), script, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"]
    })
    let stdout = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (text: string) => {
      stdout += text
      if (options.echo === true) process.stdout.write(text)
    })
    child.on("error", reject)
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, code })
      else reject(new Error(`${script} ${args.join(" ")} exited with ${code}:\n${stdout.slice(-2000)}`))
    })
  })

/** CPU time (user + system) that process `pid` has used so far, in ms; `undefined` where /proc is unavailable. */
export const cpuMsOf = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields, in clock ticks
    // (100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, with the `/v1` prefix. */
  readonly url: string
  readonly apiKey: string
  readonly apiHash: string
  readonly pid: number | undefined
  /** The simulator's CPU time so far, in ms. */
  readonly cpuMs: () => number | undefined
  readonly stop: () => Promise<void>
}

/** The simulator's command-line options for a synthetic history. */
export interface SimulatorOptions {
  readonly orders: number
  readonly recipients: number
  readonly start: string
  readonly days: number
  /** A fixed delay on every answer, in ms (`latencySimulator.ts`); 0 runs the simulator's own command. */
  readonly latency?: number | undefined
}

/**
 * Starts the built `packages/simulator/dist/bin/effect-sms-simulator.js` (or, with a latency, `latencySimulator.ts`) with a
 * synthetic history and waits for its `listening on <url> apiKey=… apiSecret=… apiHash=…` line.
 */
export const startSimulator = (options: SimulatorOptions): Promise<Simulator> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        ...((options.latency ?? 0) > 0
          ? ["bench/support/latencySimulator.ts", "--latency", String(options.latency)]
          : ["packages/simulator/dist/bin/effect-sms-simulator.js", "--port", "0"]),
        "--synthetic-orders",
        String(options.orders),
        "--synthetic-recipients",
        String(options.recipients),
        "--synthetic-start",
        options.start,
        "--synthetic-days",
        String(options.days)
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    let started = false
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`simulator: no "listening on" line within 60 s:\n${out}`))
    }, 60_000)
    child.stdout!.setEncoding("utf8")
    child.stdout!.on("data", (text: string) => {
      if (started) return
      out += text
      const m = /listening on (\S+) apiKey=(\S+) apiSecret=\S+ apiHash=(\S+)/.exec(out)
      if (m === null) return
      started = true
      clearTimeout(timer)
      resolve({
        url: m[1]!,
        apiKey: m[2]!,
        apiHash: m[3]!,
        pid: child.pid,
        cpuMs: () => cpuMsOf(child.pid),
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
          return exited
        }
      })
    })
    child.once("error", reject)
    child.once("exit", (code) => {
      if (started) return
      clearTimeout(timer)
      reject(new Error(`simulator exited with ${code} before listening:\n${out}`))
    })
  })

/**
 * Campaign cluster harness: runner processes of `effect-sms-campaign` on the pinned Node, started and killed (`kill
 * -9` included) by the tests and the benchmark, plus the one-shot commands (`start`, `status`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { createServer, request as httpRequest, type Server } from "node:http"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

// No test-framework imports here: the benchmark uses this harness too.

/** The repository root. */
const root = fileURLToPath(new URL("../..", import.meta.url))

/** The parent's environment without `ILETIMERKEZI_*` variables: each caller says which it sets. */
const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("ILETIMERKEZI_")) env[k] = v
  }
  return env
}

/** How a one-shot command ended. */
export interface CommandRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export const bin = "packages/campaign/src/bin/effect-sms-campaign.ts"

/** What a campaign process needs to reach Postgres, Redis and the simulator's demo account. */
export const campaignEnv = (o: {
  readonly databaseUrl: string
  readonly redisUrl: string
  readonly baseUrl: string
}) => ({
  DATABASE_URL: o.databaseUrl,
  REDIS_URL: o.redisUrl,
  ILETIMERKEZI_API_KEY: Simulator.DemoAccount.apiKey,
  ILETIMERKEZI_API_SECRET: Simulator.DemoAccount.apiSecret,
  ILETIMERKEZI_BASE_URL: o.baseUrl
})

/** A running runner process. */
export interface Runner {
  readonly port: number
  readonly child: ChildProcess
  readonly output: () => string
  /** How many orders this runner settled by finding an earlier attempt at the provider. */
  readonly settledByLookup: () => number
  /** The slice log lines: `[slice, "running" | "done"]`. */
  readonly slices: () => ReadonlyArray<readonly [string, "running" | "done"]>
  /** Peak resident set size in MiB, sampled from /proc while it runs. */
  readonly peakRssMb: () => number
}

const rssMb = (pid: number | undefined): number => {
  if (pid === undefined) return 0
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    const m = /VmRSS:\s+(\d+) kB/.exec(status)
    return m === null ? 0 : Number(m[1]) / 1024
  } catch {
    return 0
  }
}

/** Starts a runner on `port`; it is killed (SIGKILL) when the scope closes if still alive. */
export const startRunner = (env: Record<string, string>, port: number, rateLimit: number) =>
  Effect.acquireRelease(
    Effect.sync((): Runner => {
      const child = spawn(
        process.execPath,
        ["--conditions=source", bin, "runner", "--port", String(port), "--rate-limit", String(rateLimit)],
        { cwd: root, env: { ...baseEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] }
      )
      let out = ""
      const slices: Array<readonly [string, "running" | "done"]> = []
      let settled = 0
      let partial = ""
      const keep = (chunk: string) => {
        out = (out + chunk).slice(-20_000)
        const lines = (partial + chunk).split("\n")
        partial = lines.pop() ?? ""
        for (const line of lines) {
          if (line.includes("an earlier attempt was accepted")) settled++
          const m = /slice (\S+) .*?(running|done) on /.exec(line)
          if (m !== null) slices.push([m[1]!, m[2] as "running" | "done"])
        }
      }
      child.stdout?.setEncoding("utf8").on("data", keep)
      child.stderr?.setEncoding("utf8").on("data", keep)
      let peak = 0
      const timer = setInterval(() => {
        peak = Math.max(peak, rssMb(child.pid))
      }, 250)
      child.on("exit", () => clearInterval(timer))
      return {
        port,
        child,
        output: () => out,
        settledByLookup: () => settled,
        slices: () => slices,
        peakRssMb: () => peak
      }
    }),
    (r) => Effect.sync(() => killNow(r))
  )

/** `kill -9`: the runner gets no chance to release anything. */
export const killNow = (r: Runner) => {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL")
}

/** Runs `effect-sms-campaign <args>` to completion. */
export const campaignCommand = (env: Record<string, string>, args: ReadonlyArray<string>): Effect.Effect<CommandRun> =>
  Effect.callback<CommandRun>((resume) => {
    const child = spawn(process.execPath, ["--conditions=source", bin, ...args], {
      cwd: root,
      env: { ...baseEnv(), ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("error", (e) => resume(Effect.die(e)))
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
  })

/**
 * Writes a recipient file of `n` distinct Turkish mobiles (`9053xxxxxxxx`, from `offset`), one a line; returns the
 * numbers. Offsets up to 600,000,000 keep them valid and apart.
 */
export const writeRecipients = (dir: string, n: number, offset = 0) => {
  const numbers = Array.from({ length: n }, (_, i) => `905${300_000_000 + offset + i}`)
  const path = join(dir, `recipients-${offset}-${n}.txt`)
  writeFileSync(path, `${numbers.join("\n")}\n`)
  return { path, numbers }
}

/**
 * Waits until `runners` runner processes hold all `shards` shard locks (Postgres advisory locks), twice in a row:
 * the cluster has settled, and a campaign started now will not be moved by runners still joining.
 */
export const awaitShards = (runners: number, shards = 300) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    let stable = 0
    for (let i = 0; i < 240 && stable < 2; i++) {
      yield* Effect.sleep("500 millis")
      const rows = yield* sql<{ runners: string | number; shards: string | number }>`
        SELECT count(DISTINCT pid) AS runners, count(*) AS shards FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2`.pipe(Effect.orDie)
      const r = rows[0]
      stable = r !== undefined && Number(r.runners) === runners && Number(r.shards) === shards ? stable + 1 : 0
    }
    if (stable < 2) return yield* Effect.die(new Error(`the ${runners} runners did not settle on ${shards} shards`))
  })

/**
 * A loopback proxy in front of the simulator that holds every send-sms answer for `holdMillis` after the simulator
 * has processed it: the order exists while its sender still waits, so a runner killed then leaves orders that were
 * accepted but never recorded. Yields the proxy's base URL and how many answers it holds now.
 */
export const holdingProxy = (target: string, holdMillis: number) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly url: string; readonly server: Server; readonly held: () => number }>((resume) => {
      const upstream = new URL(target)
      let held = 0
      const server = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const forward = httpRequest(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: upstream.host }
            },
            (answer) => {
              const body: Array<Buffer> = []
              answer.on("data", (c: Buffer) => body.push(c))
              answer.on("end", () => {
                const reply = () => {
                  if (res.destroyed) return
                  res.writeHead(answer.statusCode ?? 502, answer.headers)
                  res.end(Buffer.concat(body))
                }
                if (req.url?.includes("send-sms") === true) {
                  held++
                  setTimeout(() => {
                    held--
                    reply()
                  }, holdMillis)
                } else reply()
              })
            }
          )
          forward.on("error", () => res.destroy())
          forward.end(Buffer.concat(chunks))
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}${upstream.pathname}`, server, held: () => held }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ url, held }) => ({ url, held })))

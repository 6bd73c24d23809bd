/**
 * What importing a module costs: `node --expose-gc bench/support/importFootprint.ts [--list] <specifier>...` imports
 * each specifier in turn (built `dist`, as users run it) and prints, per step, the RSS and heap added (after a full
 * GC) and how many modules the step loaded, then one JSON line. With `--list`, it also prints the modules loaded,
 * grouped by package with their count and source size; `--why <part of a path>...` (last) prints, for each loaded
 * module whose URL contains it, the chain of first importers that brought it in.
 *
 * A specifier is a package path (`@effect-sms/core/iletimerkezi`) or a file (`./packages/x/dist/y.js`).
 * Run each configuration in a fresh process: a specifier costs only what the earlier ones have not loaded already.
 */
import { statSync } from "node:fs"
import { registerHooks } from "node:module"
import { resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const argv = process.argv.slice(2)
const list = argv.includes("--list")
const whyAt = argv.indexOf("--why")
const why = whyAt === -1 ? [] : argv.slice(whyAt + 1)
const specifiers = (whyAt === -1 ? argv : argv.slice(0, whyAt)).filter((a) => !a.startsWith("--"))

const loaded = new Set<string>()
/** The module that first imported each one: `--why` follows it back to the entry. */
const importer = new Map<string, string | undefined>()
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context)
    loaded.add(result.url)
    if (!importer.has(result.url)) importer.set(result.url, context.parentURL)
    return result
  }
})

const gc = (globalThis as { gc?: () => void }).gc
const settle = () => {
  for (let i = 0; i < 3; i++) gc?.()
}
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

const packageOf = (url: string): string => {
  if (url.startsWith("node:")) return "node:*"
  const path = url.replace(/^file:\/\//, "")
  const nm = path.lastIndexOf("/node_modules/")
  if (nm !== -1) {
    const rest = path.slice(nm + "/node_modules/".length).split("/")
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const ws = /\/packages\/([^/]+)\//.exec(path)
  return ws ? `@effect-sms/${ws[1]}` : path
}

settle()
const start = process.memoryUsage()
const steps: Array<{ specifier: string; rssMb: number; heapMb: number; modules: number }> = []
for (const specifier of specifiers) {
  settle()
  const before = process.memoryUsage()
  const modulesBefore = loaded.size
  await import(/^[./]/.test(specifier) ? pathToFileURL(resolve(specifier)).href : specifier)
  settle()
  const after = process.memoryUsage()
  const step = {
    specifier,
    rssMb: mb(after.rss - before.rss),
    heapMb: mb(after.heapUsed - before.heapUsed),
    modules: loaded.size - modulesBefore
  }
  steps.push(step)
  console.log(`${specifier}: +${step.rssMb} MB RSS, +${step.heapMb} MB heap, ${step.modules} modules`)
}

if (list) {
  const byPackage = new Map<string, { count: number; bytes: number; files: Array<string> }>()
  for (const url of loaded) {
    const key = packageOf(url)
    const entry = byPackage.get(key) ?? { count: 0, bytes: 0, files: [] }
    entry.count++
    if (url.startsWith("file:")) {
      const file = fileURLToPath(url)
      entry.bytes += statSync(file).size
      entry.files.push(file.slice(file.lastIndexOf(key.split("/").pop()!)))
    } else entry.files.push(url)
    byPackage.set(key, entry)
  }
  for (const [name, { count, bytes, files }] of [...byPackage].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`\n${name}: ${count} modules, ${Math.round(bytes / 1024)} KiB`)
    console.log(`  ${files.sort().join("\n  ")}`)
  }
}

const short = (url: string) => url.replace(/^.*\/node_modules\//, "").replace(/^.*\/packages\//, "")
for (const pattern of why) {
  for (const url of loaded) {
    if (!url.includes(pattern)) continue
    const chain: Array<string> = []
    for (let at: string | undefined = url; at !== undefined && !chain.includes(at); at = importer.get(at))
      chain.push(at)
    console.log(`why ${pattern}: ${chain.reverse().map(short).join(" -> ")}`)
  }
}

const end = process.memoryUsage()
console.log(
  JSON.stringify({
    bench: "import-footprint",
    steps,
    rssMb: mb(end.rss - start.rss),
    heapMb: mb(end.heapUsed - start.heapUsed),
    modules: loaded.size
  })
)

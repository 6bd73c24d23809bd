/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file, and total (inclusive)
 * time of the functions whose name or file matches `--focus`. A tool for reading the benches' profiles, not a bench.
 *
 *   node bench/support/profileSummary.ts CPU.….cpuprofile [--top 25] [--focus tree.ts] [--skip-ms 500]
 *
 * `--skip-ms` leaves out the first milliseconds of the profile, such as module loading at startup. A last table
 * groups self time by package (effect's modules, undici, ours, Node's internals, GC).
 */
import { readFileSync } from "node:fs"
import { flag, numberFlag } from "./cli.ts"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const file = process.argv[2]
if (file === undefined) throw new Error("usage: profileSummary.ts <file.cpuprofile> [--top N] [--focus text]")
const top = numberFlag("top", 25)
const focus = flag("focus", "")
const skipMs = Number(flag("skip-ms", "0"))
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const self = new Map<number, number>()
let total = 0
let elapsed = 0
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0
  elapsed += dt
  if (elapsed < skipMs * 1000) return
  total += dt
  self.set(id, (self.get(id) ?? 0) + dt)
})

const short = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "~/")
    .replace(/.*\/main\//, "")
const fnKey = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v)
const selfByFn = new Map<string, number>()
const selfByFile = new Map<string, number>()
const selfByPackage = new Map<string, number>()
const packageOf = (url: string, name: string): string => {
  const s = short(url)
  if (s === "") return `(${name})`
  if (s.startsWith("~/effect/dist/")) return `effect/${s.slice("~/effect/dist/".length).replace(/\.js$/, "")}`
  if (s.startsWith("~/"))
    return s
      .slice(2)
      .split("/")
      .slice(0, s.startsWith("~/@") ? 2 : 1)
      .join("/")
  if (s.startsWith("node:")) return s.startsWith("node:internal/modules") ? "node:modules" : "node:internal"
  const m = /packages\/([^/]+)\//.exec(s)
  return m === null ? s : `@effect-sms/${m[1]}`
}
const inclusive = new Map<string, number>()
for (const [id, t] of self) {
  const n = byId.get(id)!
  add(selfByFn, fnKey(n), t)
  add(selfByFile, short(n.callFrame.url) || `(${n.callFrame.functionName})`, t)
  add(selfByPackage, packageOf(n.callFrame.url, n.callFrame.functionName), t)
  if (focus !== "") {
    // Inclusive time: each matching frame on the sample's stack, counted once per stack.
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = fnKey(byId.get(cur)!)
      if (!seen.has(k) && k.includes(focus)) {
        seen.add(k)
        add(inclusive, k, t)
      }
    }
  }
}

const print = (title: string, m: Map<string, number>) => {
  console.log(title)
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}`)
  }
}
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled${skipMs > 0 ? ` after the first ${skipMs} ms` : ""}`)
print("self time by file", selfByFile)
print("self time by function", selfByFn)
print("self time by package", selfByPackage)
if (focus !== "") print(`inclusive time of frames matching ${JSON.stringify(focus)}`, inclusive)

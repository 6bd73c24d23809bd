/**
 * Runs every benchmark, each as a child process (so that none shares a heap with another), prints their output as it
 * comes, and ends with their result lines: one JSON object per bench.
 *
 *   node bench/run.ts [--only export|xml-decode|calls|campaign] [--messages N] [--latency MS] [--mb N] [--runs N]
 *     [--calls N] [--recipients N] [--limit N]
 *
 * `--messages`, `--concurrency`, `--repeat`, `--latency` and `--variants` go to `export.ts`; `--mb`, `--runs` and `--stream-mb` to
 * `xml-decode.ts`; `--calls` and `--rounds` to `calls.ts`; `--recipients`, `--limit`, `--order-size` and
 * `--overhead-orders` to `campaign.ts`. Everything runs on the built `dist` (`tsc -b` first).
 */
import { ensureBuilt, runNode } from "./support/children.ts"
import { flag, lastJsonLine, load } from "./support/cli.ts"

const forward = (names: ReadonlyArray<string>): Array<string> =>
  names.flatMap((name) => {
    const value = flag(name, "")
    return value === "" ? [] : [`--${name}`, value]
  })

const variants = process.argv.includes("--variants") ? ["--variants"] : []
const benches = [
  {
    name: "export",
    script: "bench/export.ts",
    args: [...forward(["messages", "concurrency", "repeat", "latency"]), ...variants],
    execArgv: []
  },
  {
    name: "xml-decode",
    script: "bench/xml-decode.ts",
    args: forward(["mb", "runs", "stream-mb"]),
    execArgv: ["--expose-gc"]
  },
  {
    name: "calls",
    script: "bench/calls.ts",
    args: forward(["calls", "rounds"]),
    execArgv: []
  },
  {
    name: "campaign",
    script: "bench/campaign.ts",
    args: forward(["recipients", "limit", "order-size", "overhead-orders"]),
    execArgv: []
  }
]

const only = flag("only", "")
ensureBuilt()
const results: Array<string> = []
console.log(`bench: node ${process.version}; ${load()}`)
for (const bench of benches) {
  if (only !== "" && only !== bench.name) continue
  console.log(`\n== ${bench.name}`)
  const started = performance.now()
  const { stdout } = await runNode(bench.script, bench.args, { execArgv: bench.execArgv, echo: true })
  results.push(JSON.stringify(lastJsonLine(stdout, bench.name)))
  console.log(`== ${bench.name} took ${((performance.now() - started) / 1000).toFixed(1)} s; ${load()}`)
}
console.log("\nresults")
for (const line of results) console.log(line)

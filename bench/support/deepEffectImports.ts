/**
 * The rewrite behind the export path's deep effect imports, to run again after a merge brings a barrel import back
 * (`test/import-paths.test.ts` says which module loads an effect index): `node bench/support/deepEffectImports.ts
 * <file>...` turns each value import from one of effect's indexes (`effect`, `effect/http`, `effect/encoding`, ...)
 * into namespace imports of the modules themselves (`import { Effect, Stream } from "effect"` → `import * as Effect
 * from "effect/Effect"` and `import * as Stream from "effect/Stream"`; functions of `effect`'s index such as `pipe`
 * come from `effect/Function`). `import type { ... }` lines are left as they are: they are erased. Then run
 * `biome check --write` on the files to sort the imports.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const dist = dirname(fileURLToPath(import.meta.resolve("effect")))

/** The namespaces an index re-exports (`export * as Name from "./File.js"`), by index specifier. */
const indexes = new Map<string, { readonly dir: string; readonly namespaces: Map<string, string> }>()
for (const dir of ["", "http", "encoding", "persistence", "crypto", "sql", "schema", "cli"]) {
  const source = readFileSync(join(dist, dir, "index.js"), "utf8")
  const namespaces = new Map<string, string>()
  for (const m of source.matchAll(/export \* as (\w+) from "\.\/([\w/]+)\.js"/g)) namespaces.set(m[1]!, m[2]!)
  indexes.set(dir === "" ? "effect" : `effect/${dir}`, { dir, namespaces })
}

let changed = 0
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, "utf8")
  const out = source.replace(/^import \{([^}]*)\} from "(effect(?:\/\w+)?)"\n/gm, (all, names: string, specifier) => {
    const index = indexes.get(specifier)
    if (index === undefined) return all
    const lines: Array<string> = []
    const types: Array<string> = []
    const functions: Array<string> = []
    for (const raw of names
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const isType = raw.startsWith("type ")
      const [name, alias] = (isType ? raw.slice(5) : raw).split(/\s+as\s+/) as [string, string | undefined]
      const path = index.namespaces.get(name)
      const module = `effect/${index.dir === "" ? "" : `${index.dir}/`}${path}`
      if (path === undefined) {
        if (isType) types.push(raw.slice(5))
        else if (specifier === "effect") functions.push(raw)
        else throw new Error(`${file}: ${name} is not a module of ${specifier}`)
      } else lines.push(`import ${isType ? "type " : ""}* as ${alias ?? name} from "${module}"`)
    }
    if (functions.length > 0) lines.push(`import { ${functions.join(", ")} } from "effect/Function"`)
    if (types.length > 0) lines.push(`import type { ${types.join(", ")} } from "${specifier}"`)
    return `${lines.join("\n")}\n`
  })
  if (out !== source) {
    writeFileSync(file, out)
    changed++
  }
}
console.log(`rewrote ${changed} files`)

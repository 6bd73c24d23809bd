/**
 * A child process for the import tests: `node --conditions=source test/support/importProbe.ts <specifier>...` imports
 * each specifier through Node's own resolution (the packages' `exports`, as a user's program resolves them) and
 * prints one JSON line: per specifier its export names, or the error code when it cannot be imported; `sameAs`: for
 * each later specifier, the name under which the first one exports that very module object (a subpath that is the
 * same module instance as a namespace of the index), if any; and every module loaded, as paths relative to the
 * repository root (`node_modules/...` for dependencies).
 */
import { registerHooks } from "node:module"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))
const loaded = new Set<string>()
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context)
    loaded.add(result.url)
    return result
  }
})

const relative = (url: string): string => {
  if (!url.startsWith("file:")) return url
  const path = fileURLToPath(url)
  const nm = path.lastIndexOf("/node_modules/")
  if (nm !== -1) return path.slice(nm + 1)
  return path.startsWith(root) ? path.slice(root.length) : path
}

const exports: Record<string, ReadonlyArray<string> | { readonly error: string }> = {}
const sameAs: Record<string, string> = {}
let first: Record<string, unknown> | undefined
for (const specifier of process.argv.slice(2)) {
  try {
    const module: Record<string, unknown> = await import(specifier)
    exports[specifier] = Object.keys(module).sort()
    if (first === undefined) first = module
    else {
      const name = Object.keys(first).find((key) => first![key] === module)
      if (name !== undefined) sameAs[specifier] = name
    }
  } catch (e) {
    exports[specifier] = { error: String((e as { code?: unknown }).code ?? e) }
  }
}
const files = [...loaded].filter((u) => u.startsWith("file:")).map(relative)
console.log(JSON.stringify({ exports, sameAs, loaded: files }))

/**
 * The repository stands on its own: every `docs/providers/…` file a comment cites exists, and every section cited
 * right after it (`docs/providers/x.md "Section"` or `("Section")`) is one of that file's headings.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"

const root = join(import.meta.dirname, "..")

const sources = (dir: string): Array<string> =>
  readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\/(node_modules|dist)(\/|$)/.test(e.parentPath))
    .map((e) => join(e.parentPath, e.name))

// This file names the pattern itself; it cites nothing.
const files = ["packages", "examples", "bench", "test"].flatMap(sources).filter((f) => f !== import.meta.filename)

const headings = (doc: string): ReadonlySet<string> =>
  new Set(
    readFileSync(join(root, doc), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("#"))
      .map((l) => l.replace(/^#+\s*/, "").trim())
  )

describe("citations of docs/providers", () => {
  it("name files that exist, and sections they have", () => {
    const citations = files.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/docs\/providers\/[\w./-]*\.md(?: \(?"([^"]+)")?/g)].map((m) => ({
        file: f.slice(root.length + 1),
        doc: m[0].split(/[ "(]/)[0]!,
        section: m[1]
      }))
    )
    assert.isAbove(citations.length, 20)
    const docs = new Map<string, ReadonlySet<string> | undefined>()
    for (const c of citations) {
      if (!docs.has(c.doc)) {
        try {
          docs.set(c.doc, headings(c.doc))
        } catch {
          docs.set(c.doc, undefined)
        }
      }
      const sections = docs.get(c.doc)
      assert.isDefined(sections, `${c.file} cites ${c.doc}, which does not exist`)
      if (c.section !== undefined) {
        assert.isTrue(sections!.has(c.section), `${c.file} cites ${c.doc} "${c.section}", which is not a heading`)
      }
    }
  })
})

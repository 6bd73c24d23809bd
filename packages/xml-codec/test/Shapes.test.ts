/**
 * The node layouts the tree builder keeps alive (see `maxShapes` in `internal/tree.ts`): one small object per layout
 * seen, so that a full GC between two pages does not throw away the decoder's optimised code. The trees themselves are
 * held to the full parser's by `FastPath.test.ts`; here, that layouts are kept, once each, and never more than the bound.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { XmlCodec } from "../src/index.ts"
import { keptShapeCount } from "../src/internal/tree.ts"

const treeOf = (xml: string) => Effect.runSync(XmlCodec.decodeTree(xml)).tree

describe("kept node layouts", () => {
  it("keeps each new layout once, however many elements have it", () => {
    const before = keptShapeCount()
    const rows = Array.from({ length: 50 }, (_, i) => `<row><kept1>${i}</kept1><kept2>x</kept2></row>`).join("")
    const tree = treeOf(`<page>${rows}</page>`) as { readonly row: ReadonlyArray<unknown> }
    assert.strictEqual(tree.row.length, 50)
    // The rows' layout (kept1, kept2) and the page's (row)
    assert.strictEqual(keptShapeCount(), before + 2)
    treeOf(`<page>${rows}</page>`)
    assert.strictEqual(keptShapeCount(), before + 2)
  })

  it("keeps no layout of more than 16 keys or 1 KiB of names: a document cannot make it hold its size", () => {
    const before = keptShapeCount()
    const wide = Array.from({ length: 17 }, (_, i) => `<wide${i}/>`).join("")
    const long = `<${"n".repeat(1100)}/>`
    const tree = treeOf(`<w>${wide}<x>${long}</x></w>`) as Record<string, unknown>
    assert.strictEqual(Object.keys(tree).length, 18)
    // Neither the root's 18-key layout nor the long name's (the bound of 256 is not reached yet: see the next test)
    assert.strictEqual(keptShapeCount(), before)
  })

  it("keeps at most 256 layouts, and still decodes documents with more", () => {
    const elements = Array.from({ length: 600 }, (_, i) => `<e${i}><f${i}>v</f${i}></e${i}>`)
    const doc = `<many>${elements.map((e, i) => `<item${i}>${e}</item${i}>`).join("")}</many>`
    const tree = treeOf(doc) as Record<string, Record<string, Record<string, string>>>
    assert.strictEqual(Object.keys(tree).length, 600)
    assert.strictEqual(tree.item599?.e599?.f599, "v")
    assert.strictEqual(keptShapeCount(), 256)
  })
})

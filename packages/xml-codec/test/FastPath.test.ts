/**
 * The whole-document fast path (`internal/scan.ts`) against the full `effect/encoding/Xml` parser: on thousands of
 * generated documents, valid and broken, with and without trimming and tight limits, reading a document gives
 * exactly what the full parser gives (the same tree, or the same error), and the fast path really takes the plain
 * ones. The safety tests of `XmlCodec.test.ts` (billion laughs, XXE, limits, bad UTF-8) run through the same entry
 * point, so they hold with the fast path in front.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import * as fc from "fast-check"
import { type DocumentOptions, parseTree, readTree } from "../src/internal/document.ts"
import { scanDocument } from "../src/internal/scan.ts"
import { Builder } from "../src/internal/tree.ts"

// Each pool holds plain forms first and broken or unusual ones after; `pick` draws a plain one nine times in ten
// The options of the unit tests below: generous limits, no DOCTYPE, texts trimmed.
const plainOptions: DocumentOptions = {
  maxDepth: 64,
  maxTokenSize: 1024 * 1024,
  maxElementSize: 16 * 1024 * 1024,
  trim: true,
  allowDoctype: false,
  scalars: false
}

const pick = <A>(plain: ReadonlyArray<A>, odd: ReadonlyArray<A>) =>
  fc.oneof({ arbitrary: fc.constantFrom(...plain), weight: 9 }, { arbitrary: fc.constantFrom(...odd), weight: 1 })

// Some names start with others ("a", "ab", "a-b"): the scanner matches names seen before in place
const names = pick(["a", "b", "ab", "a-b", "message", "number", "__proto__", "x:y", "n-1.2", "_q"], ["ğ", "1a", "ağ"])
const texts = pick(
  [
    "",
    " ",
    "\n  ",
    "abc",
    "+905551112233",
    "İşlem başarılı",
    "😀",
    "&lt;&gt;&amp;&apos;&quot;",
    "&#65;&#x1F600;",
    "a\r\nb\rc",
    "<![CDATA[ a <b> & ]] ]]>",
    "<![CDATA[\r\n]]>",
    "\t"
  ],
  ["&#0;", "&#xD800;", "&foo;", "& b", "]]>", "]]", "x\u0001y", "\ud800", "\uffff", "<!-- c -->", "<?pi x?>"]
)
const values = pick(["", "v", "a &amp; b", "t\tn\nr\r\nx", "&#9;", "İ", "q'uote"], ["1 < 2", "&bad;"])
const prefixes = pick(
  ["", "\ufeff", "  \n", '<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.1' standalone='yes'?>\n"],
  ['<?xml version="1.0" encoding="ISO-8859-9"?>', '<?xml version="2.0"?>', "<!DOCTYPE a>", "<!-- first -->", "text"]
)
const suffixes = pick(["", " \n"], ["<x/>", "text", "<!-- c -->", "</a>"])

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .record({
      name: names,
      attributes: fc.array(
        fc.record({
          name: pick(["id", "k", "id", "x:y"], ["ğ"]),
          value: values,
          quote: fc.constantFrom('"', "'")
        }),
        { maxLength: 2 }
      ),
      children: depth <= 1 ? fc.constant([]) : fc.array(fc.oneof(texts, element(depth - 1)), { maxLength: 4 }),
      selfClose: fc.boolean(),
      endSpace: fc.constantFrom("", " ", "\n")
    })
    .map(({ name, attributes, children, selfClose, endSpace }) => {
      const attrs = attributes
        .map(
          (a) => ` ${a.name}=${a.quote}${a.value.replaceAll(a.quote, a.quote === '"' ? "&quot;" : "&apos;")}${a.quote}`
        )
        .join("")
      return selfClose && children.length === 0
        ? `<${name}${attrs}/>`
        : `<${name}${attrs}>${children.join("")}</${name}${endSpace}>`
    })
)

const document = fc
  .record({
    prefix: prefixes,
    root: element(4),
    suffix: suffixes,
    // Now and then, cut the document short
    cut: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: fc.nat(), weight: 1 })
  })
  .map(({ prefix, root, suffix, cut }) => {
    const s = prefix + root + suffix
    return cut === null ? s : s.slice(0, cut % (s.length + 1))
  })

const options = fc.record({
  maxDepth: pick([64], [3, 2]),
  maxTokenSize: pick([1024 * 1024], [40, 8]),
  maxElementSize: pick([16 * 1024 * 1024], [60, 10]),
  trim: fc.boolean(),
  allowDoctype: fc.constant(false),
  scalars: fc.constant(false)
})

const exitOf = (effect: Effect.Effect<unknown, unknown>) => {
  const exit = Effect.runSync(Effect.exit(effect))
  // Plain copies: trees have no prototype, errors carry a cause
  return Exit.isSuccess(exit)
    ? { ok: true, value: JSON.parse(JSON.stringify(exit.value)) }
    : { ok: false, error: String(Exit.isFailure(exit) ? exit.cause : "") }
}

describe("the whole-document fast path", () => {
  it("reads every generated document exactly as the full parser does, and takes the plain ones", () => {
    let fast = 0
    let runs = 0
    fc.assert(
      fc.property(document, options, fc.boolean(), (doc, o: DocumentOptions, bytes) => {
        runs++
        const input = bytes ? new TextEncoder().encode(doc) : doc
        if (scanDocument(doc.replace(/^\ufeff?[ \t\r\n]*/, ""), new Builder(["*"], o), o)) fast++
        assert.deepStrictEqual(exitOf(readTree(input, o)), exitOf(parseTree(input, o)), JSON.stringify(doc))
      }),
      { numRuns: 4000, seed: 15 }
    )
    // The generator makes many broken documents on purpose; a good share must still go the fast way
    assert.isAbove(fast, runs / 10)
  })

  it("tells apart names that start with a name seen before at the same depth", () => {
    const o = plainOptions
    const doc = "<r><a>1</a><ab>2</ab><a-b>3</a-b><a.b x='y'>4</a.b><a>5</a><a/><ab/><aa></aa></r>"
    const builder = new Builder(["*"], o)
    assert.isTrue(scanDocument(doc, builder, o))
    assert.deepStrictEqual(JSON.parse(JSON.stringify(builder.out[0])), {
      a: ["1", "5", ""],
      ab: ["2", ""],
      "a-b": "3",
      "a.b": { "@x": "y", "#text": "4" },
      aa: ""
    })
    assert.deepStrictEqual(exitOf(readTree(doc, o)), exitOf(parseTree(doc, o)))
    // A name seen before followed by a character outside ASCII is left to the full parser
    assert.isFalse(scanDocument("<r><a/><ağ/></r>", new Builder(["*"], o), o))
  })

  it("gives up on what it leaves to the full parser: DOCTYPE, comments, other encodings, non-ASCII names", () => {
    const o = plainOptions
    const takes = (doc: string) => scanDocument(doc, new Builder(["*"], o), o)
    assert.isTrue(takes('<?xml version="1.0" encoding="UTF-8"?><a x="1"><b>t &amp; <![CDATA[c]]></b><b/></a>'))
    for (const doc of [
      '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
      "<a><!-- c --></a>",
      '<?xml version="1.0" encoding="UTF-16"?><a/>',
      "<ğ/>",
      "<a>&e;</a>",
      "<a></b>",
      "<a/><b/>",
      "<a>\u0000</a>"
    ]) {
      assert.isFalse(takes(doc), doc)
    }
  })
})

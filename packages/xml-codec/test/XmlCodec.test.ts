import { assert, describe, it } from "@effect/vitest"
import { XmlCodec, XmlDecodeError } from "@effect-sms/xml-codec"
import { Effect, Schema, Stream } from "effect"

const declaration = `<?xml version="1.0" encoding="UTF-8"?>`
const utf8 = (s: string) => new TextEncoder().encode(s)
const withBom = (bytes: Uint8Array) => {
  const out = new Uint8Array(bytes.length + 3)
  out.set([0xef, 0xbb, 0xbf])
  out.set(bytes, 3)
  return out
}
// Plain copies, so that trees (whose objects have no prototype) compare with object literals
const plain = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

const flipTree = (input: string | Uint8Array, options?: XmlCodec.DecodeOptions) =>
  Effect.flip(XmlCodec.decodeTree(input, options))

// FiniteFromString, not NumberFromString: in Effect 4 NumberFromString decodes "x" to NaN instead of failing
const Message = Schema.Struct({ number: Schema.String, status: Schema.FiniteFromString })

const Report = Schema.Struct({
  response: Schema.Struct({
    status: Schema.Struct({ code: Schema.FiniteFromString, message: Schema.String }),
    order: Schema.Struct({
      id: Schema.FiniteFromString,
      message: Schema.ArrayEnsure(Message)
    })
  })
})

const reportXml = (rows: number) => {
  const parts = [
    `${declaration}\n<response>\n  <status>\n    <code>200</code>\n    <message>İşlem başarılı</message>\n  </status>\n`,
    `  <order>\n    <id>4321</id>\n`
  ]
  for (let i = 0; i < rows; i++) {
    parts.push(
      `    <message>\n      <number>+90555${1000000 + i}</number>\n      <status>111</status>\n    </message>\n`
    )
  }
  parts.push("  </order>\n</response>\n")
  return parts.join("")
}

const chunksOf = (bytes: Uint8Array, size: number) => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

describe("XmlCodec.encode", () => {
  it("starts with the declaration and keeps key order", () => {
    const xml = XmlCodec.encode("request", { zeta: "1", alpha: "2", mid: { b: "3", a: "4" } })
    assert.strictEqual(
      xml,
      `${declaration}<request><zeta>1</zeta><alpha>2</alpha><mid><b>3</b><a>4</a></mid></request>`
    )
  })

  it("writes arrays as repeated elements named after their key", () => {
    const xml = XmlCodec.encode("request", { receipents: { number: ["1", "2"] } }, { declaration: false })
    assert.strictEqual(xml, "<request><receipents><number>1</number><number>2</number></receipents></request>")
  })

  it("writes numbers, booleans and null, and skips undefined keys", () => {
    const xml = XmlCodec.encode(
      "r",
      { n: 5, f: 1.5, big: 10n, b: false, u: undefined, z: null },
      { declaration: false }
    )
    assert.strictEqual(xml, "<r><n>5</n><f>1.5</f><big>10</big><b>false</b><z></z></r>")
  })

  it("escapes & < > \" ' in text and attributes", () => {
    const xml = XmlCodec.encode("r", { "@a": `x"<&>'`, t: `a & b < c > d "e" 'f'` }, { declaration: false })
    assert.strictEqual(
      xml,
      `<r a="x&quot;&lt;&amp;&gt;&apos;"><t>a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;</t></r>`
    )
  })

  it("writes CDATA for the named elements and splits ]]> inside it", () => {
    const xml = XmlCodec.encode("r", { text: "a ]]> b & <c>", other: "a & b" }, { cdata: ["text"], declaration: false })
    assert.strictEqual(xml, "<r><text><![CDATA[a ]]]]><![CDATA[> b & <c>]]></text><other>a &amp; b</other></r>")
  })

  it("writes CDATA where a path predicate asks for it", () => {
    const paths: Array<string> = []
    const xml = XmlCodec.encode(
      "r",
      { m: { text: "<x>" }, text: "<y>" },
      {
        declaration: false,
        cdata: (path) => {
          paths.push(path.join("/"))
          return path.join("/") === "r/m/text"
        }
      }
    )
    assert.strictEqual(xml, "<r><m><text><![CDATA[<x>]]></text></m><text>&lt;y&gt;</text></r>")
    assert.deepStrictEqual(paths, ["r/m/text", "r/text"])
  })

  it("drops characters XML 1.0 cannot hold and keeps CR through a reference", () => {
    const xml = XmlCodec.encode("r", { t: "a\u0000b\u000Bc\r\nd" }, { declaration: false })
    assert.strictEqual(xml, "<r><t>abc&#13;\nd</t></r>")
  })

  it("throws on an invalid element name and on an array root", () => {
    assert.throws(() => XmlCodec.encode("r", { "bad name": "x" }), /invalid XML element name/)
    assert.throws(() => XmlCodec.encode("r", { "<x": "x" }), /invalid XML element name/)
    assert.throws(() => XmlCodec.encode("r", ["a"]), /root value cannot be an array/)
  })

  it("writes 50,000 numbers", () => {
    const number = Array.from({ length: 50_000 }, (_, i) => `90555${1000000 + i}`)
    const xml = XmlCodec.encode("request", { order: { message: { receipents: { number } } } })
    assert.strictEqual(xml.split("<number>").length - 1, 50_000)
    assert.isTrue(xml.endsWith("<number>905551049999</number></receipents></message></order></request>"))
  })

  it.effect("encodeSchema encodes with the schema first", () =>
    Effect.gen(function* () {
      const Request = Schema.Struct({ count: Schema.NumberFromString, text: Schema.String })
      const encodeRequest = XmlCodec.encodeSchema(Request, "request", { cdata: ["text"], declaration: false })
      const xml = yield* encodeRequest({ count: 3, text: "a&b" })
      assert.strictEqual(xml, "<request><count>3</count><text><![CDATA[a&b]]></text></request>")
    })
  )
})

describe("XmlCodec.decode", () => {
  it.effect("round trips a nested value with arrays, CDATA, escaping and Turkish text", () =>
    Effect.gen(function* () {
      const Request = Schema.Struct({
        request: Schema.Struct({
          authentication: Schema.Struct({ key: Schema.String, hash: Schema.String }),
          order: Schema.Struct({
            sender: Schema.String,
            iys: Schema.NumberFromString,
            message: Schema.Struct({
              text: Schema.String,
              receipents: Schema.Struct({ number: Schema.ArrayEnsure(Schema.String) })
            })
          })
        })
      })
      const value = {
        request: {
          authentication: { key: "k&y<1>", hash: `"h'` },
          order: {
            sender: "İLETİ & CO",
            iys: 1,
            message: {
              text: "İşlem başarılı ]]> <b>&amp;</b> ğüşıöç",
              receipents: { number: ["905551112233", "905551112234"] }
            }
          }
        }
      }
      const xml = XmlCodec.encode("request", value.request, { cdata: ["text"] })
      assert.include(xml, "<![CDATA[İşlem başarılı ]]]]><![CDATA[> <b>&amp;</b> ğüşıöç]]>")
      assert.deepStrictEqual(yield* XmlCodec.decode(Request)(xml), value)
      assert.deepStrictEqual(yield* XmlCodec.decode(Request)(utf8(xml)), value)
    })
  )

  it.effect("keeps document order in the tree", () =>
    Effect.gen(function* () {
      const xml = XmlCodec.encode("r", { zeta: "1", alpha: "2", mid: "3", beta: { y: "1", x: "2" } })
      const { name, tree } = yield* XmlCodec.decodeTree(xml)
      assert.strictEqual(name, "r")
      const object = tree as XmlCodec.TreeObject
      assert.deepStrictEqual(Object.keys(object), ["zeta", "alpha", "mid", "beta"])
      assert.deepStrictEqual(Object.keys(object.beta as XmlCodec.TreeObject), ["y", "x"])
    })
  )

  it.effect("keeps an element that appears once single, and lets the schema ask for an array", () =>
    Effect.gen(function* () {
      const one = `<r><number>1</number></r>`
      const many = `<r><number>1</number><number>2</number></r>`
      assert.deepStrictEqual(plain((yield* XmlCodec.decodeTree(one)).tree), { number: "1" })
      assert.deepStrictEqual(plain((yield* XmlCodec.decodeTree(many)).tree), { number: ["1", "2"] })
      const OneOrMany = Schema.Struct({ r: Schema.Struct({ number: Schema.ArrayEnsure(Schema.NumberFromString) }) })
      assert.deepStrictEqual(yield* XmlCodec.decode(OneOrMany)(one), { r: { number: [1] } })
      assert.deepStrictEqual(yield* XmlCodec.decode(OneOrMany)(many), { r: { number: [1, 2] } })
      const Union = Schema.Struct({
        r: Schema.Struct({ number: Schema.Union([Schema.String, Schema.Array(Schema.String)]) })
      })
      assert.deepStrictEqual(yield* XmlCodec.decode(Union)(one), { r: { number: "1" } })
    })
  )

  it.effect("leaves numeric text as strings for Schema.NumberFromString", () =>
    Effect.gen(function* () {
      const xml = `<response><status><code>200</code><message>İşlem başarılı</message></status></response>`
      assert.deepStrictEqual(plain((yield* XmlCodec.decodeTree(xml)).tree), {
        status: { code: "200", message: "İşlem başarılı" }
      })
      const Response = Schema.Struct({
        response: Schema.Struct({ status: Schema.Struct({ code: Schema.NumberFromString, message: Schema.String }) })
      })
      assert.deepStrictEqual(yield* XmlCodec.decode(Response)(xml), {
        response: { status: { code: 200, message: "İşlem başarılı" } }
      })
      // NumberFromString turns text that is not a number into NaN; FiniteFromString refuses it
      const lenient = yield* XmlCodec.decode(Response)(xml.replace("200", "2x"))
      assert.isNaN(lenient.response.status.code)
      const Strict = Schema.Struct({
        response: Schema.Struct({ status: Schema.Struct({ code: Schema.FiniteFromString, message: Schema.String }) })
      })
      const error = yield* Effect.flip(XmlCodec.decode(Strict)(xml.replace("200", "2x")))
      assert.strictEqual(error.reason, "Schema")
      assert.deepStrictEqual(error.path, ["response", "status", "code"])
    })
  )

  it.effect("with stringTree, reads numbers and booleans for Schema.Int and Schema.Boolean", () =>
    Effect.gen(function* () {
      const S = Schema.Struct({
        r: Schema.Struct({ code: Schema.Int, ok: Schema.Boolean, n: Schema.ArrayEnsure(Schema.Int) })
      })
      const xml = `<r><code>200</code><ok>true</ok><n>7</n></r>`
      assert.deepStrictEqual(yield* XmlCodec.decode(S, { stringTree: true })(xml), {
        r: { code: 200, ok: true, n: [7] }
      })
      const error = yield* Effect.flip(XmlCodec.decode(S)(xml))
      assert.strictEqual(error.reason, "Schema")
    })
  )

  it.effect("reads attributes as @name and text beside them as #text", () =>
    Effect.gen(function* () {
      const { tree } = yield* XmlCodec.decodeTree(`<r id="7"><code lang="tr">200</code><flag on="1"/><e></e></r>`)
      assert.deepStrictEqual(plain(tree), {
        "@id": "7",
        code: { "@lang": "tr", "#text": "200" },
        flag: { "@on": "1" },
        e: ""
      })
    })
  )

  it.effect("trims text, CDATA included, unless trim is false", () =>
    Effect.gen(function* () {
      const xml = `<r><a>  x  </a><b><![CDATA[  y ]]></b><c> \u00A0z\u00A0 </c></r>`
      assert.deepStrictEqual(plain((yield* XmlCodec.decodeTree(xml)).tree), { a: "x", b: "y", c: "\u00A0z\u00A0" })
      assert.deepStrictEqual(plain((yield* XmlCodec.decodeTree(xml, { trim: false })).tree), {
        a: "  x  ",
        b: "  y ",
        c: " \u00A0z\u00A0 "
      })
    })
  )

  it.effect("treats __proto__ and constructor as ordinary element names", () =>
    Effect.gen(function* () {
      const { tree } = yield* XmlCodec.decodeTree(`<r><__proto__>1</__proto__><constructor>2</constructor></r>`)
      const object = tree as XmlCodec.TreeObject
      assert.deepStrictEqual(Object.keys(object), ["__proto__", "constructor"])
      assert.strictEqual(Object.getOwnPropertyDescriptor(object, "__proto__")?.value, "1")
      assert.strictEqual(Object.getOwnPropertyDescriptor(object, "constructor")?.value, "2")
    })
  )

  it.effect("tolerates declaration quirks, a BOM and whitespace", () =>
    Effect.gen(function* () {
      const R = Schema.Struct({ r: Schema.Struct({ a: Schema.NumberFromString }) })
      const expected = { r: { a: 1 } }
      const inputs = [
        `<r><a>1</a></r>`,
        `<?xml version="1.0" encoding="UTF-8" ?><r><a>1</a></r>`,
        `<?xml version='1.0'?>\n<r>\n  <a>\n    1\n  </a>\n</r>\n`,
        `\uFEFF<?xml version="1.0" encoding="UTF-8"?><r><a>1</a></r>`,
        `\n  \r\n<?xml version="1.0" encoding="utf-8"?>\n<r><a>1</a></r>`,
        `\uFEFF \n<?xml version="1.0" encoding="UTF-8"?><r><a>1</a></r>`,
        `<!-- c --><r><!-- c --><a>1</a><?pi x?></r><!-- c -->`
      ]
      for (const input of inputs) {
        assert.deepStrictEqual(yield* XmlCodec.decode(R)(input), expected, JSON.stringify(input))
        assert.deepStrictEqual(yield* XmlCodec.decode(R)(utf8(input)), expected, JSON.stringify(input))
      }
      assert.deepStrictEqual(
        yield* XmlCodec.decode(R)(withBom(utf8(`\n<?xml version="1.0"?><r><a>1</a></r>`))),
        expected
      )
    })
  )

  it.effect("decodes bytes with a BOM and Turkish text", () =>
    Effect.gen(function* () {
      const bytes = withBom(utf8(`${declaration}<r><m>İşlem başarılı</m></r>`))
      const { tree } = yield* XmlCodec.decodeTree(bytes)
      assert.deepStrictEqual(plain(tree), { m: "İşlem başarılı" })
    })
  )

  it.effect("fails on malformed XML with line and column", () =>
    Effect.gen(function* () {
      const error = yield* flipTree(`<r>\n  <a>1</b>\n</r>`)
      assert.instanceOf(error, XmlDecodeError.XmlDecodeError)
      assert.strictEqual(error._tag, "XmlDecodeError")
      assert.strictEqual(error.reason, "Malformed")
      assert.strictEqual(error.line, 2)
      assert.strictEqual(error.column, 7)
      assert.include(error.message, "at line 2, column 7")
      // Positions count the whitespace skipped before the declaration
      const shifted = yield* flipTree(`\n\n  <?xml version="1.0"?><r><a>1</b></r>`)
      assert.strictEqual(shifted.line, 3)
      assert.strictEqual(shifted.column, 31)
      assert.include(shifted.message, "at line 3, column 31")
      const unclosed = yield* flipTree(utf8(`<r><a>1</a>`))
      assert.strictEqual(unclosed.reason, "Malformed")
      assert.strictEqual(unclosed.line, 1)
      assert.strictEqual(unclosed.column, 12)
    })
  )

  it.effect("fails on invalid UTF-8 and unsupported encodings", () =>
    Effect.gen(function* () {
      const invalid = yield* flipTree(new Uint8Array([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]))
      assert.strictEqual(invalid.reason, "Malformed")
      const latin5 = yield* flipTree(utf8(`<?xml version="1.0" encoding="ISO-8859-9"?><r/>`))
      assert.strictEqual(latin5.reason, "Unsupported")
      const utf16 = yield* flipTree(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))
      assert.strictEqual(utf16.reason, "Unsupported")
    })
  )

  it.effect("fails on empty input with reason Empty", () =>
    Effect.gen(function* () {
      for (const input of ["", "   \n ", "\uFEFF", new Uint8Array(0), withBom(new Uint8Array(0)), "<!-- only -->"]) {
        const error = yield* flipTree(input)
        assert.strictEqual(error.reason, "Empty", JSON.stringify(input))
      }
    })
  )

  it.effect("refuses a billion laughs document without expanding anything", () =>
    Effect.gen(function* () {
      const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol9;</lolz>`
      const refused = yield* flipTree(lol)
      assert.strictEqual(refused.reason, "Entity")
      assert.include(refused.message, "DOCTYPE")
      // Even with the DOCTYPE accepted, the reference fails where it is, and is never expanded
      const unexpanded = yield* flipTree(lol, { allowDoctype: true })
      assert.strictEqual(unexpanded.reason, "Entity")
      assert.strictEqual(unexpanded.line, 8)
      assert.strictEqual(unexpanded.column, 7)
      assert.include(unexpanded.message, "&lol9;")
    })
  )

  it.effect("refuses external entities (XXE)", () =>
    Effect.gen(function* () {
      const xxe = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>`
      const S = Schema.Struct({ x: Schema.String })
      const refused = yield* Effect.flip(XmlCodec.decode(S)(xxe))
      assert.strictEqual(refused.reason, "Entity")
      const unexpanded = yield* flipTree(xxe, { allowDoctype: true })
      assert.strictEqual(unexpanded.reason, "Entity")
      assert.strictEqual(unexpanded.line, 1)
      assert.strictEqual(unexpanded.column, 60)
      assert.include(unexpanded.message, "&xxe;")
      // An undeclared entity without a DOCTYPE is refused as well
      const undeclared = yield* flipTree(`<x>&nbsp;</x>`)
      assert.strictEqual(undeclared.reason, "Entity")
      // A harmless DOCTYPE passes only when allowed
      const { tree } = yield* XmlCodec.decodeTree(`<!DOCTYPE x><x>&lt;&#233;&amp;</x>`, { allowDoctype: true })
      assert.strictEqual(tree, "<é&")
    })
  )

  it.effect("fails past maxDepth with reason Limit", () =>
    Effect.gen(function* () {
      const nested = (depth: number) => "<a>".repeat(depth) + "</a>".repeat(depth)
      assert.isTrue((yield* Effect.result(XmlCodec.decodeTree(nested(64))))._tag === "Success")
      const deep = yield* flipTree(nested(65))
      assert.strictEqual(deep.reason, "Limit")
      assert.strictEqual(deep.line, 1)
      assert.strictEqual(deep.column, 193)
      const shallow = yield* flipTree(`<r><a><b>1</b></a></r>`, { maxDepth: 2 })
      assert.strictEqual(shallow.reason, "Limit")
    })
  )

  it.effect("fails past maxTokenSize and maxElementSize with reason Limit", () =>
    Effect.gen(function* () {
      const token = yield* flipTree(`<r>${"x".repeat(2000)}</r>`, { maxTokenSize: 1000 })
      assert.strictEqual(token.reason, "Limit")
      assert.isDefined(token.line)
      const element = yield* flipTree(`<r><a>${"x".repeat(600)}</a><b>${"y".repeat(600)}</b></r>`, {
        maxElementSize: 1000
      })
      assert.strictEqual(element.reason, "Limit")
      assert.include(element.message, "maxElementSize")
    })
  )

  it.effect("reports a schema mismatch with the element path", () =>
    Effect.gen(function* () {
      const xml = reportXml(3).replace(
        "<status>111</status>\n    </message>\n  </order>",
        "<status>x</status>\n    </message>\n  </order>"
      )
      const error = yield* Effect.flip(XmlCodec.decode(Report)(xml))
      assert.strictEqual(error.reason, "Schema")
      assert.deepStrictEqual(error.path, ["response", "order", "message", "2", "status"])
      assert.isUndefined(error.line)
      assert.include(error.message, "finite number")
    })
  )
})

describe("XmlCodec.decodeStream", () => {
  const path = ["response", "order", "message"]

  it.effect("decodes 20,000 rows from byte chunks, and stops early with Stream.take", () =>
    Effect.gen(function* () {
      const chunks = chunksOf(utf8(reportXml(20_000)), 64 * 1024)
      const items = yield* Stream.fromIterable(chunks).pipe(XmlCodec.decodeStream(path, Message), Stream.runCollect)
      assert.strictEqual(items.length, 20_000)
      assert.deepStrictEqual(items[0], { number: "+905551000000", status: 111 })
      assert.deepStrictEqual(items[19_999], { number: "+905551019999", status: 111 })

      let pulled = 0
      const first = yield* Stream.fromIterable(chunks).pipe(
        Stream.tap(() => Effect.sync(() => pulled++)),
        XmlCodec.decodeStream(path, Message),
        Stream.take(3),
        Stream.runCollect
      )
      assert.deepStrictEqual(
        first.map((item) => item.number),
        ["+905551000000", "+905551000001", "+905551000002"]
      )
      assert.isBelow(pulled, chunks.length)
    })
  )

  it.effect("reads a multi-byte character and a BOM split across chunks", () =>
    Effect.gen(function* () {
      const bytes = withBom(
        utf8(`<response><order><message><number>İş</number><status>1</status></message></order></response>`)
      )
      const at = bytes.indexOf(0xc4) + 1 // inside the two bytes of "İ"
      const chunks = [bytes.subarray(0, 1), bytes.subarray(1, at), bytes.subarray(at)]
      const items = yield* Stream.fromIterable(chunks).pipe(XmlCodec.decodeStream(path, Message), Stream.runCollect)
      assert.deepStrictEqual(items, [{ number: "İş", status: 1 }])
      // One byte at a time
      const single = yield* Stream.fromIterable(chunksOf(bytes, 1)).pipe(
        XmlCodec.decodeStream(path, Message),
        Stream.runCollect
      )
      assert.deepStrictEqual(single, [{ number: "İş", status: 1 }])
    })
  )

  it.effect("reads text chunks with a surrogate pair split across them", () =>
    Effect.gen(function* () {
      const text = `<response><order><message><number>a😀b</number><status>1</status></message></order></response>`
      const at = text.indexOf("😀") + 1
      const items = yield* Stream.make(text.slice(0, at), text.slice(at)).pipe(
        XmlCodec.decodeStream(path, Message),
        Stream.runCollect
      )
      assert.deepStrictEqual(items, [{ number: "a😀b", status: 1 }])
    })
  )

  it.effect("matches any name with *, and yields nothing when no element matches", () =>
    Effect.gen(function* () {
      const xml = `<r><x><i>1</i></x><y><i>2</i><i>3</i></y></r>`
      const any = yield* Stream.make(xml).pipe(
        XmlCodec.decodeStream(["r", "*", "i"], Schema.NumberFromString),
        Stream.runCollect
      )
      assert.deepStrictEqual(any, [1, 2, 3])
      const none = yield* Stream.make(xml).pipe(XmlCodec.decodeStream(["q", "i"], Schema.String), Stream.runCollect)
      assert.deepStrictEqual(none, [])
    })
  )

  it.effect("emits the items before a schema failure, then fails with the item's index", () =>
    Effect.gen(function* () {
      const xml = reportXml(5).replace(
        "+905551000003</number>\n      <status>111",
        "+905551000003</number>\n      <status>bad"
      )
      const seen: Array<string> = []
      const error = yield* Stream.make(xml).pipe(
        XmlCodec.decodeStream(path, Message),
        Stream.runForEach((item) => Effect.sync(() => seen.push(item.number))),
        Effect.flip
      )
      assert.deepStrictEqual(seen, ["+905551000000", "+905551000001", "+905551000002"])
      assert.strictEqual(error._tag, "XmlDecodeError")
      if (error._tag !== "XmlDecodeError") return
      assert.strictEqual(error.reason, "Schema")
      assert.deepStrictEqual(error.path, ["response", "order", "message", "3", "status"])
    })
  )

  it.effect("limits each item with maxElementSize, not the document", () =>
    Effect.gen(function* () {
      const xml = reportXml(2_000)
      const items = yield* Stream.make(xml).pipe(
        XmlCodec.decodeStream(path, Message, { maxElementSize: 100 }),
        Stream.runCount
      )
      assert.strictEqual(items, 2_000)
      const big = xml.replace("<number>+905551000007</number>", `<number>${"9".repeat(200)}</number>`)
      const error = yield* Stream.make(big).pipe(
        XmlCodec.decodeStream(path, Message, { maxElementSize: 100 }),
        Stream.runCount,
        Effect.flip
      )
      assert.strictEqual(error._tag === "XmlDecodeError" && error.reason, "Limit")
    })
  )

  it.effect("fails on malformed XML after the items before it, and passes upstream errors through", () =>
    Effect.gen(function* () {
      const broken = `<response><order><message><number>1</number><status>1</status></message><message></order>`
      const seen: Array<unknown> = []
      const error = yield* Stream.make(broken).pipe(
        XmlCodec.decodeStream(path, Message),
        Stream.runForEach((item) => Effect.sync(() => seen.push(item))),
        Effect.flip
      )
      assert.deepStrictEqual(seen, [{ number: "1", status: 1 }])
      assert.strictEqual(error._tag === "XmlDecodeError" && error.reason, "Malformed")

      const upstream = yield* Stream.make("<response><order>").pipe(
        Stream.concat(Stream.fail("network down" as const)),
        XmlCodec.decodeStream(path, Message),
        Stream.runCollect,
        Effect.flip
      )
      assert.strictEqual(upstream, "network down")
    })
  )

  it.effect("refuses a stream that mixes text and byte chunks", () =>
    Effect.gen(function* () {
      const error = yield* Stream.make<[string | Uint8Array, string | Uint8Array]>("<r><a>", utf8("</a></r>")).pipe(
        XmlCodec.decodeStream(["r", "a"], Schema.String),
        Stream.runCollect,
        Effect.flip
      )
      assert.strictEqual(error.reason, "Unsupported")
    })
  )

  it.effect("decodeStreamWithHeader emits the scalars outside the items, in document order", () =>
    Effect.gen(function* () {
      const parts = yield* Stream.make(reportXml(2)).pipe(
        XmlCodec.decodeStreamWithHeader(path, Message),
        Stream.runCollect
      )
      assert.deepStrictEqual(parts, [
        { _tag: "Scalar", path: ["response", "status", "code"], value: "200" },
        { _tag: "Scalar", path: ["response", "status", "message"], value: "İşlem başarılı" },
        { _tag: "Scalar", path: ["response", "order", "id"], value: "4321" },
        { _tag: "Item", value: { number: "+905551000000", status: 111 } },
        { _tag: "Item", value: { number: "+905551000001", status: 111 } }
      ])
    })
  )
})

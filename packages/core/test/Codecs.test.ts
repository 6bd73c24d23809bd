import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as IletiMerkeziSchema from "../src/iletimerkezi/Schema.ts"
import * as Codecs from "../src/internal/codecs.ts"

describe("Codecs", () => {
  it("makes one decoder and one encoder per schema, and they work", () => {
    const A = Schema.Struct({ n: Schema.NumberFromString })
    const B = Schema.Struct({ n: Schema.String })
    assert.strictEqual(Codecs.decoder(A), Codecs.decoder(A))
    assert.notStrictEqual(Codecs.decoder(A), Codecs.decoder(B))
    assert.strictEqual(Codecs.encoder(A), Codecs.encoder(A))
    assert.deepStrictEqual(Result.getOrThrow(Codecs.decoder(A)({ n: "12" })), { n: 12 })
    assert.isTrue(Result.isFailure(Codecs.decoder(A)({ n: 12 })))
    assert.deepStrictEqual(Codecs.encoder(A)({ n: 12 }), { n: "12" })
  })
})

describe("Codecs.shortcut", () => {
  it("answers with the shortcut's value, and with the schema where the shortcut returns undefined", () => {
    const S = Schema.Struct({ n: Schema.NumberFromString })
    Codecs.shortcut(S, (u) => ((u as { n?: unknown }).n === "fast" ? { n: -1 } : undefined))
    assert.deepStrictEqual(Result.getOrThrow(Codecs.decoder(S)({ n: "fast" })), { n: -1 })
    assert.deepStrictEqual(Result.getOrThrow(Codecs.decoder(S)({ n: "12" })), { n: 12 })
    assert.isTrue(Result.isFailure(Codecs.decoder(S)({ n: 12 })))
  })

  // The report page's hand-written decoder must give what GetReportWire's own decoding gives, value and key order,
  // for every form; where it does not recognise a form, the schema's errors stand.
  it("decodes report pages exactly as GetReportWire does", () => {
    const schema = Schema.decodeUnknownResult(IletiMerkeziSchema.GetReportWire)
    const ours = Codecs.decoder(IletiMerkeziSchema.GetReportWire)
    const order = { id: 12, status: "114", total: 3, waiting: 0, submitAt: "2026-04-01 10:00:00", sender: "ACME", x: 1 }
    const inputs: ReadonlyArray<unknown> = [
      {
        order: {
          ...order,
          message: [
            { number: "+905551112233", status: 111 },
            { number: "", status: -0, extra: 1 }
          ]
        }
      },
      { order: { ...order, message: [] } },
      // Exactly the schema's form (kept as parsed), and the same keys in the other order (copied in the schema's order).
      {
        order: {
          ...order,
          message: [
            { number: "+905551112233", status: 111 },
            { number: "+905551112234", status: 112 }
          ]
        }
      },
      {
        order: {
          ...order,
          message: [
            { number: "+905551112233", status: 111 },
            { status: 112, number: "+90" }
          ]
        }
      },
      { order: { ...order, message: [{ number: 905551112233, status: 111 }] } },
      { order: { ...order, message: [{ number: "+90", status: "112" }] } },
      { order: { ...order, message: [{ number: "+90", status: 111.5 }] } },
      { order: { ...order, message: [{ number: "+90", status: Number.MAX_SAFE_INTEGER + 1 }] } },
      { order: { ...order, message: [{ number: "+90" }] } },
      { order: { ...order, message: [["+90", 111]] } },
      { order: { ...order, message: [null] } },
      { order: { ...order, message: { number: "+90", status: 111 } } },
      { order: { ...order, message: "" } },
      { order: { ...order } },
      { order: { ...order, id: null, message: [{ number: "+90", status: 111 }] } },
      { order: { ...order, status: "x", message: [{ number: "+90", status: 111 }] } },
      { order: null },
      null
    ]
    let fast = 0
    for (const u of inputs) {
      const a = schema(u)
      const b = ours(u)
      if (Result.isSuccess(a)) {
        assert.isTrue(Result.isSuccess(b), JSON.stringify(u))
        const value = Result.getOrThrow(b) as typeof a.success
        assert.deepStrictEqual(value, a.success, JSON.stringify(u))
        assert.strictEqual(JSON.stringify(value), JSON.stringify(a.success))
        assert.isTrue(Object.is(value.order.message?.[1]?.status, a.success.order.message?.[1]?.status))
        fast++
      } else {
        assert.isTrue(Result.isFailure(b), JSON.stringify(u))
        if (Result.isFailure(b)) assert.strictEqual(b.failure.message, a.failure.message)
      }
    }
    assert.isAbove(fast, 4)
  })
})

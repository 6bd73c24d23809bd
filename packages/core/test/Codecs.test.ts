import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
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

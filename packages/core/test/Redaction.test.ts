/**
 * Credential scrubbing: every form a key can take in text derived from a request or a response is removed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Redaction } from "@effect-sms/core"
import { Redacted } from "effect"

const key = "K3y+With/Odd=Chars&<x>"
const scrub = Redaction.make([Redacted.make(key), "0d2df51f3b2ae72a27abb1d652e09a46"])

describe("Redaction", () => {
  it("removes the raw, URL-encoded, form-encoded, JSON-escaped and XML-escaped forms", () => {
    for (const form of [
      key,
      encodeURIComponent(key),
      new URLSearchParams({ k: key }).toString().slice(2),
      JSON.stringify(key).slice(1, -1),
      "K3y+With/Odd=Chars&amp;&lt;x&gt;"
    ]) {
      const out = scrub(`before ${form} after`)
      assert.notInclude(out, form)
      assert.strictEqual(out, `before ${Redaction.Mask} after`, form)
    }
  })

  it("removes base64 forms, alone and inside a longer value such as Basic's user:password", () => {
    const alone = Buffer.from(key).toString("base64")
    assert.notInclude(scrub(`x ${alone} y`), alone)
    for (const user of ["u", "us", "use", "user"]) {
      const basic = Buffer.from(`${user}:${key}`).toString("base64")
      const out = scrub(`Authorization: Basic ${basic}`)
      // What remains cannot be decoded back to the key.
      assert.notInclude(Buffer.from(out.replace(/^.*Basic /, "").replace(Redaction.Mask, ""), "base64").toString(), key)
      assert.include(out, Redaction.Mask, user)
    }
  })

  it("leaves other text alone, and short values are not treated as secrets", () => {
    assert.strictEqual(scrub("İşlem başarılı"), "İşlem başarılı")
    assert.strictEqual(Redaction.make(["abc"])("abc abc"), "abc abc")
  })

  it("an excerpt is scrubbed before it is cut", () => {
    const body = new TextEncoder().encode(`${"x".repeat(190)}${key}${"y".repeat(100)}`)
    const out = Redaction.excerpt(body, scrub)
    assert.notInclude(out, key.slice(0, 10))
    assert.isTrue(out.endsWith("…"))
  })
})

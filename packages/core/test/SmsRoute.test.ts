/**
 * Route policies as properties: whatever the route, the providers and the recipients, each recipient gets exactly one
 * chain (one provider to start with), only providers that can serve it appear in it, and the split covers every
 * recipient exactly once.
 */

import { assert, describe, it } from "@effect/vitest"
import { SmsRoute } from "@effect-sms/core"
import { Result } from "effect"
import * as fc from "fast-check"

const ids = ["iletimerkezi", "turkeysms", "infobip", "backup"] as const

const capabilities = fc.record({
  turkishMobiles: fc.boolean(),
  international: fc.boolean(),
  commercial: fc.boolean(),
  schedule: fc.boolean()
})

const route: fc.Arbitrary<SmsRoute.Route> = fc.letrec<{ route: SmsRoute.Route }>((tie) => ({
  route: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.array(fc.constantFrom(...ids), { maxLength: 6 }).map((chain) => SmsRoute.fixed(...chain)),
    fc.array(fc.constantFrom(...ids), { maxLength: 6 }).map((among) => SmsRoute.cheapest(...among)),
    fc
      .record({ turkish: tie("route"), international: tie("route") })
      .map((o) => SmsRoute.byCountry(o as { turkish: SmsRoute.Route; international: SmsRoute.Route })),
    fc
      .record({ commercial: tie("route"), informational: tie("route") })
      .map((o) => SmsRoute.byCommercial(o as { commercial: SmsRoute.Route; informational: SmsRoute.Route }))
  )
})).route

const recipient: fc.Arbitrary<SmsRoute.Recipient> = fc.oneof(
  fc.integer({ min: 0, max: 999_999_999 }).map((n) => ({
    e164: `+905${String(n).padStart(9, "0")}`,
    turkishMobile: true
  })),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => ({
    e164: `+447${String(n).padStart(9, "0")}`,
    turkishMobile: false
  }))
)

const world = fc.record({
  route,
  caps: fc.record({
    iletimerkezi: capabilities,
    turkeysms: capabilities,
    infobip: capabilities,
    backup: capabilities
  }),
  prices: fc.dictionary(fc.constantFrom(...ids), fc.double({ min: 0, max: 1, noNaN: true })),
  traits: fc.record({ commercial: fc.boolean(), scheduled: fc.boolean() }),
  recipients: fc.uniqueArray(recipient, { selector: (r) => r.e164, maxLength: 40 })
})

const environment = (w: {
  readonly caps: Record<string, SmsRoute.Capabilities>
  readonly prices: Partial<Record<string, number>>
}): SmsRoute.Environment => ({
  capabilities: (id) => w.caps[id],
  cost: (id) => w.prices[id]
})

describe("SmsRoute", () => {
  it("each recipient gets one chain of distinct providers that can all serve it", () => {
    fc.assert(
      fc.property(world, (w) => {
        const env = environment(w)
        for (const r of w.recipients) {
          const chain = SmsRoute.chainFor(w.route, r, w.traits, env)
          assert.strictEqual(new Set(chain).size, chain.length)
          for (const id of chain) assert.isTrue(SmsRoute.canServe(env.capabilities(id)!, r, w.traits))
          // Deterministic: the same recipient always gets the same chain.
          assert.deepStrictEqual(SmsRoute.chainFor(w.route, r, w.traits, env), chain)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("the split covers every recipient exactly once, and each part starts with exactly one provider", () => {
    fc.assert(
      fc.property(world, (w) => {
        const env = environment(w)
        const chainOf = (r: SmsRoute.Recipient) => SmsRoute.chainFor(w.route, r, w.traits, env)
        const { parts, unroutable } = SmsRoute.split(w.recipients, chainOf)
        const seen = new Map<string, number>()
        for (const part of parts) {
          assert.isAbove(part.chain.length, 0)
          assert.isAbove(part.recipients.length, 0)
          for (const r of part.recipients) {
            seen.set(r.e164, (seen.get(r.e164) ?? 0) + 1)
            assert.deepStrictEqual(chainOf(r), part.chain)
          }
        }
        for (const r of unroutable) {
          seen.set(r.e164, (seen.get(r.e164) ?? 0) + 1)
          assert.strictEqual(chainOf(r).length, 0)
        }
        assert.strictEqual(seen.size, w.recipients.length)
        for (const r of w.recipients) assert.strictEqual(seen.get(r.e164), 1)
        // Parts never share a chain: recipients with the same chain travel together.
        assert.strictEqual(new Set(parts.map((p) => p.chain.join(","))).size, parts.length)
      }),
      { numRuns: 500 }
    )
  })

  it("the cheapest route puts a priced provider before every dearer or unpriced one", () => {
    fc.assert(
      fc.property(world, (w) => {
        const env = environment(w)
        const all = { turkishMobiles: true, international: true, commercial: true, schedule: true }
        const open: SmsRoute.Environment = { ...env, capabilities: () => all }
        for (const r of w.recipients) {
          const chain = SmsRoute.chainFor(SmsRoute.cheapest(...ids), r, w.traits, open)
          const costs = chain.map((id) => env.cost(id, r))
          for (let i = 1; i < costs.length; i++) {
            const a = costs[i - 1]
            const b = costs[i]
            if (a === undefined) assert.strictEqual(b, undefined)
            else if (b !== undefined) assert.isAtMost(a, b)
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it("parses Turkish mobiles in national forms and other numbers only in international form", () => {
    const ok = (s: string) => Result.getOrThrow(SmsRoute.parseRecipient(s))
    assert.deepStrictEqual(ok("0532 111 22 33"), { e164: "+905321112233", turkishMobile: true })
    assert.deepStrictEqual(ok("+44 7911 123456"), { e164: "+447911123456", turkishMobile: false })
    assert.deepStrictEqual(ok("0049 151 2345 6789"), { e164: "+4915123456789", turkishMobile: false })
    for (const bad of ["0212 123 45 67", "+90 212 123 45 67", "7911123456", "+12", "+0123456789", "+44 abc"]) {
      assert.isTrue(Result.isFailure(SmsRoute.parseRecipient(bad)), bad)
    }
  })

  it("the configured routes: country sends Turkish mobiles to local providers first and the rest abroad", () => {
    const caps = { turkishMobiles: true, international: false, commercial: true, schedule: true }
    const route = SmsRoute.fromName("country", [
      { id: "infobip", local: false, capabilities: { ...caps, international: true, commercial: false } },
      { id: "iletimerkezi", local: true, capabilities: caps },
      { id: "turkeysms", local: true, capabilities: caps }
    ])
    const env: SmsRoute.Environment = {
      capabilities: (id) => (id === "infobip" ? { ...caps, international: true, commercial: false } : caps),
      cost: () => undefined
    }
    const traits = { commercial: false, scheduled: false }
    assert.deepStrictEqual(SmsRoute.chainFor(route, { e164: "+905321112233", turkishMobile: true }, traits, env), [
      "iletimerkezi",
      "turkeysms",
      "infobip"
    ])
    assert.deepStrictEqual(SmsRoute.chainFor(route, { e164: "+447911123456", turkishMobile: false }, traits, env), [
      "infobip"
    ])
  })
})

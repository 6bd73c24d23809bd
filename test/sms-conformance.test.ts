/**
 * One conformance suite for the provider-neutral `Sms` service, written once and run against every provider on its
 * simulator over real HTTP: send, schedule, the status lifecycle, watch, balance, validation before sending, each error
 * meaning, retries, and send safety under ambiguous faults. What a provider cannot offer is declared in
 * `support/smsTargets.ts` and checked or listed here, never skipped silently.
 */

import type { Vitest } from "@effect/vitest"
import { assert, describe, layer, it as vitestIt } from "@effect/vitest"
import { Sms } from "@effect-sms/core"
import { Clock, DateTime, Effect, Stream } from "effect"
import { type Behaviour, SmsTarget, type Target, targets } from "./support/smsTargets.ts"

type Methods = Vitest.MethodsNonLive<Sms.Sms | SmsTarget>

const counts = (list: ReadonlyArray<string>) => {
  const m = new Map<string, number>()
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1)
  return m
}

/** Distinct recipients per test, so that one test's messages never match another's. */
let next = 100
const recipients = (n: number) =>
  Array.from({ length: n }, () => {
    next++
    return `+90532${String(next).padStart(7, "0")}`
  })

/** Which capability flag a behaviour needs, for declared-unsupported checks. */
const capabilityOf: Partial<Record<Behaviour, "schedule" | "status" | "balance" | "deliveryReports" | "commercial">> = {
  commercial: "commercial",
  deliveryReports: "deliveryReports",
  schedule: "schedule",
  status: "status",
  watch: "status",
  balance: "balance"
}

/** For behaviours routing depends on: a message that needs it, which a provider without it must refuse. */
const refusal: Partial<Record<Behaviour, (sender: string) => Effect.Effect<Sms.Message>>> = {
  commercial: (sender) =>
    Effect.succeed({ sender, text: "Kampanya", to: recipients(1), commercial: { recipientType: "BIREYSEL" } }),
  schedule: (sender) =>
    Effect.map(Clock.currentTimeMillis, (now) => ({
      sender,
      text: "Planlı",
      to: recipients(1),
      sendAt: DateTime.makeUnsafe(now + 3_600_000)
    }))
}

/** Send safety a provider cannot settle: what it must still guarantee is never sending twice, and saying so. */
const atMostOnce = (fault: "reset-before" | "reset-after") => ({
  name: "never twice: sent once, or SendOutcomeUnknown with at most one message and no failover",
  body: () =>
    Effect.gen(function* () {
      const sms = yield* Sms.Sms
      const target = yield* SmsTarget
      const to = recipients(1)
      yield* target.faultSends([fault])
      const result = yield* Effect.result(sms.send({ sender: target.sender, text: `Belirsiz ${fault}`, to }))
      yield* target.faultSends([])
      if (result._tag === "Failure") assert.strictEqual(result.failure._tag, "SendOutcomeUnknown")
      assert.isAtMost(counts(yield* target.accepted).get(to[0]!) ?? 0, 1)
      // What the simulator did decides which: processed means one message, not processed means none.
      if (fault === "reset-after") assert.strictEqual(counts(yield* target.accepted).get(to[0]!), 1)
    })
})

const weakerGuarantee: Partial<
  Record<Behaviour, { readonly name: string; readonly body: () => Effect.Effect<void, unknown, Sms.Sms | SmsTarget> }>
> = {
  resetBeforeProcessing: atMostOnce("reset-before"),
  resetAfterProcessing: atMostOnce("reset-after")
}

const suite = (target: Target) => {
  const supported = (b: Behaviour) => target.unsupported[b] === undefined

  const declaredFor =
    (it: Methods) => (b: Behaviour, name: string, body: () => Effect.Effect<void, unknown, Sms.Sms | SmsTarget>) => {
      const reason = target.unsupported[b]
      if (reason === undefined) return it.effect(name, body)
      const weaker = weakerGuarantee[b]
      if (weaker !== undefined)
        return it.effect(`${name} — declared unsupported (${reason}): ${weaker.name}`, weaker.body)
      const capability = capabilityOf[b]
      if (capability === undefined) return it.skip(`${name} — declared unsupported: ${reason}`, () => {})
      // Declared unsupported: the adapter must not claim the capability, and where routing depends on it, the
      // service refuses such a message before any request.
      return it.effect(`${name} — declared unsupported (${reason}): refused up front`, () =>
        Effect.gen(function* () {
          const sms = yield* Sms.Sms
          const handle = yield* SmsTarget
          const refused = refusal[b]
          if (refused !== undefined) {
            const before = yield* handle.requests
            const error = yield* Effect.flip(sms.send(yield* refused(handle.sender)))
            assert.strictEqual(error._tag, "InvalidInput")
            if (error._tag === "InvalidInput") assert.strictEqual(error.rule, "no-provider")
            assert.strictEqual(yield* handle.requests, before)
          }
          const adapter = sms.providers.find((p) => p.id === handle.provider)!
          const claimed = adapter.capabilities[capability]
          assert.isTrue(claimed === false || claimed === "none", `${capability}: ${claimed}`)
        })
      )
    }

  layer(target.layer(), { excludeTestServices: true })(`Sms conformance: ${target.name}`, (it) => {
    const declared = declaredFor(it)

    declared("send", "send: one receipt from this provider, each recipient accepted exactly once", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(2)
        const receipt = yield* sms.send({ sender: target.sender, text: "Merhaba, siparişiniz yolda.", to })
        assert.strictEqual(receipt.parts.length, 1)
        const part = receipt.parts[0]!
        assert.strictEqual(part.provider, target.provider)
        assert.deepStrictEqual(part.recipients, to)
        assert.isTrue(part.orderId !== undefined || part.messages.every((m) => m.messageId !== undefined))
        const accepted = counts(yield* target.accepted)
        for (const r of to) assert.strictEqual(accepted.get(r), 1)
      })
    )

    declared("validation", "validation: bad input is refused before any request", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const before = yield* target.requests
        const past = DateTime.makeUnsafe((yield* Clock.currentTimeMillis) - 3_600_000)
        const bad = [
          { sender: target.sender, text: "", to: recipients(1) },
          { sender: target.sender, text: "x", to: ["0532 12"] },
          { sender: target.sender, text: "x", to: [] },
          { sender: "", text: "x", to: recipients(1) },
          { sender: target.sender, text: "x", to: recipients(1), sendAt: past }
        ]
        // Values of the wrong kind, as a JavaScript caller can pass them: each an InvalidInput, never a defect, and a
        // numeric recipient is not read as "no recipients" (which would send nothing and succeed).
        const [one] = recipients(1)
        const wrongKind: ReadonlyArray<unknown> = [
          { sender: target.sender, text: "x", to: Number(one!.slice(1)) },
          { sender: target.sender, text: "x", to: [Number(one!.slice(1))] },
          { sender: target.sender, text: null, to: recipients(1) },
          { sender: null, text: "x", to: recipients(1) },
          { sender: target.sender, text: "x", to: recipients(1), sendAt: new Date() },
          { sender: target.sender, text: "x", to: recipients(1), commercial: null }
        ]
        for (const message of [...bad, ...(wrongKind as ReadonlyArray<Sms.Message>)]) {
          const error = yield* Effect.flip(sms.send(message))
          assert.strictEqual(error._tag, "InvalidInput", JSON.stringify(message))
          const estimate = yield* Effect.flip(sms.estimate(message))
          assert.strictEqual(estimate._tag, "InvalidInput", JSON.stringify(message))
        }
        assert.strictEqual(yield* target.requests, before)
      })
    )

    declared("balance", "balance: one entry for this provider with a figure", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const entries = yield* sms.balance
        assert.strictEqual(entries.length, 1)
        const entry = entries[0]!
        assert.strictEqual(entry.provider, target.provider)
        assert.isTrue("balance" in entry, JSON.stringify(entry))
        if ("balance" in entry) {
          assert.isTrue(entry.balance.amount !== undefined || entry.balance.credits !== undefined)
        }
      })
    )

    declared("commercial", "commercial (İYS): a commercial message to a Turkish mobile goes out once", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(1)
        const receipt = yield* sms.send({
          sender: target.sender,
          text: "Kampanya: %20 indirim",
          to,
          commercial: { recipientType: "BIREYSEL" }
        })
        assert.strictEqual(receipt.parts[0]!.provider, target.provider)
        assert.strictEqual(counts(yield* target.accepted).get(to[0]!), 1)
      })
    )

    declared("retry503", "retries: a 503 on the send is retried; the message goes out once", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(1)
        const before = yield* target.sendRequests
        yield* target.faultSends(["503", "ok"])
        const receipt = yield* sms.send({ sender: target.sender, text: "Yeniden deneme", to })
        yield* target.faultSends([])
        assert.strictEqual(receipt.parts[0]!.provider, target.provider)
        assert.strictEqual((yield* target.sendRequests) - before, 2)
        assert.strictEqual(counts(yield* target.accepted).get(to[0]!), 1)
      })
    )

    for (const [behaviour, fault] of [
      ["resetBeforeProcessing", "reset-before"],
      ["resetAfterProcessing", "reset-after"]
    ] as const) {
      declared(behaviour, `send safety: a ${fault} on the send still gives exactly one message`, () =>
        Effect.gen(function* () {
          const sms = yield* Sms.Sms
          const target = yield* SmsTarget
          const to = recipients(2)
          yield* target.faultSends([fault])
          const receipt = yield* sms.send({ sender: target.sender, text: `Güvenli gönderim ${fault}`, to })
          yield* target.faultSends([])
          assert.strictEqual(receipt.parts[0]!.provider, target.provider)
          const accepted = counts(yield* target.accepted)
          for (const r of to) assert.strictEqual(accepted.get(r), 1)
        })
      )
    }

    // Last: these move the simulator's clock ahead of ours.
    declared("status", "status: pending right after the send, final once the simulator delivers; raw kept", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(3)
        const receipt = yield* sms.send({ sender: target.sender, text: "Durum testi", to })
        const first = yield* sms.status(receipt)
        assert.deepStrictEqual(first.map((s) => s.recipient).sort(), [...to].sort())
        for (const s of first) {
          assert.strictEqual(s.status, "pending")
          assert.strictEqual(s.provider, target.provider)
        }
        yield* target.advance("10 minutes")
        const later = yield* sms.status(receipt)
        assert.strictEqual(later.length, to.length)
        for (const s of later) {
          assert.include(["delivered", "undelivered"], s.status)
          assert.notStrictEqual(s.raw, first[0]!.raw)
        }
      })
    )

    declared("watch", "watch: each recipient's change from pending to final, then the stream ends", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(2)
        const receipt = yield* sms.send({ sender: target.sender, text: "İzleme testi", to })
        let advanced = false
        const changes = yield* sms.watch([receipt], { every: "20 millis" }).pipe(
          // Once the first (pending) statuses are out, the simulator delivers everything.
          Stream.tap(() =>
            advanced
              ? Effect.void
              : Effect.andThen(
                  Effect.sync(() => {
                    advanced = true
                  }),
                  target.advance("10 minutes")
                )
          ),
          Stream.runCollect
        )
        for (const r of to) {
          const mine = changes.filter((c) => c.recipient === r).map((c) => c.status)
          assert.strictEqual(mine.length, 2, JSON.stringify(changes))
          assert.strictEqual(mine[0], "pending")
          assert.include(["delivered", "undelivered"], mine[1])
        }
      })
    )

    declared(
      "deliveryReports",
      "delivery reports: each recipient's reports arrive on the merged stream, ending final",
      () =>
        Effect.gen(function* () {
          const sms = yield* Sms.Sms
          const target = yield* SmsTarget
          const to = recipients(2)
          const receipt = yield* sms.send({ sender: target.sender, text: "Rapor testi", to })
          yield* target.advance("10 minutes")
          const reports = yield* sms.deliveryReports.pipe(
            Stream.filter((r) => to.includes(r.recipient)),
            Stream.filter((r) => r.status !== "pending"),
            Stream.take(to.length),
            Stream.runCollect
          )
          assert.deepStrictEqual(reports.map((r) => r.recipient).sort(), [...to].sort())
          for (const r of reports) {
            assert.strictEqual(r.provider, target.provider)
            assert.include(["delivered", "undelivered"], r.status)
            if (receipt.parts[0]!.orderId !== undefined && r.orderId !== undefined) {
              assert.strictEqual(r.orderId, receipt.parts[0]!.orderId)
            }
          }
          // The reports agree with the status read back.
          const status = yield* sms.status(receipt)
          for (const r of reports) assert.strictEqual(status.find((s) => s.recipient === r.recipient)?.status, r.status)
        })
    )

    declared("schedule", "schedule: a message for later stays pending until its time, then goes out", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(1)
        const sendAt = DateTime.makeUnsafe((yield* Clock.currentTimeMillis) + 2 * 3_600_000)
        const receipt = yield* sms.send({ sender: target.sender, text: "Planlı mesaj", to, sendAt })
        assert.strictEqual(receipt.parts[0]!.provider, target.provider)
        yield* target.advance("10 minutes")
        assert.deepStrictEqual(
          (yield* sms.status(receipt)).map((s) => s.status),
          ["pending"]
        )
        yield* target.advance("3 hours")
        assert.include(["delivered", "undelivered"], (yield* sms.status(receipt))[0]!.status)
      })
    )
  })

  layer(target.layer(), { excludeTestServices: true })(`Sms conformance: ${target.name} without credit`, (it) => {
    const declared = declaredFor(it)
    declared("insufficientBalance", "errors: no credit is InsufficientBalance, and nothing goes out", () =>
      Effect.gen(function* () {
        const sms = yield* Sms.Sms
        const target = yield* SmsTarget
        const to = recipients(1)
        yield* target.emptyBalance
        const error = yield* Effect.flip(sms.send({ sender: target.sender, text: "Bakiye yok", to }))
        assert.strictEqual(error._tag, "InsufficientBalance")
        assert.isUndefined(counts(yield* target.accepted).get(to[0]!))
      })
    )
  })

  if (supported("authentication")) {
    layer(target.layer({ badCredentials: true }), { excludeTestServices: true })(
      `Sms conformance: ${target.name} with bad credentials`,
      (it) => {
        it.effect("errors: rejected credentials are AuthenticationFailed, and nothing goes out", () =>
          Effect.gen(function* () {
            const sms = yield* Sms.Sms
            const target = yield* SmsTarget
            const error = yield* Effect.flip(sms.send({ sender: target.sender, text: "x", to: recipients(1) }))
            assert.strictEqual(error._tag, "AuthenticationFailed")
            assert.strictEqual((yield* target.accepted).length, 0)
          })
        )
      }
    )
  } else {
    describe(`Sms conformance: ${target.name} with bad credentials`, () => {
      vitestIt.skip(
        `errors: AuthenticationFailed — declared unsupported: ${target.unsupported.authentication}`,
        () => {}
      )
    })
  }
}

for (const target of targets) suite(target)

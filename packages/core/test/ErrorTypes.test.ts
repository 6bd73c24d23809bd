/**
 * The error types are exact per endpoint: `Effect.catchTag` of an error an endpoint cannot return does not
 * type-check (checked by `tsc -b`, which fails on an unused `@ts-expect-error`), and catching one it can return
 * removes it from the error channel. The runtime half checks the same tables the types come from.
 */
import { assert, describe, it } from "@effect/vitest"
import { type IletiMerkezi, IletiMerkeziEndpoints, IletiMerkeziErrors, SmsError } from "@effect-sms/core"
import { Effect } from "effect"

declare const client: IletiMerkezi.Service

// Never run: these only have to type-check (or fail to, where marked).
export const typeChecks = () => {
  const send = client.sendSms({ sender: "APITEST", iys: 0, text: "x", to: "05321112233" })
  // A send can be a duplicate (451); it cannot be a bad date range (458) or an order not yet due (456).
  send.pipe(Effect.catchTag("DuplicateOrder", () => Effect.void))
  // @ts-expect-error send-sms never answers 458
  send.pipe(Effect.catchTag("InvalidDateRange", () => Effect.void))
  // @ts-expect-error send-sms never answers 456
  send.pipe(Effect.catchTag("OrderNotYetDue", () => Effect.void))

  const reports = client.getReports({ start: "2026-04-01", end: "2026-04-10" })
  reports.pipe(Effect.catchTag("InvalidDateRange", () => Effect.void))
  // @ts-expect-error get-reports never answers 451
  reports.pipe(Effect.catchTag("DuplicateOrder", () => Effect.void))

  const balance = client.getBalance
  balance.pipe(Effect.catchTag("AuthenticationFailed", () => Effect.void))
  // @ts-expect-error get-balance never answers 402
  balance.pipe(Effect.catchTag("InsufficientBalance", () => Effect.void))
  // @ts-expect-error get-balance validates no input
  balance.pipe(Effect.catchTag("InvalidInput", () => Effect.void))

  const cancel = client.cancelOrder(1)
  cancel.pipe(Effect.catchTag("OrderNotFound", () => Effect.void))
  // @ts-expect-error cancel-order never answers 474
  cancel.pipe(Effect.catchTag("BlacklistRemovalNotAllowed", () => Effect.void))

  // Catching what can happen narrows the channel: after catching 451, a 451 can no longer come out.
  const narrowed = send.pipe(Effect.catchTag("DuplicateOrder", () => Effect.void))
  // @ts-expect-error DuplicateOrder was handled above
  narrowed.pipe(Effect.catchTag("DuplicateOrder", () => Effect.void))
}

// A provider's own class, built by the factory as a provider folder would.
class OtpQuotaExceeded extends SmsError.status<OtpQuotaExceeded>()("OtpQuotaExceeded", "The OTP quota is used up.", {
  transient: false
}) {}

// Never run: `isSmsError` narrows to any factory-built error, not only the shared union (whose tags exclude a
// provider's own: comparing with "OtpQuotaExceeded" would not type-check).
export const narrowing = (u: unknown) => {
  if (SmsError.isSmsError(u)) {
    const behaviour: { readonly tag: string; readonly explanation: string; readonly transient: boolean } = {
      tag: u._tag,
      explanation: u.explanation,
      transient: u.transient
    }
    return u._tag === "OtpQuotaExceeded" ? behaviour : undefined
  }
  return undefined
}

describe("isSmsError", () => {
  it("covers a provider's own class built by the factory, with its behaviour", () => {
    const e: unknown = new OtpQuotaExceeded({ provider: "turkeysms", code: "TS-1999", message: "kota doldu" })
    assert.isTrue(SmsError.isSmsError(e))
    assert.deepStrictEqual(narrowing(e), {
      tag: "OtpQuotaExceeded",
      explanation: "The OTP quota is used up.",
      transient: false
    })
    assert.isFalse(SmsError.isSmsError(new Error("not ours")))
    assert.isFalse(SmsError.isSmsError({ _tag: "DuplicateOrder" }))
  })
})

describe("error types per endpoint", () => {
  it("the tables the types come from: what each endpoint lists, and what it does not", () => {
    const lists = (e: { readonly errors: ReadonlyArray<unknown> }, c: unknown) => e.errors.includes(c)
    assert.isTrue(lists(IletiMerkeziEndpoints.sendSms, SmsError.DuplicateOrder))
    assert.isFalse(lists(IletiMerkeziEndpoints.sendSms, SmsError.InvalidDateRange))
    assert.isTrue(lists(IletiMerkeziEndpoints.getReports, SmsError.InvalidDateRange))
    assert.isFalse(lists(IletiMerkeziEndpoints.getBalance, SmsError.InsufficientBalance))
    assert.isFalse(lists(IletiMerkeziEndpoints.cancelOrder, SmsError.BlacklistRemovalNotAllowed))
  })

  it("every class in iletiMerkezi's table is one some endpoint can answer with (no unreachable class)", () => {
    const listed = new Set(Object.values(IletiMerkeziEndpoints.all).flatMap((e) => [...e.errors]))
    for (const [code, entry] of Object.entries(IletiMerkeziErrors.Statuses)) {
      assert.isTrue(listed.has(entry.error), `${code} ${entry.error.name} is listed by no endpoint`)
    }
  })
})

import { assert, describe, it } from "@effect/vitest"
import { TurkeySmsCodes as Codes, TurkeySmsSchema as S, TurkeySmsErrors } from "@effect-sms/core/turkeysms"
import { Redacted, Result, Schema } from "effect"

const decode = <T, E>(schema: Schema.Codec<T, E>) => Schema.decodeUnknownResult(schema)

describe("TurkeySMS wire schemas", () => {
  it("decode a documented V4 send answer", () => {
    const r = decode(S.SendWire)({
      result: true,
      result_code: "TS-1024",
      result_message: "SMS dispatched successfully.",
      sms_id: 1000007721,
      number_of_sms: 1,
      total_recipients: 1,
      success_count: 1,
      sms_lang: "Turkish",
      content_type: "Transactional",
      country: "Turkey-TR",
      added_in_a_later_v4: { ignored: true }
    })
    assert.isTrue(Result.isSuccess(r))
    const result = S.sendResult(Result.getOrThrow(r), 1)
    assert.strictEqual(result.smsId, "1000007721")
    assert.strictEqual(result.parts, 1)
    assert.strictEqual(result.predictedParts, 1)
    assert.strictEqual(result.country, "Turkey-TR")
  })

  it("decode v3's PHP-flavoured drift: booleans and counts as strings", () => {
    const r = Result.getOrThrow(
      decode(S.SendWire)({
        result: "true",
        result_code: "TS-1024",
        sms_id: "1000007721",
        number_of_sms: "2",
        total_has_sent_last_1_min: "14"
      })
    )
    assert.strictEqual(r.result, true)
    assert.strictEqual(r.number_of_sms, 2)
    assert.strictEqual(r.total_has_sent_last_1_min, 14)
  })

  for (const bad of [-1, 1.5, "", "12a", "1e3", null]) {
    it(`refuse the message id ${JSON.stringify(bad)}`, () => {
      const r = decode(S.SendWire)({ result: true, result_code: "TS-1024", sms_id: bad })
      assert.isTrue(Result.isFailure(r))
    })
  }

  it("wrap the OTP code in Redacted, so it never prints", () => {
    const r = Result.getOrThrow(
      decode(S.OtpWire)({ result: true, result_code: "TS-1024", sms_id: 7, otp_code: "042917" })
    )
    assert.isTrue(Redacted.isRedacted(r.otp_code))
    assert.strictEqual(Redacted.value(r.otp_code), "042917")
    assert.notInclude(String(r.otp_code), "042917")
    assert.notInclude(JSON.stringify(r), "042917")
  })

  it("read a balance in each of its forms", () => {
    const forms: ReadonlyArray<readonly [unknown, number, number | undefined]> = [
      [{ result: true, result_code: "TS-1040", balance: 120, international_balance: 3.5 }, 120, 3.5],
      [{ result: true, result_code: "TS-1040", balance: { main: "80", international: "1.25" } }, 80, 1.25],
      [{ result: true, result_code: "TS-1040", local_balance_sms: "9", international_balance_tl: "0" }, 9, 0],
      [{ result: true, result_code: "TS-1040", balance: 5 }, 5, undefined]
    ]
    for (const [wire, sms, tl] of forms) {
      const b = S.balanceOf(Result.getOrThrow(decode(S.BalanceWire)(wire)))
      assert.strictEqual(b?.sms, sms)
      assert.strictEqual(b?.internationalTl, tl)
    }
    assert.isUndefined(S.balanceOf(Result.getOrThrow(decode(S.BalanceWire)({ result: true, result_code: "TS-1040" }))))
  })

  it("read sender IDs under any of the undocumented field names", () => {
    for (const field of ["sender_ids", "senderids", "senders", "titles"]) {
      const w = Result.getOrThrow(
        decode(S.SendersWire)({ result: true, result_code: "TS-1040", [field]: ["APITEST", { title: "EFFECTSMS" }] })
      )
      assert.deepStrictEqual(S.sendersOf(w), ["APITEST", "EFFECTSMS"])
    }
  })

  describe("status", () => {
    it("V4's state wins, with its finality", () => {
      for (const [state, final] of [
        ["queued", false],
        ["sent", false],
        ["delivered", true],
        ["failed", true],
        ["expired", true]
      ] as const) {
        const w = Result.getOrThrow(decode(S.StatusWire)({ result: true, result_code: "TS-1064", status: state }))
        const s = S.statusOf(w, "11")
        assert.isTrue(s instanceof S.MessageStatus)
        assert.strictEqual((s as S.MessageStatus).state, state)
        assert.strictEqual((s as S.MessageStatus).final, final)
      }
    })

    it("v3's TS-1023 (out of coverage, not received yet) is not final", () => {
      const w = Result.getOrThrow(
        decode(S.StatusWire)({
          result: true,
          sender_id: 1000007721,
          sms_status_code: "TS-1023",
          sms_status: "The number out of coverage did not receive the message yet",
          date_of_sending: "2026-04-29",
          time_of_sending: "10:00:03",
          operator: "Turkcell",
          result_code: "TS-1064"
        })
      )
      const s = S.statusOf(w, "1000007721") as S.MessageStatus
      assert.strictEqual(s.state, "sent")
      assert.isFalse(s.final)
      assert.strictEqual(s.sentAt, "2026-04-29 10:00:03")
      const delivered = S.statusOf({ ...w, sms_status_code: "TS-1024" }, "1") as S.MessageStatus
      const failed = S.statusOf({ ...w, sms_status_code: "TS-1022" }, "1") as S.MessageStatus
      assert.deepStrictEqual(
        [delivered.state, delivered.final, failed.state, failed.final],
        ["delivered", true, "failed", true]
      )
    })

    it("an answer without a usable state says why", () => {
      assert.strictEqual(typeof S.statusOf({ result: true, result_code: "TS-1064" }, "1"), "string")
      assert.include(
        S.statusOf({ result: true, result_code: "TS-1064", sms_status_code: "TS-9" }, "1") as string,
        "TS-9"
      )
    })

    it("a V4 state nobody documents is accepted: unknown, not final, the raw value kept", () => {
      const w = Result.getOrThrow(decode(S.StatusWire)({ result: true, result_code: "TS-1064", status: "Processing" }))
      const s = S.statusOf(w, "11") as S.MessageStatus
      assert.deepStrictEqual([s.state, s.final, s.rawState], ["unknown", false, "Processing"])
      // The documented states are read in any case, and keep no raw value.
      const upper = S.statusOf({ result: true, status: "DELIVERED" }, "11") as S.MessageStatus
      assert.deepStrictEqual([upper.state, upper.final, upper.rawState], ["delivered", true, undefined])
      // An unknown state with v3's code: the code decides, the raw state is kept.
      const coded = S.statusOf({ result: true, status: "odd", sms_status_code: "TS-1024" }, "11") as S.MessageStatus
      assert.deepStrictEqual([coded.state, coded.final, coded.rawState], ["delivered", true, "odd"])
    })
  })
})

describe("TurkeySMS result codes", () => {
  it("every error code names an error, and V4's documented HTTP statuses are kept", () => {
    const documented: Record<string, number> = {
      "TS-1000": 200,
      "TS-1024": 200,
      "TS-1027": 403,
      "TS-1028": 403,
      "TS-1031": 401,
      "TS-1033": 400,
      "TS-1040": 200,
      "TS-1060": 403,
      "TS-1061": 403,
      "TS-1064": 200,
      "TS-1065": 403
    }
    for (const [code, http] of Object.entries(documented))
      assert.strictEqual(Codes.lookup(code)?.httpStatus, http, code)
    for (const code of Codes.errorCodes) {
      const e = Codes.Codes[code]
      assert.isTrue(e.httpStatus >= 400, code)
      assert.strictEqual(e.kind, "error")
      // Every error code has its class in the status table.
      assert.isDefined(TurkeySmsErrors.Statuses[code as TurkeySmsErrors.StatusCode], code)
    }
  })

  it("lookup ignores case and spaces, and knows nothing of undocumented codes", () => {
    assert.strictEqual(Codes.lookup(" ts-1031 ")?.code, "TS-1031")
    assert.isUndefined(Codes.lookup("TS-9999"))
    assert.isUndefined(Codes.lookup("toString"))
  })

  it("maps the meanings the issue names to the shared classes", () => {
    const tag = (c: TurkeySmsErrors.StatusCode) =>
      new TurkeySmsErrors.Statuses[c].error({ provider: "turkeysms", code: c, message: "" })._tag
    assert.strictEqual(tag("TS-1031"), "AuthenticationFailed")
    assert.strictEqual(tag("TS-1027"), "InsufficientBalance")
    assert.strictEqual(tag("TS-1028"), "SenderNotApproved")
    assert.strictEqual(tag("TS-1029"), "SenderNotApproved")
    assert.strictEqual(tag("TS-1034"), "InvalidRecipients")
    assert.strictEqual(tag("TS-1060"), "RateLimited")
    assert.strictEqual(tag("TS-1030"), "AccountInactive")
    assert.strictEqual(tag("TS-1032"), "InternationalNotEnabled")
    for (const c of ["TS-1061", "TS-1062", "TS-1063", "TS-1065"] as const)
      assert.strictEqual(tag(c), "PermissionDenied")
    assert.strictEqual(Codes.lookup("TS-1023")?.kind, "pending-status")
    assert.strictEqual(Codes.lookup("TS-1022")?.kind, "final-status")
  })
})

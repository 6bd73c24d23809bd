import { assert, describe, it } from "@effect/vitest"
import { Schema as IbSchema, Status } from "@effect-sms/core/infobip"
import { Schema } from "effect"

describe("Infobip wire schemas", () => {
  it("decode the seed page's v1 answer, with and without smsCount", () => {
    // The second 200 example of the "Fully featured textual message" page.
    const body = {
      bulkId: "BULK-ID-123-xyz",
      trackingProcessKey: "9243E3F4BEDC719D83C2A38A483E6CB3",
      messages: [
        {
          to: "41793026727",
          status: {
            groupId: 1,
            groupName: "PENDING",
            id: 7,
            name: "PENDING_ENROUTE",
            description: "Message sent to next instance"
          },
          smsCount: 1,
          messageId: "MESSAGE-ID-123-xyz"
        },
        {
          to: "41793026785",
          status: {
            groupId: 1,
            groupName: "PENDING",
            id: 26,
            name: "PENDING_ACCEPTED",
            description: "Pending Accepted"
          },
          messageId: "2033912860760522208"
        }
      ]
    }
    const decoded = Schema.decodeUnknownSync(IbSchema.AdvancedResponse)(body)
    assert.strictEqual(decoded.messages.length, 2)
    assert.strictEqual(decoded.messages[0]!.smsCount, 1)
    assert.strictEqual(decoded.messages[1]!.smsCount, undefined)
  })

  it("refuse a message id that is empty, too long or carries control characters", () => {
    const decode = Schema.decodeUnknownResult(IbSchema.Id)
    assert.strictEqual(decode("2033912860760522208")._tag, "Success")
    assert.strictEqual(decode("")._tag, "Failure")
    assert.strictEqual(decode("x".repeat(201))._tag, "Failure")
    assert.strictEqual(decode("a\nb")._tag, "Failure")
  })

  it("read v1 and v3 delivery reports with one schema", () => {
    const status = Status.toWire("DELIVERED_TO_HANDSET")
    const v1 = Schema.decodeUnknownSync(IbSchema.DeliveryReport)({
      messageId: "1",
      to: "41793026727",
      from: "ACME",
      smsCount: 2,
      status
    })
    const v3 = Schema.decodeUnknownSync(IbSchema.DeliveryReport)({
      messageId: "2",
      to: "41793026727",
      sender: "ACME",
      messageCount: 3,
      status
    })
    assert.deepStrictEqual(
      [IbSchema.reportSender(v1), IbSchema.reportCount(v1), IbSchema.reportSender(v3), IbSchema.reportCount(v3)],
      ["ACME", 2, "ACME", 3]
    )
  })

  describe("error bodies", () => {
    it("the legacy body maps its id to a code and keeps every validation error", () => {
      const d = IbSchema.errorDetails({
        requestError: {
          serviceException: {
            messageId: "BAD_REQUEST",
            text: "Bad request",
            validationErrors: { "messages[0].text": ["must not be blank"], bulkId: "too long" }
          }
        }
      })
      assert.deepStrictEqual(d, {
        code: "E400",
        text: "Bad request",
        action: undefined,
        violations: [
          { property: "messages[0].text", violation: "must not be blank" },
          { property: "bulkId", violation: "too long" }
        ]
      })
    })

    it("the seed's bare legacy 400 decodes", () => {
      const d = IbSchema.errorDetails({
        requestError: { serviceException: { messageId: "BAD_REQUEST", text: "Bad request" } }
      })
      assert.strictEqual(d?.code, "E400")
      assert.deepStrictEqual(d?.violations, [])
    })

    it("the current body keeps its code, action and violations", () => {
      const d = IbSchema.errorDetails({
        errorCode: "E429",
        description: "Too many requests sent.",
        action: "Slow down.",
        violations: [{ property: "limit", violation: "too big" }],
        resources: [{ name: "Rate limits", url: "https://www.infobip.com/docs" }]
      })
      assert.deepStrictEqual(d, {
        code: "E429",
        text: "Too many requests sent.",
        action: "Slow down.",
        violations: [{ property: "limit", violation: "too big" }]
      })
    })

    it("anything else is not an error body", () => {
      assert.strictEqual(IbSchema.errorDetails("<html>502</html>"), undefined)
      assert.strictEqual(IbSchema.errorDetails({ error: "x" }), undefined)
    })
  })
})

describe("Infobip statuses", () => {
  it("PENDING and DELIVERED_TO_OPERATOR are not final; DELIVERED_TO_HANDSET and rejections are", () => {
    const final = (name: Status.StatusName) => Status.MessageStatus.fromWire(Status.toWire(name)).final
    assert.isFalse(final("PENDING_ACCEPTED"))
    assert.isFalse(final("PENDING_ENROUTE"))
    assert.isFalse(final("DELIVERED_TO_OPERATOR"))
    assert.isTrue(final("DELIVERED_TO_HANDSET"))
    assert.isTrue(final("REJECTED_DESTINATION"))
    assert.isTrue(final("EXPIRED_EXPIRED"))
  })

  it("an unknown status id is decided by its group", () => {
    assert.isFalse(Status.isFinal({ groupName: "PENDING", id: 999, name: "PENDING_SOMETHING_NEW" }))
    assert.isTrue(Status.isFinal({ groupName: "UNDELIVERABLE", id: 998, name: "UNDELIVERABLE_NEW" }))
  })

  it("a rejection status says so, and keeps its group, id and name", () => {
    const s = Status.MessageStatus.fromWire(Status.toWire("REJECTED_PREFIX_MISSING"))
    assert.isTrue(s.rejected)
    assert.deepStrictEqual([s.groupId, s.groupName, s.id, s.name], [5, "REJECTED", 8, "REJECTED_PREFIX_MISSING"])
  })

  it("a message error keeps permanent, absent counting as temporary", () => {
    const e = Status.MessageError.fromWire({
      groupId: 1,
      groupName: "HANDSET_ERRORS",
      id: 27,
      name: "EC_ABSENT_SUBSCRIBER"
    })
    assert.isFalse(e.permanent)
    assert.isTrue(Status.MessageError.fromWire(Status.MessageErrors.EC_UNKNOWN_SUBSCRIBER).permanent)
    assert.isTrue(Status.MessageError.fromWire(Status.MessageErrors.NO_ERROR).ok)
  })

  it("the status table has unique ids", () => {
    const ids = Object.values(Status.Statuses).map((s) => s.id)
    assert.strictEqual(new Set(ids).size, ids.length)
    for (const s of Object.values(Status.Statuses)) assert.strictEqual(Status.byId(s.id)?.name, s.name)
  })
})

import { assert, describe, it } from "@effect/vitest"
import { type Endpoint, Redaction, SmsError } from "@effect-sms/core"
import { InfobipEndpoints, InfobipErrors } from "@effect-sms/core/infobip"
import { Duration, Effect } from "effect"

const map = (
  httpStatus: number,
  body: unknown,
  allowed: ReadonlyArray<SmsError.StatusErrorClass> = InfobipEndpoints.getBulkStatus.errors
) =>
  InfobipErrors.fromResponse({
    httpStatus,
    body,
    allowed,
    retryAfter: httpStatus === 429 ? Duration.seconds(7) : undefined,
    scrub: Redaction.make(["s3cret-key"])
  })

describe("Infobip error mapping", () => {
  it("each HTTP status maps to its shared class, keeping the provider's code and text", () => {
    const cases: ReadonlyArray<[number, unknown, string]> = [
      [
        400,
        { requestError: { serviceException: { messageId: "BAD_REQUEST", text: "Bad request" } } },
        "InvalidRequest"
      ],
      [
        401,
        { requestError: { serviceException: { messageId: "UNAUTHORIZED", text: "Invalid login details" } } },
        "AuthenticationFailed"
      ],
      [403, { errorCode: "E403", description: "Forbidden" }, "PermissionDenied"],
      [404, { requestError: { serviceException: { messageId: "NOT_FOUND", text: "Not found" } } }, "NotFound"],
      [429, { errorCode: "E429", description: "Too many requests sent." }, "RateLimited"],
      [503, undefined, "ServiceUnavailable"]
    ]
    for (const [status, body, tag] of cases) {
      const e = map(status, body)
      assert.strictEqual(e._tag, tag, String(status))
      assert.strictEqual(e.provider, "infobip")
      assert.strictEqual(e.httpStatus, status)
      assert.strictEqual(e.code, `E${status}`)
    }
    assert.strictEqual(SmsError.retryAfter(map(429, {}))?.pipe(Duration.toMillis), 7000)
  })

  it("a 500 (or any unmapped 5xx) may have been processed: a send reconciles it, a read retries it", () => {
    const e = map(500, { requestError: { serviceException: { messageId: "GENERAL_ERROR", text: "oops" } } })
    assert.strictEqual(e._tag, "UnknownStatus")
    assert.strictEqual(e.code, 500)
    assert.isTrue(SmsError.mayHaveBeenProcessed(e))
    assert.isTrue(SmsError.isRetryable(e, "read"))
    assert.isFalse(SmsError.isRetryable(e, "unsafe"))
    const html = map(502, "<html>Bad gateway</html>")
    assert.strictEqual(html._tag, "UnknownStatus")
    assert.strictEqual(html.message, "HTTP 502")
  })

  it("a status the endpoint does not document becomes UnknownStatus (a send has no 404)", () => {
    const e = map(404, { errorCode: "E404", description: "no" }, InfobipEndpoints.sendMessages.errors)
    assert.strictEqual(e._tag, "UnknownStatus")
  })

  it("provider texts and violations are scrubbed of credentials", () => {
    const e = map(400, {
      errorCode: "E400",
      description: "key s3cret-key is not allowed",
      violations: [{ property: "to", violation: "s3cret-key" }]
    })
    assert.notInclude(JSON.stringify(e), "s3cret-key")
    assert.strictEqual(e._tag, "InvalidRequest")
  })

  it.effect("catchTag type-checks only for errors an endpoint documents", () =>
    Effect.gen(function* () {
      const send: Effect.Effect<void, Endpoint.Error<typeof InfobipEndpoints.sendMessages>> = Effect.void
      const bulk: Effect.Effect<void, Endpoint.Error<typeof InfobipEndpoints.getBulkStatus>> = Effect.void
      const balance: Effect.Effect<void, Endpoint.Error<typeof InfobipEndpoints.balance>> = Effect.void
      yield* bulk.pipe(Effect.catchTag("NotFound", () => Effect.void))
      yield* send.pipe(Effect.catchTag("InvalidRequest", () => Effect.void))
      // @ts-expect-error a send documents no 404: NotFound cannot be caught there
      yield* send.pipe(Effect.catchTag("NotFound", () => Effect.void))
      // @ts-expect-error reading the balance documents no 404 either
      yield* balance.pipe(Effect.catchTag("NotFound", () => Effect.void))
    })
  )
})

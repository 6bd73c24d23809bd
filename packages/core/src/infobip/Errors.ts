/**
 * Infobip's HTTP errors mapped to the shared vocabulary (`docs/providers/infobip.md` §5). Both body formats are read
 * (the legacy `requestError.serviceException` and the current `errorCode`/`violations`); the instance keeps the
 * provider's code (`E400`, or the legacy id mapped to one), its text, and for a 400 every violation.
 *
 * The HTTP status decides the class: 400 invalid request, 401 authentication failed, 403 permission denied, 404 not
 * found, 429 rate limited (with Retry-After), 503 service unavailable. Any other 5xx becomes `UnknownStatus` with the
 * numeric status as its code, which the classifier treats as transient but possibly processed: a send that got a 500
 * is reconciled, never blindly resent.
 *
 * @since 0.1.0
 */
import { Duration } from "effect"
import type * as Redaction from "../Redaction.ts"
import * as SmsError from "../SmsError.ts"
import * as StatusTable from "../StatusTable.ts"
import { errorDetails } from "./Schema.ts"

/**
 * The status table, by HTTP-derived code.
 *
 * @since 0.1.0
 */
export const Statuses = StatusTable.make({
  E400: {
    error: SmsError.InvalidRequest,
    hint: "Infobip refused the request as invalid; `violations` lists each field and what was wrong with it."
  },
  E401: {
    error: SmsError.AuthenticationFailed,
    hint: "Infobip did not accept the credentials: check the API key (App), user and password (Basic, IBSSO) or OAuth2 client, and the account's base URL."
  },
  E403: {
    error: SmsError.PermissionDenied,
    hint: "The credentials are valid but lack the permission (API key scope) for this call."
  },
  E404: { error: SmsError.NotFound, hint: "No such resource on this account (for bulks: an unknown bulkId)." },
  E429: {
    error: SmsError.RateLimited,
    hint: "Infobip throttled the request (per-endpoint limit). Retry after the delay it gave, or after a backoff."
  },
  E503: { error: SmsError.ServiceUnavailable, hint: "Infobip is temporarily unavailable; retry after a backoff." }
})

/**
 * The errors every Infobip endpoint documents.
 *
 * @since 0.1.0
 */
export const Common = [
  SmsError.InvalidRequest,
  SmsError.AuthenticationFailed,
  SmsError.PermissionDenied,
  SmsError.RateLimited,
  SmsError.ServiceUnavailable
] as const

/**
 * Common errors plus 404, for calls that name a resource.
 *
 * @since 0.1.0
 */
export const WithNotFound = [...Common, SmsError.NotFound] as const

/**
 * Builds the tagged error for a non-2xx answer. Classes outside `allowed` become `UnknownStatus`.
 *
 * @since 0.1.0
 */
export const fromResponse = (options: {
  readonly httpStatus: number
  readonly body: unknown
  readonly allowed: ReadonlyArray<SmsError.StatusErrorClass>
  readonly retryAfter: Duration.Duration | undefined
  readonly scrub: Redaction.Scrubber
}): SmsError.AnyStatusError => {
  const { httpStatus } = options
  const details = errorDetails(options.body)
  const raw = details?.code ?? `E${httpStatus}`
  const text = options.scrub(details?.text ?? `HTTP ${httpStatus}`)
  const key = `E${httpStatus}`
  const entry = StatusTable.lookup(Statuses, key)
  const retryAfterMillis =
    options.retryAfter === undefined ? {} : { retryAfterMillis: Duration.toMillis(options.retryAfter) }
  if (entry !== undefined && options.allowed.includes(entry.error)) {
    const fields = {
      provider: "infobip" as const,
      code: raw,
      message: text,
      httpStatus,
      ...(entry.hint === undefined ? {} : { hint: entry.hint }),
      ...retryAfterMillis
    }
    if (entry.error === SmsError.InvalidRequest) {
      return new SmsError.InvalidRequest({
        ...fields,
        violations: (details?.violations ?? []).map((v) => ({
          ...(v.property === "" ? {} : { property: options.scrub(v.property) }),
          violation: options.scrub(v.violation)
        }))
      })
    }
    return new entry.error(fields)
  }
  // Unmapped: a 5xx keeps its numeric status as the code so that the classifier sees a possibly processed failure.
  return new SmsError.UnknownStatus({
    provider: "infobip",
    code: httpStatus >= 500 ? httpStatus : raw,
    message: httpStatus >= 500 && details !== undefined ? `${raw}: ${text}` : text,
    httpStatus,
    ...retryAfterMillis
  })
}

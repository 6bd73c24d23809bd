/**
 * Infobip's endpoints as data (`docs/providers/infobip.md` §2): verb and path, how the request travels, the request
 * and success schemas, the documented errors and how safe each call is to repeat. The executor
 * (`internal/executor.ts`) interprets all of them; the simulator decodes the same request schemas.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Endpoint from "../Endpoint.ts"
import * as SmsError from "../SmsError.ts"
import { Common, WithNotFound } from "./Errors.ts"
import * as S from "./Schema.ts"
import { GroupNames } from "./Status.ts"

const optionalString = Schema.optionalKey(Schema.String)

// The log filter by status group (the same six groups on v1 and v3); bulk statuses are not among them.
const generalStatus = Schema.optionalKey(Schema.Literals(GroupNames))

/** @since 0.1.0 */
export const sendAdvancedV1 = Endpoint.make({
  name: "sendAdvanced",
  provider: "infobip",
  method: "POST",
  path: "/sms/1/text/advanced",
  encoding: Endpoint.json,
  request: S.AdvancedRequest,
  success: S.AdvancedResponse,
  errors: Common,
  safety: "unsafe"
})

/** @since 0.1.0 */
export const sendAdvancedV2 = Endpoint.make({ ...sendAdvancedV1, path: "/sms/2/text/advanced" })

/** @since 0.1.0 */
export const sendMessages = Endpoint.make({
  name: "sendMessages",
  provider: "infobip",
  method: "POST",
  path: "/sms/3/messages",
  encoding: Endpoint.json,
  request: S.MessagesRequest,
  success: S.MessagesResponse,
  errors: Common,
  safety: "unsafe"
})

/**
 * The filters of `GET /sms/1/reports`.
 *
 * @since 0.1.0
 */
export const ReportsQueryV1 = Schema.Struct({
  bulkId: optionalString,
  messageId: optionalString,
  limit: Schema.optionalKey(Schema.Int),
  applicationId: optionalString,
  entityId: optionalString
})

/**
 * The filters of `GET /sms/3/reports`.
 *
 * @since 0.1.0
 */
export const ReportsQueryV3 = Schema.Struct({ ...ReportsQueryV1.fields, campaignReferenceId: optionalString })

// Reading reports removes them at the provider; a retry after a lost answer cannot bring that batch back, but it
// does no further harm, so the call is retried like a read (see ReportJournal for the contract).
/** @since 0.1.0 */
export const reportsV1 = Endpoint.make({
  name: "reports",
  provider: "infobip",
  method: "GET",
  path: "/sms/1/reports",
  encoding: Endpoint.query,
  request: ReportsQueryV1,
  success: S.ReportsResponse,
  errors: Common,
  safety: "read"
})

/** @since 0.1.0 */
export const reportsV3 = Endpoint.make({ ...reportsV1, path: "/sms/3/reports", request: ReportsQueryV3 })

/**
 * The filters of `GET /sms/1/logs` (lists are comma-separated, dates in Infobip's format).
 *
 * @since 0.1.0
 */
export const LogsQueryV1 = Schema.Struct({
  from: optionalString,
  to: optionalString,
  bulkId: optionalString,
  messageId: optionalString,
  generalStatus: generalStatus,
  sentSince: optionalString,
  sentUntil: optionalString,
  limit: Schema.optionalKey(Schema.Int),
  mcc: optionalString,
  mnc: optionalString,
  applicationId: optionalString,
  entityId: optionalString
})

/**
 * The filters of `GET /sms/3/logs`.
 *
 * @since 0.1.0
 */
export const LogsQueryV3 = Schema.Struct({
  sender: optionalString,
  destination: optionalString,
  bulkId: optionalString,
  messageId: optionalString,
  generalStatus: generalStatus,
  sentSince: optionalString,
  sentUntil: optionalString,
  limit: Schema.optionalKey(Schema.Int),
  entityId: optionalString,
  applicationId: optionalString,
  campaignReferenceId: optionalString,
  mcc: optionalString,
  mnc: optionalString,
  useCursor: Schema.optionalKey(Schema.Boolean),
  cursor: optionalString
})

/** @since 0.1.0 */
export const logsV1 = Endpoint.make({
  name: "logs",
  provider: "infobip",
  method: "GET",
  path: "/sms/1/logs",
  encoding: Endpoint.query,
  request: LogsQueryV1,
  success: S.LogsV1Response,
  errors: Common,
  safety: "read"
})

/** @since 0.1.0 */
export const logsV3 = Endpoint.make({
  name: "logs",
  provider: "infobip",
  method: "GET",
  path: "/sms/3/logs",
  encoding: Endpoint.query,
  request: LogsQueryV3,
  success: S.LogsV3Response,
  errors: Common,
  safety: "read"
})

/** @since 0.1.0 */
export const preview = Endpoint.make({
  name: "preview",
  provider: "infobip",
  method: "POST",
  path: "/sms/1/preview",
  encoding: Endpoint.json,
  request: S.PreviewRequest,
  success: S.PreviewResponse,
  errors: Common,
  safety: "read"
})

/**
 * A bulk, named in the query string.
 *
 * @since 0.1.0
 */
export const BulkQuery = Schema.Struct({ bulkId: Schema.String })

/** @since 0.1.0 */
export const getBulkSchedule = Endpoint.make({
  name: "getBulkSchedule",
  provider: "infobip",
  method: "GET",
  path: "/sms/1/bulks",
  encoding: Endpoint.query,
  request: BulkQuery,
  success: S.BulkSchedule,
  errors: WithNotFound,
  safety: "read"
})

/** `bulkId` travels in the query string, `sendAt` in the JSON body. @since 0.1.0 */
export const rescheduleBulk = Endpoint.make({
  name: "rescheduleBulk",
  provider: "infobip",
  method: "PUT",
  path: "/sms/1/bulks",
  encoding: Endpoint.json,
  request: Schema.Struct({ bulkId: Schema.String, sendAt: Schema.String }),
  success: S.BulkSchedule,
  errors: WithNotFound,
  safety: "idempotent"
})

/** @since 0.1.0 */
export const getBulkStatus = Endpoint.make({
  name: "getBulkStatus",
  provider: "infobip",
  method: "GET",
  path: "/sms/1/bulks/status",
  encoding: Endpoint.query,
  request: BulkQuery,
  success: S.BulkStatus,
  errors: WithNotFound,
  safety: "read"
})

/** `bulkId` travels in the query string, `status` in the JSON body. @since 0.1.0 */
export const setBulkStatus = Endpoint.make({
  name: "setBulkStatus",
  provider: "infobip",
  method: "PUT",
  path: "/sms/1/bulks/status",
  encoding: Endpoint.json,
  request: Schema.Struct({ bulkId: Schema.String, status: Schema.Literals(["PAUSED", "PENDING", "CANCELED"]) }),
  success: S.BulkStatus,
  errors: WithNotFound,
  safety: "idempotent"
})

/** @since 0.1.0 */
export const balance = Endpoint.make({
  name: "balance",
  provider: "infobip",
  method: "GET",
  path: "/account/1/balance",
  encoding: Endpoint.query,
  request: Schema.Struct({}),
  success: S.Balance,
  errors: Common,
  safety: "read"
})

const authErrors = [
  SmsError.InvalidRequest,
  SmsError.AuthenticationFailed,
  SmsError.RateLimited,
  SmsError.ServiceUnavailable
] as const

/** @since 0.1.0 */
export const createSession = Endpoint.make({
  name: "createSession",
  provider: "infobip",
  method: "POST",
  path: "/auth/1/session",
  encoding: Endpoint.json,
  request: S.SessionRequest,
  success: S.SessionResponse,
  errors: authErrors,
  // A second session is harmless (the first one expires): safe to retry.
  safety: "idempotent"
})

/** @since 0.1.0 */
export const destroySession = Endpoint.make({
  name: "destroySession",
  provider: "infobip",
  method: "DELETE",
  path: "/auth/1/session",
  encoding: Endpoint.query,
  request: Schema.Struct({}),
  success: Schema.Unknown,
  errors: authErrors,
  safety: "idempotent"
})

/** The OAuth2 client credentials grant; the secret travels in the form body only. @since 0.1.0 */
export const oauthToken = Endpoint.make({
  name: "oauthToken",
  provider: "infobip",
  method: "POST",
  path: "/auth/1/oauth2/token",
  encoding: Endpoint.form,
  request: Schema.Struct({ client_id: Schema.String, client_secret: Schema.String, grant_type: Schema.String }),
  success: S.TokenResponse,
  errors: authErrors,
  safety: "idempotent"
})

/**
 * Request fields that travel in the query string even when the body is JSON (the bulk `PUT`s name the bulk there).
 *
 * @since 0.1.0
 */
export const queryFields: Readonly<Record<string, ReadonlyArray<string>>> = {
  "/sms/1/bulks": ["bulkId"],
  "/sms/1/bulks/status": ["bulkId"]
}

/**
 * TurkeySMS's endpoints as data, one table per API generation: verb, path (V4 at the base URL's root, v3 under
 * `/api/v3`), how the request travels (a JSON body, or the query string of v3's GET send), the request and success
 * schemas, the documented errors, and how safe a repeat is (`docs/providers/turkeysms.md` §2–§3). The `api_key` is
 * added by the executor, never here.
 *
 * @since 0.1.0
 */
import * as Endpoint from "../Endpoint.ts"
import * as SmsError from "../SmsError.ts"
import * as S from "./Schema.ts"

/**
 * The errors any call can answer with: the account (TS-1030), the key (TS-1031, TS-1050), a body the provider finds
 * incorrect (TS-1033), the per-minute limit (TS-1060), an unavailable service in front of the API, and a code no
 * table knows (`UnknownStatus`, keeping the code: V4 may add codes without notice).
 *
 * @since 0.1.0
 */
export const CommonErrors = [
  SmsError.AccountInactive,
  SmsError.AuthenticationFailed,
  SmsError.RequestNotParsed,
  SmsError.RateLimited,
  SmsError.ServiceUnavailable,
  SmsError.UnknownStatus
] as const

/**
 * The errors of a send.
 *
 * @since 0.1.0
 */
export const SendErrors = [
  ...CommonErrors,
  SmsError.InvalidRecipients,
  SmsError.EmptyMessageText,
  SmsError.InsufficientBalance,
  SmsError.SenderNotApproved,
  SmsError.InternationalNotEnabled,
  SmsError.EmptySender,
  SmsError.PermissionDenied
] as const

const StatusErrors = [...CommonErrors, SmsError.ValidationFailed, SmsError.PermissionDenied] as const
const ReadErrors = [...CommonErrors, SmsError.PermissionDenied] as const

const schedule = (r: S.SendRequest) =>
  r.schedule === undefined ? {} : { scheduled_sms: 1, scheduled_date: r.schedule.date, scheduled_time: r.schedule.time }

/** v3 always asks for a report (its two documents disagree on what "hide" is) and for JSON. */
const v3Extras = { report: 1, response_type: "json" } as const

/** A custom OTP text with the placeholder the generation expects. */
export const otpText = (text: string, api: S.Api): string =>
  api === "v4" ? text.split("TS_CODE").join("TS-CODE") : text.split("TS-CODE").join("TS_CODE")

/**
 * V4 (`https://api.turkeysms.com.tr`): every call a POST with a JSON body.
 *
 * @since 0.1.0
 */
export const V4 = {
  checkAuth: Endpoint.make({
    name: "checkAuth",
    provider: "turkeysms",
    method: "POST",
    path: "/auth/check",
    encoding: Endpoint.json,
    request: S.EmptyRequest,
    toWire: () => ({}),
    success: S.AuthCheckWire,
    errors: CommonErrors,
    safety: "read"
  }),
  sendSms: Endpoint.make({
    name: "sendSms",
    provider: "turkeysms",
    method: "POST",
    path: "/sms/send",
    encoding: Endpoint.json,
    request: S.SendRequest,
    // One number as documented; several joined by commas (inferred, see docs/providers/turkeysms.md §2).
    toWire: (r: S.SendRequest) => ({
      title: r.title,
      text: r.text,
      sentto: r.recipients.join(","),
      sms_lang: r.smsLang,
      content_type: r.contentType,
      ...schedule(r)
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendGroup: Endpoint.make({
    name: "sendGroup",
    provider: "turkeysms",
    method: "POST",
    path: "/group/send",
    encoding: Endpoint.json,
    request: S.SendRequest,
    toWire: (r: S.SendRequest) => ({
      title: r.title,
      text: r.text,
      sentto: r.recipients,
      sms_lang: r.smsLang,
      content_type: r.contentType
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendMixed: Endpoint.make({
    name: "sendMixed",
    provider: "turkeysms",
    method: "POST",
    path: "/group/sendMixed",
    encoding: Endpoint.json,
    request: S.MixedRequest,
    toWire: (r: S.MixedRequest) => ({
      title: r.title,
      text: r.texts,
      sentto: r.recipients,
      sms_lang: r.smsLang,
      content_type: r.contentType
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendOtp: Endpoint.make({
    name: "sendOtp",
    provider: "turkeysms",
    method: "POST",
    path: "/otp/send",
    encoding: Endpoint.json,
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({ mobile: r.mobile, lang: r.lang, digits: r.digits }),
    success: S.OtpWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendCustomOtp: Endpoint.make({
    name: "sendCustomOtp",
    provider: "turkeysms",
    method: "POST",
    path: "/otp/detailed",
    encoding: Endpoint.json,
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({
      mobile: r.mobile,
      title: r.title,
      text: otpText(r.text ?? "", "v4"),
      lang: r.lang,
      digits: r.digits
    }),
    success: S.OtpWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  getStatus: Endpoint.make({
    name: "getStatus",
    provider: "turkeysms",
    method: "POST",
    path: "/sms/status",
    encoding: Endpoint.json,
    request: S.StatusRequest,
    toWire: (r: S.StatusRequest) => ({ sms_id: r.smsId }),
    success: S.StatusWire,
    errors: StatusErrors,
    safety: "read"
  }),
  getBalance: Endpoint.make({
    name: "getBalance",
    provider: "turkeysms",
    method: "POST",
    // With its trailing slash, as the official SDKs call it.
    path: "/balance/",
    encoding: Endpoint.json,
    request: S.EmptyRequest,
    toWire: () => ({}),
    success: S.BalanceWire,
    errors: ReadErrors,
    safety: "read"
  }),
  addToBlacklist: Endpoint.make({
    name: "addToBlacklist",
    provider: "turkeysms",
    method: "POST",
    path: "/blacklist/add",
    encoding: Endpoint.json,
    request: S.BlacklistRequest,
    toWire: (r: S.BlacklistRequest) => ({ number: r.number }),
    success: S.Verdict,
    errors: [...CommonErrors, SmsError.InvalidRecipients, SmsError.PermissionDenied],
    safety: "idempotent"
  })
} as const

/**
 * v3.2.0 (`https://turkeysms.com.tr/api/v3`): POSTs with a JSON body, and the GET send.
 *
 * @since 0.1.0
 */
export const V3 = {
  sendSms: Endpoint.make({
    name: "sendSms",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/gonder/add-content",
    encoding: Endpoint.json,
    request: S.SendRequest,
    toWire: (r: S.SendRequest) => ({
      title: r.title,
      text: r.text,
      sentto: r.recipients[0],
      sms_lang: r.smsLang,
      content_type: r.contentType,
      ...v3Extras
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendMany: Endpoint.make({
    name: "sendSms",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/gonder_coklu_gsm/add-content",
    encoding: Endpoint.json,
    request: S.SendRequest,
    toWire: (r: S.SendRequest) => ({
      title: r.title,
      text: r.text,
      sentto: r.recipients.join(","),
      sms_lang: r.smsLang,
      content_type: r.contentType,
      ...v3Extras
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  // The key travels in the URL, where proxies and access logs keep it: only on request, never by default.
  sendGet: Endpoint.make({
    name: "sendSms",
    provider: "turkeysms",
    method: "GET",
    path: "/api/v3/get/get.php",
    encoding: Endpoint.query,
    request: S.SendRequest,
    toWire: (r: S.SendRequest) => ({
      mobile: r.recipients[0],
      title: r.title,
      text: r.text,
      report: 1,
      lang: r.smsLang,
      response_type: "json"
    }),
    success: S.SendWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendOtp: Endpoint.make({
    name: "sendOtp",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/otp_post/add-content",
    encoding: Endpoint.json,
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({
      mobile: r.mobile,
      ...(r.title === undefined ? {} : { title: r.title }),
      digits: r.digits,
      lang: r.lang,
      ...v3Extras
    }),
    success: S.OtpWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  sendCustomOtp: Endpoint.make({
    name: "sendCustomOtp",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/otp_post_detailed/add-content",
    encoding: Endpoint.json,
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({
      mobile: r.mobile,
      title: r.title,
      digits: r.digits,
      lang: r.lang,
      sms_text: otpText(r.text ?? "", "v3"),
      ...v3Extras
    }),
    success: S.OtpWire,
    errors: SendErrors,
    safety: "unsafe"
  }),
  getStatus: Endpoint.make({
    name: "getStatus",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/sms-durumu/sms_durumu.php",
    encoding: Endpoint.json,
    request: S.StatusRequest,
    toWire: (r: S.StatusRequest) => ({ sms_id: r.smsId, response_type: "json" }),
    success: S.StatusWire,
    errors: StatusErrors,
    safety: "read"
  }),
  getBalance: Endpoint.make({
    name: "getBalance",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/bakiye_sorgulama/add-content",
    encoding: Endpoint.json,
    request: S.EmptyRequest,
    toWire: () => ({ ...v3Extras }),
    success: S.BalanceWire,
    errors: ReadErrors,
    safety: "read"
  }),
  getSenders: Endpoint.make({
    name: "getSenders",
    provider: "turkeysms",
    method: "POST",
    path: "/api/v3/senderid_sorgulama/add-content",
    encoding: Endpoint.json,
    request: S.EmptyRequest,
    toWire: () => ({ ...v3Extras }),
    success: S.SendersWire,
    errors: ReadErrors,
    safety: "read"
  })
} as const

/**
 * TurkeySMS's endpoints as data, one table per API generation: verb, path, how the request travels (a JSON body, or
 * the query string of v3's GET send), the request and success schemas, the documented result codes, and the safety
 * of a repeat (`docs/providers/turkeysms.md` §2–§3). The `api_key` is added by the executor, never here.
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"
import * as S from "./Schema.ts"

/**
 * How a request travels.
 *
 * @since 0.1.0
 */
export type Travel = "json" | "query"

/**
 * Whether a repeat is harmless: `read` and `idempotent` calls may be retried on any failure; an `unsafe` one (a send)
 * only when it certainly did not go through, or under the provider's dedupe.
 *
 * @since 0.1.0
 */
export type Safety = "read" | "idempotent" | "unsafe"

/**
 * One endpoint of one generation.
 *
 * @since 0.1.0
 */
export interface Spec<Req, Wire> {
  /** The client method, e.g. `sendSms`. */
  readonly name: string
  readonly api: S.Api
  readonly verb: "POST" | "GET"
  /** Below the base URL: V4 at the root, v3 under `/api/v3`. */
  readonly path: string
  readonly travel: Travel
  readonly request: Schema.Codec<Req, any>
  /** The parameters besides `api_key`, in the documented order. */
  readonly toWire: (request: Req) => Readonly<Record<string, unknown>>
  readonly success: Schema.Codec<Wire, any>
  /** The documented result codes (success and errors). */
  readonly codes: ReadonlyArray<string>
  readonly safety: Safety
}

const spec = <Req, Wire>(s: Spec<Req, Wire>): Spec<Req, Wire> => s

// The codes every call can answer with: the key and the account (TS-1030, 1031, 1050), a malformed body (1033) and
// the per-minute limit (1060).
const common = ["TS-1030", "TS-1031", "TS-1033", "TS-1050", "TS-1060"] as const
const sendCodes = [
  ...common,
  "TS-1024",
  "TS-1025",
  "TS-1026",
  "TS-1027",
  "TS-1028",
  "TS-1029",
  "TS-1032",
  "TS-1034",
  "TS-1051",
  "TS-1061",
  "TS-1065"
] as const

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
  checkAuth: spec({
    name: "checkAuth",
    api: "v4",
    verb: "POST",
    path: "/auth/check",
    travel: "json",
    request: S.EmptyRequest,
    toWire: () => ({}),
    success: S.AuthCheckWire,
    codes: [...common, "TS-1000"],
    safety: "read"
  }),
  sendSms: spec({
    name: "sendSms",
    api: "v4",
    verb: "POST",
    path: "/sms/send",
    travel: "json",
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
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendGroup: spec({
    name: "sendGroup",
    api: "v4",
    verb: "POST",
    path: "/group/send",
    travel: "json",
    request: S.SendRequest,
    toWire: (r: S.SendRequest) => ({
      title: r.title,
      text: r.text,
      sentto: r.recipients,
      sms_lang: r.smsLang,
      content_type: r.contentType
    }),
    success: S.SendWire,
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendMixed: spec({
    name: "sendMixed",
    api: "v4",
    verb: "POST",
    path: "/group/sendMixed",
    travel: "json",
    request: S.MixedRequest,
    toWire: (r: S.MixedRequest) => ({
      title: r.title,
      text: r.texts,
      sentto: r.recipients,
      sms_lang: r.smsLang,
      content_type: r.contentType
    }),
    success: S.SendWire,
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendOtp: spec({
    name: "sendOtp",
    api: "v4",
    verb: "POST",
    path: "/otp/send",
    travel: "json",
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({ mobile: r.mobile, lang: r.lang, digits: r.digits }),
    success: S.OtpWire,
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendCustomOtp: spec({
    name: "sendCustomOtp",
    api: "v4",
    verb: "POST",
    path: "/otp/detailed",
    travel: "json",
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({
      mobile: r.mobile,
      title: r.title,
      text: otpText(r.text ?? "", "v4"),
      lang: r.lang,
      digits: r.digits
    }),
    success: S.OtpWire,
    codes: sendCodes,
    safety: "unsafe"
  }),
  getStatus: spec({
    name: "getStatus",
    api: "v4",
    verb: "POST",
    path: "/sms/status",
    travel: "json",
    request: S.StatusRequest,
    toWire: (r: S.StatusRequest) => ({ sms_id: r.smsId }),
    success: S.StatusWire,
    codes: [...common, "TS-1064", "TS-1052", "TS-1063"],
    safety: "read"
  }),
  getBalance: spec({
    name: "getBalance",
    api: "v4",
    verb: "POST",
    // With its trailing slash, as the official SDKs call it.
    path: "/balance/",
    travel: "json",
    request: S.EmptyRequest,
    toWire: () => ({}),
    success: S.BalanceWire,
    codes: [...common, "TS-1040", "TS-1065"],
    safety: "read"
  }),
  addToBlacklist: spec({
    name: "addToBlacklist",
    api: "v4",
    verb: "POST",
    path: "/blacklist/add",
    travel: "json",
    request: S.BlacklistRequest,
    toWire: (r: S.BlacklistRequest) => ({ number: r.number }),
    success: S.Verdict,
    codes: [...common, "TS-1064", "TS-1025", "TS-1034", "TS-1065"],
    safety: "idempotent"
  })
} as const

/**
 * v3.2.0 (`https://turkeysms.com.tr/api/v3`): POSTs with a JSON body, and the GET send.
 *
 * @since 0.1.0
 */
export const V3 = {
  sendSms: spec({
    name: "sendSms",
    api: "v3",
    verb: "POST",
    path: "/api/v3/gonder/add-content",
    travel: "json",
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
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendMany: spec({
    name: "sendSms",
    api: "v3",
    verb: "POST",
    path: "/api/v3/gonder_coklu_gsm/add-content",
    travel: "json",
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
    codes: sendCodes,
    safety: "unsafe"
  }),
  // The key travels in the URL, where proxies and access logs keep it: only on request, never by default.
  sendGet: spec({
    name: "sendSms",
    api: "v3",
    verb: "GET",
    path: "/api/v3/get/get.php",
    travel: "query",
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
    codes: [...sendCodes, "TS-1062"],
    safety: "unsafe"
  }),
  sendOtp: spec({
    name: "sendOtp",
    api: "v3",
    verb: "POST",
    path: "/api/v3/otp_post/add-content",
    travel: "json",
    request: S.OtpRequest,
    toWire: (r: S.OtpRequest) => ({
      mobile: r.mobile,
      ...(r.title === undefined ? {} : { title: r.title }),
      digits: r.digits,
      lang: r.lang,
      ...v3Extras
    }),
    success: S.OtpWire,
    codes: sendCodes,
    safety: "unsafe"
  }),
  sendCustomOtp: spec({
    name: "sendCustomOtp",
    api: "v3",
    verb: "POST",
    path: "/api/v3/otp_post_detailed/add-content",
    travel: "json",
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
    codes: sendCodes,
    safety: "unsafe"
  }),
  getStatus: spec({
    name: "getStatus",
    api: "v3",
    verb: "POST",
    path: "/api/v3/sms-durumu/sms_durumu.php",
    travel: "json",
    request: S.StatusRequest,
    toWire: (r: S.StatusRequest) => ({ sms_id: r.smsId, response_type: "json" }),
    success: S.StatusWire,
    codes: [...common, "TS-1064", "TS-1052", "TS-1063"],
    safety: "read"
  }),
  getBalance: spec({
    name: "getBalance",
    api: "v3",
    verb: "POST",
    path: "/api/v3/bakiye_sorgulama/add-content",
    travel: "json",
    request: S.EmptyRequest,
    toWire: () => ({ ...v3Extras }),
    success: S.BalanceWire,
    codes: [...common, "TS-1040", "TS-1065"],
    safety: "read"
  }),
  getSenders: spec({
    name: "getSenders",
    api: "v3",
    verb: "POST",
    path: "/api/v3/senderid_sorgulama/add-content",
    travel: "json",
    request: S.EmptyRequest,
    toWire: () => ({ ...v3Extras }),
    success: S.SendersWire,
    codes: [...common, "TS-1040", "TS-1065"],
    safety: "read"
  })
} as const

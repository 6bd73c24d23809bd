/**
 * TurkeySMS's status table: every documented error code → the shared error class, the provider's English message,
 * and a hint in TurkeySMS's terms. This is the one place where TurkeySMS codes become tagged errors
 * (`docs/providers/turkeysms.md` §4). Every meaning TurkeySMS has is shared with another provider (TS-1027 and
 * iletiMerkezi's 402 are both `InsufficientBalance`), so TurkeySMS adds no class of its own.
 *
 * @since 0.1.0
 */
import * as SmsError from "../SmsError.ts"
import * as StatusTable from "../StatusTable.ts"
import { Codes } from "./Codes.ts"

const m = (code: keyof typeof Codes) => Codes[code].message

/**
 * Every documented error code, plus the HTTP statuses that speak for themselves when a body cannot be read (a 503 or
 * 429 from something in front of the API).
 *
 * @since 0.1.0
 */
export const Statuses = StatusTable.make({
  "TS-1025": { error: SmsError.InvalidRecipients, message: m("TS-1025"), hint: "No mobile number was given." },
  "TS-1026": { error: SmsError.EmptyMessageText, message: m("TS-1026") },
  "TS-1027": {
    error: SmsError.InsufficientBalance,
    message: m("TS-1027"),
    hint: "The account has no SMS credits (or, for numbers outside Turkey, no international TL balance) left; top it up in the panel."
  },
  "TS-1028": {
    error: SmsError.SenderNotApproved,
    message: m("TS-1028"),
    hint: "The sender ID (title) exists but is not active yet for this account."
  },
  "TS-1029": {
    error: SmsError.SenderNotApproved,
    message: m("TS-1029"),
    hint: "No such sender ID (title) on this account; it is case-sensitive."
  },
  "TS-1030": { error: SmsError.AccountInactive, message: m("TS-1030") },
  "TS-1031": {
    error: SmsError.AuthenticationFailed,
    message: m("TS-1031"),
    hint: "The API key was rejected: check TURKEYSMS_API_KEY, and that it is a key for the API generation in use (V4 or v3)."
  },
  "TS-1032": {
    error: SmsError.InternationalNotEnabled,
    message: m("TS-1032"),
    hint: "A number is outside Turkey and the account is not enabled for international SMS; ask TurkeySMS support to enable it and top up the international balance."
  },
  "TS-1033": {
    error: SmsError.RequestNotParsed,
    message: m("TS-1033"),
    hint: "The provider found the request's data incorrect (a malformed body, or a value it does not accept)."
  },
  "TS-1034": {
    error: SmsError.InvalidRecipients,
    message: m("TS-1034"),
    hint: "A mobile number is invalid (international form without +, e.g. 905xxxxxxxxx)."
  },
  "TS-1050": { error: SmsError.AuthenticationFailed, message: m("TS-1050"), hint: "No API key was sent." },
  "TS-1051": { error: SmsError.EmptySender, message: m("TS-1051") },
  "TS-1052": { error: SmsError.ValidationFailed, message: m("TS-1052"), hint: "No message id (sms_id) was sent." },
  "TS-1060": {
    error: SmsError.RateLimited,
    message: m("TS-1060"),
    hint: "The key's per-minute limit was exceeded; retry once the last minute's sends have aged out (the client waits a minute)."
  },
  "TS-1061": {
    error: SmsError.PermissionDenied,
    message: m("TS-1061"),
    hint: "The API key is not allowed to send over POST; enable it in the panel."
  },
  "TS-1062": {
    error: SmsError.PermissionDenied,
    message: m("TS-1062"),
    hint: "The API key is not allowed to send over GET; enable it in the panel (or send over POST)."
  },
  "TS-1063": {
    error: SmsError.PermissionDenied,
    message: m("TS-1063"),
    hint: "The API key is not allowed to query message statuses; enable it in the panel."
  },
  "TS-1065": {
    error: SmsError.PermissionDenied,
    message: m("TS-1065"),
    hint: "The API key lacks the permission this call needs (balance, OTP or bulk sends); see checkAuth's permissions."
  },
  503: { error: SmsError.ServiceUnavailable, message: "Service Unavailable" },
  429: { error: SmsError.RateLimited, message: "Too Many Requests" }
})

/**
 * A documented error code.
 *
 * @since 0.1.0
 */
export type StatusCode = keyof typeof Statuses

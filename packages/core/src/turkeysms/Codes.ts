/**
 * TurkeySMS's result codes as data: every documented `TS-####` code, the provider's English message, V4's HTTP status
 * and what the code means to effect-sms (a success, a delivery status, or the tag of the error it becomes). The client
 * and the simulator both read this table, so a code is described once. Sources and the confirmed/inferred status of
 * each row: `docs/providers/turkeysms.md` §4.
 *
 * @since 0.1.0
 */

/**
 * What a code means: the call succeeded, it is a message's delivery status, or it is an error with this tag.
 *
 * @since 0.1.0
 */
export type Meaning =
  | { readonly _tag: "Success" }
  | { readonly _tag: "Delivery"; readonly final: boolean }
  | { readonly _tag: "Error"; readonly error: ErrorTag }

/**
 * The tags of the shared error classes TurkeySMS codes map to.
 *
 * @since 0.1.0
 */
export type ErrorTag =
  | "InvalidRecipients"
  | "EmptyMessageText"
  | "InsufficientBalance"
  | "SenderNotApproved"
  | "AccountInactive"
  | "AuthenticationFailed"
  | "InternationalNotEnabled"
  | "RequestNotParsed"
  | "EmptySender"
  | "ValidationFailed"
  | "RateLimited"
  | "PermissionDenied"

/**
 * One documented code.
 *
 * @since 0.1.0
 */
export interface Entry {
  readonly code: string
  /** The provider's English message (V4's wording where V4 documents the code, else v3's). */
  readonly message: string
  /** The HTTP status V4 answers with; v3 answers 200 for every code. */
  readonly httpStatus: number
  readonly meaning: Meaning
}

const success: Meaning = { _tag: "Success" }
const error = (tag: ErrorTag): Meaning => ({ _tag: "Error", error: tag })
const entry = (code: string, httpStatus: number, meaning: Meaning, message: string): Entry => ({
  code,
  message,
  httpStatus,
  meaning
})

/**
 * Every documented code.
 *
 * @since 0.1.0
 */
export const Codes = {
  "TS-1000": entry("TS-1000", 200, success, "Authentication check successful."),
  "TS-1024": entry("TS-1024", 200, success, "SMS dispatched successfully."),
  "TS-1040": entry("TS-1040", 200, success, "Balance / SenderID query successful."),
  "TS-1064": entry("TS-1064", 200, success, "Operation successful."),
  "TS-1022": entry("TS-1022", 200, { _tag: "Delivery", final: true }, "The number did not receive the message"),
  "TS-1023": entry(
    "TS-1023",
    200,
    { _tag: "Delivery", final: false },
    "The number out of coverage did not receive the message yet"
  ),
  "TS-1025": entry(
    "TS-1025",
    400,
    error("InvalidRecipients"),
    "The mobile number has not been entered. The phone number is empty"
  ),
  "TS-1026": entry(
    "TS-1026",
    400,
    error("EmptyMessageText"),
    "Message text is empty. No message text has been written"
  ),
  "TS-1027": entry("TS-1027", 403, error("InsufficientBalance"), "Insufficient balance."),
  "TS-1028": entry("TS-1028", 403, error("SenderNotApproved"), "SenderID is not active."),
  "TS-1029": entry(
    "TS-1029",
    403,
    error("SenderNotApproved"),
    "The Sender ID does not exist. Please make sure you type correctly"
  ),
  "TS-1030": entry("TS-1030", 403, error("AccountInactive"), "Your account is inactive with the SMS service provider"),
  "TS-1031": entry("TS-1031", 401, error("AuthenticationFailed"), "Invalid API key."),
  "TS-1032": entry(
    "TS-1032",
    403,
    error("InternationalNotEnabled"),
    "The number is international outside Turkey. Your account is not activated for international SMS"
  ),
  "TS-1033": entry("TS-1033", 400, error("RequestNotParsed"), "Invalid JSON body."),
  "TS-1034": entry(
    "TS-1034",
    400,
    error("InvalidRecipients"),
    "The mobile number to which the message was sent is invalid"
  ),
  "TS-1050": entry("TS-1050", 401, error("AuthenticationFailed"), "Contact key is empty and not written"),
  "TS-1051": entry("TS-1051", 400, error("EmptySender"), "Sending title is empty and not written"),
  "TS-1052": entry("TS-1052", 400, error("ValidationFailed"), "Message ID is not written"),
  "TS-1060": entry("TS-1060", 403, error("RateLimited"), "Per-minute rate limit exceeded."),
  "TS-1061": entry("TS-1061", 403, error("PermissionDenied"), "POST permission is not enabled for this key."),
  "TS-1062": entry("TS-1062", 403, error("PermissionDenied"), "Contact key is not active for sending (GET)"),
  "TS-1063": entry(
    "TS-1063",
    403,
    error("PermissionDenied"),
    "Checking message status is not active for the contact key"
  ),
  "TS-1065": entry(
    "TS-1065",
    403,
    error("PermissionDenied"),
    "API key permissions are insufficient for this operation."
  )
} as const satisfies Record<string, Entry>

/**
 * A documented code.
 *
 * @since 0.1.0
 */
export type Code = keyof typeof Codes

/**
 * The entry of a code, if it is documented. Codes are matched exactly after trimming and upper-casing (`ts-1031`
 * is TS-1031), since the provider's codes are stable and its casing is not worth a failure.
 *
 * @since 0.1.0
 */
export const lookup = (code: string): Entry | undefined => {
  const key = code.trim().toUpperCase()
  return Object.hasOwn(Codes, key) ? Codes[key as Code] : undefined
}

/**
 * The codes that mean an error, in table order.
 *
 * @since 0.1.0
 */
export const errorCodes: ReadonlyArray<Code> = (Object.keys(Codes) as Array<Code>).filter(
  (c) => Codes[c].meaning._tag === "Error"
)

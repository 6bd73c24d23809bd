/**
 * TurkeySMS's result codes as data: every documented `TS-####` code, the provider's English message, V4's HTTP status
 * and its kind (a success, a delivery status, or an error; the error classes are in `Errors.ts`). The client and the
 * simulator both read this table, so a code is described once. Sources and the confirmed/inferred status of
 * each row: `docs/providers/turkeysms.md` §4.
 *
 * @since 0.1.0
 */

/**
 * What a code means: the call succeeded, it is a message's delivery status in a status answer (final: TS-1022; not yet
 * final: TS-1023), or the call failed (the error class is in `Errors.ts`).
 *
 * @since 0.1.0
 */
export type Kind = "success" | "final-status" | "pending-status" | "error"

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
  readonly kind: Kind
}

const success: Kind = "success"
const failure: Kind = "error"
const entry = (code: string, httpStatus: number, kind: Kind, message: string): Entry => ({
  code,
  message,
  httpStatus,
  kind
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
  "TS-1022": entry("TS-1022", 200, "final-status", "The number did not receive the message"),
  "TS-1023": entry("TS-1023", 200, "pending-status", "The number out of coverage did not receive the message yet"),
  "TS-1025": entry("TS-1025", 400, failure, "The mobile number has not been entered. The phone number is empty"),
  "TS-1026": entry("TS-1026", 400, failure, "Message text is empty. No message text has been written"),
  "TS-1027": entry("TS-1027", 403, failure, "Insufficient balance."),
  "TS-1028": entry("TS-1028", 403, failure, "SenderID is not active."),
  "TS-1029": entry("TS-1029", 403, failure, "The Sender ID does not exist. Please make sure you type correctly"),
  "TS-1030": entry("TS-1030", 403, failure, "Your account is inactive with the SMS service provider"),
  "TS-1031": entry("TS-1031", 401, failure, "Invalid API key."),
  "TS-1032": entry(
    "TS-1032",
    403,
    failure,
    "The number is international outside Turkey. Your account is not activated for international SMS"
  ),
  "TS-1033": entry("TS-1033", 400, failure, "Invalid JSON body."),
  "TS-1034": entry("TS-1034", 400, failure, "The mobile number to which the message was sent is invalid"),
  "TS-1050": entry("TS-1050", 401, failure, "Contact key is empty and not written"),
  "TS-1051": entry("TS-1051", 400, failure, "Sending title is empty and not written"),
  "TS-1052": entry("TS-1052", 400, failure, "Message ID is not written"),
  "TS-1060": entry("TS-1060", 403, failure, "Per-minute rate limit exceeded."),
  "TS-1061": entry("TS-1061", 403, failure, "POST permission is not enabled for this key."),
  "TS-1062": entry("TS-1062", 403, failure, "Contact key is not active for sending (GET)"),
  "TS-1063": entry("TS-1063", 403, failure, "Checking message status is not active for the contact key"),
  "TS-1065": entry("TS-1065", 403, failure, "API key permissions are insufficient for this operation.")
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
  (c) => Codes[c].kind === "error"
)

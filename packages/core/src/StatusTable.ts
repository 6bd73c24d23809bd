/**
 * A provider's status table: each documented code → the shared (or provider's own) error class, the provider's wire
 * message where it has a fixed one, and an English hint. Each provider has exactly one table; its executor maps every
 * status through {@link toError}, the simulator answers with the table's wire messages.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as SmsError from "./SmsError.ts"

/**
 * One documented status.
 *
 * @since 0.1.0
 */
export interface Entry {
  readonly error: SmsError.StatusErrorClass
  /** The provider's own wire message for the code, when it has a fixed one. */
  readonly message?: string | undefined
  /** The English meaning in this provider's context, with the usual fix. Default: the class's hint. */
  readonly hint?: string | undefined
}

/**
 * A provider's table, by code (`451`, `"TS-1027"`, `"E429"`).
 *
 * @since 0.1.0
 */
export type Table = Readonly<Record<string | number, Entry>>

/**
 * Defines a table, keeping its literal types.
 *
 * @example
 * ```ts
 * export const Statuses = StatusTable.make({
 *   "TS-1027": { error: SmsError.InsufficientBalance, hint: "Top up the account." }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = <const T extends Table>(table: T): T => table

/**
 * The entry for a code, if documented.
 *
 * @since 0.1.0
 */
export const lookup = (table: Table, code: number | string): Entry | undefined =>
  Object.hasOwn(table, code) ? table[code] : undefined

/**
 * Builds the tagged error for a status. Codes outside `allowed` (the endpoint's documented errors) and codes the
 * table does not know become `UnknownStatus`, keeping the code and message.
 *
 * @since 0.1.0
 */
export const toError = (
  table: Table,
  status: {
    readonly provider: SmsError.Provider
    readonly code: number | string
    readonly message: string
    readonly allowed: ReadonlyArray<SmsError.StatusErrorClass>
    readonly httpStatus?: number | undefined
    readonly retryAfter?: Duration.Duration | undefined
  }
): SmsError.AnyStatusError => {
  const known = lookup(table, status.code)
  const fields = {
    provider: status.provider,
    code: status.code,
    message: status.message,
    ...(known?.hint === undefined ? {} : { hint: known.hint }),
    ...(status.httpStatus === undefined ? {} : { httpStatus: status.httpStatus }),
    ...(status.retryAfter === undefined ? {} : { retryAfterMillis: Duration.toMillis(status.retryAfter) })
  }
  if (known !== undefined && status.allowed.includes(known.error)) return new known.error(fields)
  return new SmsError.UnknownStatus(fields)
}

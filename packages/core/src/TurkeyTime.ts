/**
 * Turkey time, as Turkish SMS APIs write it: timestamps `YYYY-MM-DD HH:MM:SS`, schedules `dd/MM/yyyy HH:mm` and
 * dates `Y-m-d`, all in UTC+3. Turkey has kept UTC+3 all year since September 2016, so a fixed offset is exact for any
 * date a provider accepts, and needs no time-zone database. Shared by the clients, the simulator and the CLI.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"

/**
 * Turkey's offset from UTC, in milliseconds.
 *
 * @since 0.1.0
 */
export const OffsetMillis = 3 * 60 * 60 * 1000

/**
 * One day, in milliseconds.
 *
 * @since 0.1.0
 */
export const DayMillis = 86_400_000

/**
 * An instant: a `DateTime` or epoch milliseconds.
 *
 * @since 0.1.0
 */
export type Instant = DateTime.DateTime | number

const millisOf = (at: Instant): number => (typeof at === "number" ? at : DateTime.toEpochMillis(at))
const shifted = (at: Instant) => new Date(millisOf(at) + OffsetMillis)
const pad = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * `YYYY-MM-DD HH:MM:SS` in Turkey time: report timestamps and İYS consent dates.
 *
 * @since 0.1.0
 */
export const formatTimestamp = (at: Instant): string => {
  const d = shifted(at)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/**
 * `dd/MM/yyyy HH:mm` in Turkey time: send-sms's `sendDateTime`. Never with seconds: with seconds the provider ignores
 * the schedule and sends at once.
 *
 * @since 0.1.0
 */
export const formatSendDateTime = (at: Instant): string => {
  const d = shifted(at)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/**
 * The Turkey-time calendar date of an instant, `Y-m-d`, shifted by `days`.
 *
 * @since 0.1.0
 */
export const formatDate = (at: Instant, days = 0): string =>
  new Date(millisOf(at) + OffsetMillis + days * DayMillis).toISOString().slice(0, 10)

const validUtc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined => {
  if (h > 23 || mi > 59 || s > 59) return undefined
  const millis = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(millis)
  // Date.UTC silently rolls 31/02 over to March; such dates are invalid on the wire.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return millis
}

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/**
 * Parses `YYYY-MM-DD HH:MM:SS` (Turkey time) to epoch milliseconds, or `undefined`.
 *
 * @since 0.1.0
 */
export const parseTimestamp = (s: string): number | undefined => {
  const m = timestampPattern.exec(s.trim())
  if (m === null) return undefined
  const millis = validUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return millis === undefined ? undefined : millis - OffsetMillis
}

const sendDateTimePattern = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(:(\d{2}))?$/

/**
 * Parses `dd/MM/yyyy HH:mm` (Turkey time) to epoch milliseconds. With seconds (`HH:mm:ss`) the result says
 * `immediate`: the provider ignores such a schedule and sends at once.
 *
 * @since 0.1.0
 */
export const parseSendDateTime = (s: string): { readonly millis: number; readonly immediate: boolean } | undefined => {
  const m = sendDateTimePattern.exec(s.trim())
  if (m === null) return undefined
  const millis = validUtc(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[7] ?? "0"))
  if (millis === undefined) return undefined
  return { millis: millis - OffsetMillis, immediate: m[6] !== undefined }
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Parses a strict `Y-m-d` date to its day number (days since 1970-01-01), or `undefined`.
 *
 * @since 0.1.0
 */
export const parseDay = (s: string): number | undefined => {
  const m = datePattern.exec(s)
  if (m === null) return undefined
  const millis = validUtc(Number(m[1]), Number(m[2]), Number(m[3]))
  return millis === undefined ? undefined : millis / DayMillis
}

/**
 * Formats a day number as `Y-m-d`.
 *
 * @since 0.1.0
 */
export const formatDay = (day: number): string => new Date(day * DayMillis).toISOString().slice(0, 10)

/**
 * The epoch milliseconds at which a `Y-m-d` date begins in Turkey, or `undefined`.
 *
 * @since 0.1.0
 */
export const dayStart = (s: string): number | undefined => {
  const day = parseDay(s)
  return day === undefined ? undefined : day * DayMillis - OffsetMillis
}

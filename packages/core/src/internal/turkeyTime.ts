/**
 * Turkey time. Turkey has kept UTC+3 all year since September 2016, so a fixed offset is exact for any date the
 * provider will accept, and needs no time-zone database.
 */
import { DateTime } from "effect"

const OffsetMillis = 3 * 60 * 60 * 1000

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

const shifted = (dt: DateTime.DateTime) => new Date(DateTime.toEpochMillis(dt) + OffsetMillis)

/** `dd/MM/yyyy HH:mm` in Turkey time: send-sms's `sendDateTime`. Never with seconds (they make the order go at once). */
export const formatSendDateTime = (dt: DateTime.DateTime): string => {
  const d = shifted(dt)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** `YYYY-MM-DD HH:MM:SS` in Turkey time: the format of report timestamps and consent dates. */
export const formatTimestamp = (dt: DateTime.DateTime): string => {
  const d = shifted(dt)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** `YYYY-MM-DD` in Turkey time. */
export const formatDate = (dt: DateTime.DateTime): string => formatTimestamp(dt).slice(0, 10)

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/

/** Parses `YYYY-MM-DD HH:MM[:SS]` in Turkey time to epoch millis, or `undefined`. */
export const parseTimestamp = (s: string): number | undefined => {
  const m = timestampPattern.exec(s.trim())
  if (m === null) return undefined
  const [, y, mo, d, h, mi, se] = m
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? "0"))
  return Number.isNaN(millis) ? undefined : millis - OffsetMillis
}

const sendDateTimePattern = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/

/** Parses `dd/MM/yyyy HH:mm` in Turkey time to epoch millis, or `undefined`. */
export const parseSendDateTime = (s: string): number | undefined => {
  const m = sendDateTimePattern.exec(s.trim())
  if (m === null) return undefined
  const [, d, mo, y, h, mi] = m
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi))
  const back = new Date(millis)
  // Reject dates that Date.UTC silently rolls over (31/02).
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(mo) - 1) return undefined
  return millis - OffsetMillis
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses a strict `Y-m-d` calendar date to a day number (days since the epoch), or `undefined`. */
export const parseDay = (s: string): number | undefined => {
  const m = datePattern.exec(s)
  if (m === null) return undefined
  const [, y, mo, d] = m
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d))
  const back = new Date(millis)
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) {
    return undefined
  }
  return millis / 86_400_000
}

/** Formats a day number as `Y-m-d`. */
export const formatDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

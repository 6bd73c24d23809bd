/**
 * Turkey time for the wire formats: report timestamps (`YYYY-MM-DD HH:MM:SS`), `sendDateTime` (`dd/MM/yyyy HH:mm`)
 * and get-reports dates (`Y-m-d`), all in UTC+3 (iletimerkezi.md §1). Turkey has kept UTC+3 all year since 2016, so
 * a fixed offset is exact. The same rules as core's `internal/turkeyTime.ts`, on epoch milliseconds, because core's
 * internal modules are not exported.
 */

/** Turkey's offset from UTC. */
export const OffsetMillis = 3 * 60 * 60 * 1000

/** One day. */
export const DayMillis = 86_400_000

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** `YYYY-MM-DD HH:MM:SS` in Turkey time. */
export const formatTimestamp = (millis: number): string => {
  const d = new Date(millis + OffsetMillis)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes()
  )}:${pad2(d.getUTCSeconds())}`
}

/** `dd/MM/yyyy HH:mm` in Turkey time. */
export const formatSendDateTime = (millis: number): string => {
  const d = new Date(millis + OffsetMillis)
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes()
  )}`
}

const validUtc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined => {
  if (h > 23 || mi > 59 || s > 59) return undefined
  const millis = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(millis)
  // Date.UTC silently rolls 31/02 over to March; such dates are invalid on the wire.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return millis
}

const sendDateTimePattern = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(:(\d{2}))?$/

/**
 * Parses `dd/MM/yyyy HH:mm` (Turkey time) to epoch millis. With seconds (`HH:mm:ss`) the result says `immediate`:
 * the backend ignores such a schedule and dispatches at once (iletimerkezi.md §5.1, mcp CHANGELOG 0.2.0).
 */
export const parseSendDateTime = (s: string): { readonly millis: number; readonly immediate: boolean } | undefined => {
  const m = sendDateTimePattern.exec(s.trim())
  if (m === null) return undefined
  const millis = validUtc(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[7] ?? "0"))
  if (millis === undefined) return undefined
  return { millis: millis - OffsetMillis, immediate: m[6] !== undefined }
}

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** Parses `YYYY-MM-DD HH:MM:SS` (Turkey time) to epoch millis. */
export const parseTimestamp = (s: string): number | undefined => {
  const m = timestampPattern.exec(s.trim())
  if (m === null) return undefined
  const millis = validUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return millis === undefined ? undefined : millis - OffsetMillis
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses a strict `Y-m-d` date to the epoch millis of its Turkey-time midnight. */
export const parseDay = (s: string): number | undefined => {
  const m = dayPattern.exec(s)
  if (m === null) return undefined
  const millis = validUtc(Number(m[1]), Number(m[2]), Number(m[3]))
  return millis === undefined ? undefined : millis - OffsetMillis
}

/**
 * Paging and date windows, shared by the providers' streams. Providers cap report queries (iletiMerkezi: 10 days),
 * so long ranges are split into windows of whole days with inclusive ends, walked lazily one after another.
 *
 * @since 0.1.0
 */
import { formatDay, parseDay } from "./TurkeyTime.ts"

/**
 * A date window with inclusive `Y-m-d` ends.
 *
 * @since 0.1.0
 */
export interface Window {
  readonly start: string
  readonly end: string
}

/**
 * Splits `[start, end]` (inclusive `Y-m-d` dates) into consecutive windows of at most `days` days, with inclusive
 * ends: 2026-04-01..2026-04-10, then 2026-04-11..2026-04-20. The windows cover the range exactly and never overlap.
 * Returns `undefined` when a date is not `Y-m-d` or the end is before the start.
 *
 * @since 0.1.0
 */
export const windows = (start: string, end: string, days = 10): ReadonlyArray<Window> | undefined => {
  const s = parseDay(start)
  const e = parseDay(end)
  if (s === undefined || e === undefined || e < s || !Number.isInteger(days) || days < 1) return undefined
  const out: Array<Window> = []
  for (let day = s; day <= e; day += days) {
    out.push({ start: formatDay(day), end: formatDay(Math.min(day + days - 1, e)) })
  }
  return out
}

/**
 * The number of pages that hold `total` rows, `rowCount` a page; at least one, so an empty order costs one request.
 *
 * @since 0.1.0
 */
export const pageCount = (total: number, rowCount: number): number => Math.max(1, Math.ceil(total / rowCount))

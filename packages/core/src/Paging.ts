/**
 * Guarded paging: the walks the providers need (total-based pages, pages until one is empty, an opaque cursor) and
 * time windows of any width, as lazy Streams of pages. Responses are untrusted: a page that repeats the previous one,
 * a page beyond what the totals allow, a cursor that comes back, or more pages than the bound end the walk in a
 * `ProtocolError` that says what the server did, instead of looping.
 *
 * @since 0.1.0
 */
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as SmsError from "./SmsError.ts"
import { formatDay, parseDay } from "./TurkeyTime.ts"

/**
 * Default bound on the pages of one walk: far above any real walk (1,000 pages of 1,000 report lines is a million
 * recipients in one order), low enough to stop a server that never ends within seconds.
 *
 * @since 0.1.0
 */
export const DefaultMaxPages = 100_000

/**
 * What every walk needs: who is walking (for the error) and the bound.
 *
 * @since 0.1.0
 */
export interface Guard {
  readonly provider: SmsError.Provider
  /** The endpoint label, e.g. `get-reports`. */
  readonly method: string
  /** Default {@link DefaultMaxPages}. */
  readonly maxPages?: number | undefined
}

const protocolError = (guard: Guard, rule: string, message: string) =>
  new SmsError.ProtocolError({ provider: guard.provider, method: guard.method, rule, message })

/**
 * A fingerprint of a page for the repeat check: its length and its first and last items' JSON. Cheap on pages of a
 * thousand rows, and a server that answers every page number with the same page repeats all three.
 *
 * @since 0.1.0
 */
export const fingerprint = (items: ReadonlyArray<unknown>): string =>
  `${items.length}:${JSON.stringify(items[0])}:${JSON.stringify(items[items.length - 1])}`

/**
 * The items of a stream of pages (arrays of items), each page's items one chunk of the result, as they are: no work
 * per item, and nothing of a page kept once its chunk has been taken downstream. Empty pages are dropped.
 *
 * **Details**
 *
 * `Stream.flattenIterable` gives the same items, but through one inner stream per page (`Stream.flatMap`), which
 * keeps each page's items reachable long enough for V8 to move nearly all of them to the old generation: exporting
 * 1M report rows, about 110 MB promoted against 30 MB, and the export's CPU with it (`bench/export.ts`).
 *
 * @since 0.1.0
 */
export const items = <A, E, R>(pages: Stream.Stream<ReadonlyArray<A>, E, R>): Stream.Stream<A, E, R> =>
  Stream.flattenArray(Stream.filter(pages, Arr.isReadonlyArrayNonEmpty))

/**
 * Pages numbered from 1 whose answer gives a total: stops after `ceil(total / size)` pages (one for an empty result),
 * with no trailing empty request. Without a total (`undefined`) a short page is the end.
 *
 * Fails with `ProtocolError` when a page repeats the previous one, holds more items than asked for, or when the
 * total needs more pages than the bound (a total of 1e9 is refused before page 2, not walked). An empty page before
 * the total is reached ends the walk.
 *
 * @example
 * ```ts
 * Paging.totalPages(guard, { size: 1000 }, (page) =>
 *   Effect.map(getReport(id, page), (r) => ({ page: r, items: r.messages, total: r.order.total })))
 * ```
 *
 * @since 0.1.0
 */
export const totalPages = <P, E, R>(
  guard: Guard,
  options: { readonly size: number },
  fetch: (
    page: number
  ) => Effect.Effect<
    { readonly page: P; readonly items: ReadonlyArray<unknown>; readonly total: number | undefined },
    E,
    R
  >
): Stream.Stream<P, E | SmsError.ProtocolError, R> =>
  // Suspended: each run (a second run of the same value, a `Stream.retry`) starts with fresh walk state.
  Stream.suspend(() => {
    const max = guard.maxPages ?? DefaultMaxPages
    let previous: string | undefined
    return Stream.paginate(1, (n: number) =>
      Effect.flatMap(fetch(n), (r) => {
        if (r.items.length > options.size) {
          return Effect.fail(
            protocolError(
              guard,
              "page-too-long",
              `page ${n} has ${r.items.length} items, more than the ${options.size} asked for`
            )
          )
        }
        const print = r.items.length === 0 ? undefined : fingerprint(r.items)
        if (print !== undefined && print === previous) {
          return Effect.fail(protocolError(guard, "repeated-page", `page ${n} repeats page ${n - 1}`))
        }
        previous = print
        const pages = r.total === undefined ? undefined : Math.max(1, Math.ceil(r.total / options.size))
        if (pages !== undefined && pages > max) {
          return Effect.fail(
            protocolError(
              guard,
              "too-many-pages",
              `the total ${r.total} needs ${pages} pages, more than the bound of ${max}`
            )
          )
        }
        const more = pages === undefined ? r.items.length === options.size : n < pages && r.items.length > 0
        if (more && n >= max) {
          return Effect.fail(protocolError(guard, "too-many-pages", `more than ${max} pages`))
        }
        return Effect.succeed([[r.page], more ? Option.some(n + 1) : Option.none()] as const)
      })
    )
  })

/**
 * Pages numbered from 1 until one is empty (iletiMerkezi get-reports and get-blacklist). The empty page is not
 * emitted. Fails with `ProtocolError` when a page repeats the previous one or the walk passes the bound.
 *
 * @since 0.1.0
 */
export const untilEmpty = <P, E, R>(
  guard: Guard,
  fetch: (page: number) => Effect.Effect<{ readonly page: P; readonly items: ReadonlyArray<unknown> }, E, R>
): Stream.Stream<P, E | SmsError.ProtocolError, R> =>
  Stream.suspend(() => {
    const max = guard.maxPages ?? DefaultMaxPages
    let previous: string | undefined
    return Stream.paginate(1, (n: number) =>
      Effect.flatMap(fetch(n), (r) => {
        if (r.items.length === 0) return Effect.succeed([[] as ReadonlyArray<P>, Option.none<number>()] as const)
        const print = fingerprint(r.items)
        if (print === previous) {
          return Effect.fail(protocolError(guard, "repeated-page", `page ${n} repeats page ${n - 1}: pages never end`))
        }
        previous = print
        if (n >= max) return Effect.fail(protocolError(guard, "too-many-pages", `more than ${max} non-empty pages`))
        return Effect.succeed([[r.page] as ReadonlyArray<P>, Option.some(n + 1)] as const)
      })
    )
  })

/**
 * Pages linked by an opaque cursor (Infobip's v3 logs): the first request has none, each answer gives the next or
 * none. Fails with `ProtocolError` when a cursor comes back, or the walk passes the bound.
 *
 * @since 0.1.0
 */
export const cursor = <P, E, R>(
  guard: Guard,
  fetch: (cursor: string | undefined) => Effect.Effect<{ readonly page: P; readonly next: string | undefined }, E, R>
): Stream.Stream<P, E | SmsError.ProtocolError, R> =>
  Stream.suspend(() => {
    const max = guard.maxPages ?? DefaultMaxPages
    const seen = new Set<string>()
    let count = 0
    return Stream.paginate(undefined as string | undefined, (c: string | undefined) =>
      Effect.flatMap(fetch(c), (r) => {
        count++
        if (r.next === undefined || r.next === "") return Effect.succeed([[r.page], Option.none()] as const)
        if (seen.has(r.next) || r.next === c) {
          return Effect.fail(protocolError(guard, "repeated-cursor", `page ${count} gave a cursor already followed`))
        }
        seen.add(r.next)
        if (count >= max) return Effect.fail(protocolError(guard, "too-many-pages", `more than ${max} pages`))
        return Effect.succeed([[r.page], Option.some<string | undefined>(r.next)] as const)
      })
    )
  })

/**
 * A half-open time window `[start, end)` in epoch milliseconds.
 *
 * @since 0.1.0
 */
export interface TimeWindow {
  readonly start: number
  readonly end: number
}

/**
 * Default bound on the windows {@link timeWindows} makes: ten thousand 48-hour windows span 54 years.
 *
 * @since 0.1.0
 */
export const DefaultMaxWindows = 10_000

/**
 * Splits `[start, end)` into consecutive windows of at most `width` milliseconds (Infobip's 48 hours, or days).
 * Returns `undefined` when the range is empty or not finite, the width is under one millisecond, or the split needs
 * more than `maxWindows` windows (default {@link DefaultMaxWindows}): the count is checked before any window is
 * made, so a tiny width cannot allocate without bound.
 *
 * @since 0.1.0
 */
export const timeWindows = (
  start: number,
  end: number,
  width: number,
  options: { readonly maxWindows?: number | undefined } = {}
): ReadonlyArray<TimeWindow> | undefined => {
  if (!(Number.isFinite(start) && Number.isFinite(end) && end > start && Number.isFinite(width) && width >= 1)) {
    return undefined
  }
  const count = Math.ceil((end - start) / width)
  if (count > (options.maxWindows ?? DefaultMaxWindows)) return undefined
  // By index, not by repeated addition: no drift, and a fixed number of steps.
  return Array.from({ length: count }, (_, i) => ({
    start: start + i * width,
    end: Math.min(start + (i + 1) * width, end)
  }))
}

/**
 * Walks windows one after another, lazily, each with its own paged stream.
 *
 * @since 0.1.0
 */
export const overWindows = <W, P, E, R>(
  windows: ReadonlyArray<W>,
  pages: (window: W) => Stream.Stream<P, E, R>
): Stream.Stream<P, E, R> => Stream.fromIterable(windows).pipe(Stream.flatMap(pages))

/**
 * A day window with inclusive `Y-m-d` ends (Turkey time), as iletiMerkezi's get-reports takes them.
 *
 * @since 0.1.0
 */
export interface DayWindow {
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
export const dayWindows = (start: string, end: string, days = 10): ReadonlyArray<DayWindow> | undefined => {
  const s = parseDay(start)
  const e = parseDay(end)
  if (s === undefined || e === undefined || e < s || !Number.isInteger(days) || days < 1) return undefined
  const out: Array<DayWindow> = []
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

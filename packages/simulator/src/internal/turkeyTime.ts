/**
 * Turkey time for the wire formats (docs/providers/iletimerkezi-api.md ("Transport")), on epoch milliseconds: core's `TurkeyTime`.
 */
import { TurkeyTime } from "@effect-sms/core"

export const { OffsetMillis, DayMillis, formatSendDateTime, parseSendDateTime, parseTimestamp } = TurkeyTime

/** `YYYY-MM-DD HH:MM:SS` in Turkey time. */
export const formatTimestamp = (millis: number): string => TurkeyTime.formatTimestamp(millis)

/** Parses a strict `Y-m-d` date to the epoch millis of its Turkey-time midnight. */
export const parseDay = TurkeyTime.dayStart

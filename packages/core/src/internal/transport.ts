/**
 * Classifies HTTP client failures into `TransportError` kinds, from the error codes Node and undici attach to the
 * cause chain. The kind decides whether a request could have been accepted (see `SmsError.TransportKind`).
 */
import * as Predicate from "effect/Predicate"
import type { TransportKind } from "../SmsError.ts"

const connectCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT"
])
const resetCodes = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"])
const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"])
const bodyCodes = new Set(["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH"])

/** Walks `cause` links (and AggregateError members) looking for a known error code. */
export const classify = (error: unknown): TransportKind => {
  const seen = new Set<unknown>()
  const queue: Array<unknown> = [error]
  while (queue.length > 0) {
    const e = queue.shift()
    if (e === undefined || e === null || seen.has(e)) continue
    seen.add(e)
    if (Predicate.hasProperty(e, "code") && typeof e.code === "string") {
      if (connectCodes.has(e.code)) return "connect"
      if (timeoutCodes.has(e.code)) return "timeout"
      if (bodyCodes.has(e.code)) return "body"
      if (resetCodes.has(e.code)) return "reset"
    }
    if (Predicate.hasProperty(e, "cause")) queue.push(e.cause)
    if (Predicate.hasProperty(e, "reason")) queue.push(e.reason)
    if (Predicate.hasProperty(e, "errors") && Array.isArray(e.errors)) queue.push(...e.errors)
  }
  return "other"
}

/** A short, secret-free description of a failure's cause chain. */
export const describe = (error: unknown): string => {
  const parts: Array<string> = []
  let e: unknown = error
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    const code = Predicate.hasProperty(e, "code") && typeof e.code === "string" ? `${e.code}: ` : ""
    const message = Predicate.hasProperty(e, "message") && typeof e.message === "string" ? e.message : String(e)
    parts.push(code + message)
    e = Predicate.hasProperty(e, "cause") ? e.cause : undefined
  }
  return parts.join(" <- ")
}

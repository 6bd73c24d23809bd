/**
 * Reading request trees leniently and building response trees. JSON and XML requests arrive as the same plain tree
 * (`{ request: {...} }`; XML leaves are strings, a repeated element is an array, a single one is not), so every
 * accessor here accepts what either format and every documented drift can produce (docs/providers/iletimerkezi-api.md ("Envelope and status")).
 */
import { IletiMerkeziErrors } from "@effect-sms/core"

/** A response tree: `{ response: { status: { code, message }, ...payload } }`. */
export interface Reply {
  readonly code: number
  readonly payload?: Readonly<Record<string, unknown>> | undefined
}

/** The Turkish wire message of a status code (docs/providers/iletimerkezi-api.md ("Status codes")). */
export const messageOf = (code: number): string => {
  if (code === 200) return IletiMerkeziErrors.SuccessMessage
  return IletiMerkeziErrors.lookup(code)?.message ?? "Bilinmeyen hata"
}

/** A reply with only a status: errors never carry a payload (docs/providers/iletimerkezi-api.md ("Envelope and status")). */
export const status = (code: number): Reply => ({ code })

/** A 200 reply with a payload. */
export const ok = (payload?: Readonly<Record<string, unknown>>): Reply =>
  payload === undefined ? { code: 200 } : { code: 200, payload }

/** The response tree of a reply. */
export const toTree = (reply: Reply): { readonly response: Record<string, unknown> } => ({
  response: { status: { code: reply.code, message: messageOf(reply.code) }, ...reply.payload }
})

/** Tells whether a value is a (possibly prototype-less) object and not an array. */
export const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** A field of an object, or `undefined` when the value is not an object. */
export const field = (u: unknown, key: string): unknown => (isObject(u) && Object.hasOwn(u, key) ? u[key] : undefined)

/** A string, or a number written as one (ids and codes drift between the two, docs/providers/iletimerkezi-api.md ("Envelope and status")). */
export const str = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" && Number.isFinite(u) ? String(u) : undefined

/** An integer given as a number or a numeric string. */
export const int = (u: unknown): number | undefined => {
  if (typeof u === "number") return Number.isSafeInteger(u) ? u : undefined
  if (typeof u === "string" && /^\s*-?\d{1,15}\s*$/.test(u)) return Number(u)
  return undefined
}

/** One value or many as an array: a single XML element or a JSON object where an array may stand. */
export const list = (u: unknown): ReadonlyArray<unknown> => (u === undefined ? [] : Array.isArray(u) ? u : [u])

/** The first value when one or many may be given. */
export const first = (u: unknown): unknown => (Array.isArray(u) ? u[0] : u)

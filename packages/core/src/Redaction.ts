/**
 * Credential scrubbing. Secrets are `Redacted` from the moment they are read, but text derived from a request or a
 * response (a body excerpt, a transport failure's message, a URL) can still carry them: a server that echoes the
 * request, a proxy's error page, a GET API that puts the key in the query string. Every executor builds one
 * {@link Scrubber} from its credentials and passes every such text through it before it reaches an error, a log or a
 * span.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"

/**
 * Replaces every known form of the credentials in a text.
 *
 * @since 0.1.0
 */
export interface Scrubber {
  (text: string): string
  /** How many distinct forms it looks for (for tests). */
  readonly forms: number
}

/**
 * What a credential is replaced with.
 *
 * @since 0.1.0
 */
export const Mask = "[REDACTED]"

// Shorter values would match ordinary text; a credential that short is not a credential.
const MinLength = 6

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;")

// The base64 characters that depend only on the secret's bytes whatever precedes it (0, 1 or 2 bytes modulo 3), so
// that the secret is found inside a longer encoded value such as Basic's `user:password`.
const base64Cores = (bytes: Uint8Array, url: boolean): Array<string> => {
  const out: Array<string> = []
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length)
    padded.set(bytes, k)
    let b64 = Buffer.from(padded).toString(url ? "base64url" : "base64")
    const first = Math.ceil((8 * k) / 6)
    const last = Math.floor((8 * (k + bytes.length)) / 6)
    b64 = b64.slice(first, last)
    if (b64.length >= MinLength) out.push(b64)
  }
  return out
}

/**
 * The forms a secret can take in text: as is, URL- and form-encoded, JSON-escaped, XML-escaped, and base64 /
 * base64url (alone or inside a longer encoded value).
 *
 * @since 0.1.0
 */
export const formsOf = (secret: string): ReadonlyArray<string> => {
  if (secret.length < MinLength) return []
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    xmlEscape(secret)
  ])
  const bytes = new TextEncoder().encode(secret)
  for (const core of [...base64Cores(bytes, false), ...base64Cores(bytes, true)]) forms.add(core)
  forms.add(Buffer.from(bytes).toString("base64"))
  return [...forms].filter((f) => f.length >= MinLength)
}

/**
 * A scrubber for some credentials (`Redacted` or plain; `undefined` entries are skipped). Derived credentials (a
 * Basic `user:password`, an HMAC the client computes, a session token) are passed too.
 *
 * @example
 * ```ts
 * const scrub = Redaction.make([credentials.apiKey, credentials.apiHash])
 * scrub(`bad answer: ${excerpt}`)
 * ```
 *
 * @since 0.1.0
 */
export const make = (secrets: Iterable<Redacted.Redacted<string> | string | undefined>): Scrubber => {
  const forms = new Set<string>()
  for (const s of secrets) {
    if (s === undefined) continue
    for (const f of formsOf(Redacted.isRedacted(s) ? Redacted.value(s) : s)) forms.add(f)
  }
  // Longest first, so that an encoded form is not half-replaced through a shorter one it contains.
  const sorted = [...forms].sort((a, b) => b.length - a.length)
  const pattern =
    sorted.length === 0
      ? undefined
      : new RegExp(sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), "g")
  const scrub = (text: string) => (pattern === undefined ? text : text.replace(pattern, Mask))
  return Object.assign(scrub, { forms: sorted.length })
}

/**
 * A scrubber that changes nothing.
 *
 * @since 0.1.0
 */
export const none: Scrubber = make([])

/**
 * A scrubber that applies several (e.g. a client's static key and a token obtained later).
 *
 * @since 0.1.0
 */
export const combine = (...scrubbers: ReadonlyArray<Scrubber>): Scrubber =>
  Object.assign((text: string) => scrubbers.reduce((t, s) => s(t), text), {
    forms: scrubbers.reduce((n, s) => n + s.forms, 0)
  })

/**
 * The first `max` characters of a body as text, scrubbed, with `…` when cut.
 *
 * @since 0.1.0
 */
export const excerpt = (body: Uint8Array, scrub: Scrubber, max = 200): string => {
  // Decode a little more than needed so a credential straddling the cut is still recognised before cutting.
  const text = new TextDecoder().decode(body.subarray(0, max * 4))
  const clean = scrub(text)
  return clean.length > max || body.length > max * 4 ? `${clean.slice(0, max)}…` : clean
}

/**
 * The TurkeySMS wire in the simulator: which path is which route (V4 at the root, v3 under `/api/v3`), how a request's
 * parameters are read (a JSON body, a form body, or the query string of the GET routes), and how an outcome is
 * written (`result`, `result_code`, `result_message` and the payload; V4's HTTP status by code, v3's always 200; v3's
 * `response_type=php` as a PHP `print_r` dump). `docs/providers/turkeysms.md` §2–§4.
 */
import { TurkeySmsCodes } from "@effect-sms/core/turkeysms"
import type { Outcome, Params, Route } from "./model.ts"

/** A request mapped to a route. */
export interface Routed {
  readonly route: Route
  readonly api: "v4" | "v3"
  /** Whether parameters come from the query string (the v3 GET routes). */
  readonly query: boolean
}

const v4Routes: Record<string, Route> = {
  "/auth/check": "auth/check",
  "/sms/send": "sms/send",
  "/group/send": "group/send",
  "/group/sendMixed": "group/sendMixed",
  "/otp/send": "otp/send",
  "/otp/detailed": "otp/detailed",
  "/sms/status": "sms/status",
  // The SDKs call `/balance/` with its trailing slash; the bare path is accepted too.
  "/balance/": "balance",
  "/balance": "balance",
  "/blacklist/add": "blacklist/add"
}

const v3Post: Record<string, Route> = {
  "/gonder/add-content": "sms/send",
  "/gonder_coklu_gsm/add-content": "sms/send-many",
  "/otp_post/add-content": "otp/send",
  "/otp_post_detailed/add-content": "otp/detailed",
  "/sms-durumu/sms_durumu.php": "sms/status",
  "/bakiye_sorgulama/add-content": "balance",
  "/senderid_sorgulama/add-content": "senders"
}

const v3Get: Record<string, Route> = {
  "/get/get.php": "sms/send-get",
  // The provider's README shows the status route with a query string (the seed says POST): both work.
  "/sms-durumu/sms_durumu.php": "sms/status"
}

/** The V4 base path and the v3 one, below the simulator's TurkeySMS prefix. */
export const V3Prefix = "/api/v3"

/** Finds the route of a method and path (the path below the TurkeySMS prefix, without the query string). */
export const route = (method: string, path: string): Routed | undefined => {
  if (path.startsWith(`${V3Prefix}/`)) {
    const rest = path.slice(V3Prefix.length)
    if (method === "GET") {
      const r = v3Get[rest]
      return r === undefined ? undefined : { route: r, api: "v3", query: true }
    }
    const r = method === "POST" ? v3Post[rest] : undefined
    return r === undefined ? undefined : { route: r, api: "v3", query: false }
  }
  const r = method === "POST" && Object.hasOwn(v4Routes, path) ? v4Routes[path] : undefined
  return r === undefined ? undefined : { route: r, api: "v4", query: false }
}

/** Every route path, for listings: `[method, path, route, api]`. */
export const routes: ReadonlyArray<readonly [string, string, Route, "v4" | "v3"]> = [
  ...Object.entries(v4Routes).map(([p, r]) => ["POST", p, r, "v4"] as const),
  ...Object.entries(v3Post).map(([p, r]) => ["POST", `${V3Prefix}${p}`, r, "v3"] as const),
  ...Object.entries(v3Get).map(([p, r]) => ["GET", `${V3Prefix}${p}`, r, "v3"] as const)
]

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Reads a request's parameters: the query string for GET routes; otherwise a JSON object body, or a form body (what
 * PHP clients send with `http_build_query`; accepted, inferred). `undefined` when the body is neither (→ TS-1033).
 */
export const params = (
  routed: Routed,
  search: string,
  body: string,
  contentType: string | undefined
): Params | undefined => {
  if (routed.query) return Object.fromEntries(new URLSearchParams(search))
  const text = body.replace(/^\uFEFF/, "").trim()
  if (text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text)
      return isRecord(parsed) ? parsed : undefined
    } catch {
      return undefined
    }
  }
  if (contentType?.includes("application/x-www-form-urlencoded") === true && text.length > 0) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  return undefined
}

/** An answer: HTTP status, content type and body. */
export interface Answer {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/** The answer's object: the verdict first, then the payload, as the documentation's examples list them. */
export const answerObject = (outcome: Outcome): Record<string, unknown> => {
  const entry = TurkeySmsCodes.lookup(outcome.code)
  const ok = entry === undefined ? false : entry.kind !== "error"
  if (outcome.bare === true) return { result: ok, ...outcome.payload }
  return {
    result: ok,
    result_code: outcome.code,
    result_message: entry?.message ?? "Unknown error",
    ...outcome.payload
  }
}

/** PHP's `print_r` of a flat or nested array: what v3 answers when asked for `response_type=php`. */
export const printR = (value: Record<string, unknown>, indent = ""): string => {
  const lines = [`Array`, `${indent}(`]
  for (const [k, v] of Object.entries(value)) {
    const shown = isRecord(v)
      ? printR(v, `${indent}        `)
      : Array.isArray(v)
        ? printR(Object.fromEntries(v.map((x, i) => [String(i), x])), `${indent}        `)
        : v === true
          ? "1"
          : v === false || v === null || v === undefined
            ? ""
            : String(v)
    lines.push(`${indent}    [${k}] => ${shown}`)
  }
  lines.push(`${indent})`, "")
  return lines.join("\n")
}

/** Writes an outcome: V4's HTTP status by code (200 for v3), JSON unless v3 was asked for PHP. */
export const answer = (routed: Routed, outcome: Outcome, requested: Params | undefined): Answer => {
  const object = answerObject(outcome)
  const status = routed.api === "v4" ? (TurkeySmsCodes.lookup(outcome.code)?.httpStatus ?? 400) : 200
  if (routed.api === "v3" && String(requested?.response_type ?? "").toLowerCase() === "php") {
    return { status, contentType: "text/html; charset=utf-8", body: printR(object) }
  }
  return { status, contentType: "application/json; charset=utf-8", body: JSON.stringify(object) }
}

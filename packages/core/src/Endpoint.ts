/**
 * Endpoints as data. Each provider API call is described once, as a value: its name, the HTTP verb and path, how the
 * request travels (JSON body, form body, query string, or a provider envelope), the request and success schemas, the
 * status errors its documentation says it can return, and how safe it is to repeat. Each provider has one executor
 * that interprets every endpoint (envelope and authentication stay there); the simulator reads the same schemas.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as SmsError from "./SmsError.ts"

/**
 * An HTTP verb.
 *
 * @since 0.1.0
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * How the request value travels.
 *
 * - `json`: a JSON body (`application/json`).
 * - `form`: a form body (`application/x-www-form-urlencoded`); nested values are the executor's business.
 * - `query`: the query string (GET and DELETE calls).
 * - `envelope`: a provider envelope the executor builds around the payload (iletiMerkezi's
 *   `{request:{authentication,...}}` over JSON or XML); `formats` lists the forms the endpoint is documented for.
 *
 * @since 0.1.0
 */
export type Encoding =
  | { readonly _tag: "json" }
  | { readonly _tag: "form" }
  | { readonly _tag: "query" }
  | { readonly _tag: "envelope"; readonly formats: ReadonlyArray<string> }

/**
 * The encodings, as values.
 *
 * @since 0.1.0
 */
export const json: Encoding = { _tag: "json" }
/** @since 0.1.0 */
export const form: Encoding = { _tag: "form" }
/** @since 0.1.0 */
export const query: Encoding = { _tag: "query" }
/** @since 0.1.0 */
export const envelope = (...formats: ReadonlyArray<string>): Encoding => ({ _tag: "envelope", formats })

/**
 * A provider endpoint.
 *
 * - `Req` is the request value: schema-encodable, so a call can be logged, queued or replayed.
 * - `Wire` is the decoded success payload; `A` is what the caller gets (`Wire` unless `toResult` maps it).
 * - `Errors` lists the status error classes the endpoint documents; other codes become `UnknownStatus`.
 *
 * @since 0.1.0
 */
export interface Endpoint<Name extends string, Req, Wire, A, Errors extends ReadonlyArray<SmsError.StatusErrorClass>> {
  /** The client method name, e.g. `sendSms`. */
  readonly name: Name
  readonly provider: SmsError.Provider
  readonly method: HttpMethod
  /** The path relative to the provider's base URL, e.g. `/send-sms` or `/sms/3/messages`. */
  readonly path: string
  readonly encoding: Encoding
  /** The schema of the request value. */
  readonly request: Schema.Codec<Req, any>
  /**
   * The wire payload (the body, the query or the envelope's inside), keys in the documented order. Default: the
   * request schema's encoding.
   */
  readonly toWire?: ((request: Req) => Readonly<Record<string, unknown>>) | undefined
  /** Decodes the success payload. */
  readonly success: Schema.Codec<Wire, any>
  /** Turns the decoded payload into the caller's value. Default: the payload itself. */
  readonly toResult?: ((wire: Wire) => A) | undefined
  /** The documented status errors. */
  readonly errors: Errors
  /** How safe repeating the call is; the retry policy and send safety read it through `SmsError.isRetryable`. */
  readonly safety: SmsError.Safety
  /**
   * For idempotent calls that answer differently the second time (cancelling an order already cancelled, deleting a
   * number already removed): the status codes that, when a retry follows an attempt that may have been processed,
   * may mean that attempt succeeded. The client then checks before answering.
   */
  readonly settledBy?: ReadonlyArray<number | string> | undefined
}

/**
 * Any endpoint.
 *
 * @since 0.1.0
 */
export type Any = Endpoint<string, any, any, any, ReadonlyArray<SmsError.StatusErrorClass>>

/**
 * The request value of an endpoint.
 *
 * @since 0.1.0
 */
export type Request<E> = E extends Endpoint<any, infer Req, any, any, any> ? Req : never

/**
 * The success value of an endpoint.
 *
 * @since 0.1.0
 */
export type Success<E> = E extends Endpoint<any, any, any, infer A, any> ? A : never

/**
 * The status errors of an endpoint, as instances.
 *
 * @since 0.1.0
 */
export type StatusErrors<E> =
  E extends Endpoint<any, any, any, any, infer Errors> ? InstanceType<Errors[number]> : never

/**
 * Every error a call to the endpoint can fail with once its input is valid.
 *
 * @since 0.1.0
 */
export type Error<E> = StatusErrors<E> | SmsError.CallError

/**
 * Defines an endpoint, keeping its literal types.
 *
 * @example
 * ```ts
 * export const getBalance = Endpoint.make({
 *   name: "getBalance", provider: "turkeysms", method: "POST", path: "/balance/", encoding: Endpoint.json,
 *   request: BalanceRequest, success: BalanceWire, errors: [...CommonErrors], safety: "read"
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = <
  const Name extends string,
  Req,
  Wire,
  const Errors extends ReadonlyArray<SmsError.StatusErrorClass>,
  A = Wire
>(
  endpoint: Endpoint<Name, Req, Wire, A, Errors>
): Endpoint<Name, Req, Wire, A, Errors> => endpoint

/**
 * The short label of an endpoint used in errors, logs and spans: its path without the leading slash
 * (`send-sms`, `sms/3/messages`).
 *
 * @since 0.1.0
 */
export const label = (endpoint: Any): string => endpoint.path.replace(/^\/+/, "")

/**
 * Applies `toResult`, or returns the payload as is.
 *
 * @since 0.1.0
 */
export const result = <E extends Any>(endpoint: E, wire: unknown): Success<E> =>
  (endpoint.toResult === undefined ? wire : endpoint.toResult(wire)) as Success<E>

/**
 * Whether the endpoint can travel in a provider envelope format.
 *
 * @since 0.1.0
 */
export const supports = (endpoint: Any, format: string): boolean =>
  endpoint.encoding._tag === "envelope" && endpoint.encoding.formats.includes(format)

const encoders = new WeakMap<object, (u: unknown) => unknown>()

/**
 * The wire payload of a request: the endpoint's `toWire`, or else the request schema's encoding (one encoder per
 * schema, made on first use). Executors put it in the body, the query or their envelope.
 *
 * @since 0.1.0
 */
export const payload = <E extends Any>(endpoint: E, request: Request<E>): Readonly<Record<string, unknown>> => {
  if (endpoint.toWire !== undefined) return endpoint.toWire(request)
  let encode = encoders.get(endpoint.request)
  if (encode === undefined) {
    encode = Schema.encodeUnknownSync(endpoint.request as Schema.Codec<unknown, unknown>)
    encoders.set(endpoint.request, encode)
  }
  return encode(request) as Readonly<Record<string, unknown>>
}

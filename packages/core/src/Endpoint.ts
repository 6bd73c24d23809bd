/**
 * Endpoints as data. Each provider API call is described once, as a value: its name, wire method and paths, the
 * schema of its request value, how the request goes on the wire, the schema of its success payload, and the status
 * errors its documentation says it can return. One executor per wire format interprets every endpoint.
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"
import type * as SmsError from "./SmsError.ts"

/**
 * The wire formats a provider endpoint can be called over.
 *
 * @since 0.1.0
 */
export type Format = "json" | "xml"

/**
 * A provider endpoint.
 *
 * - `Req` is the request value: schema-encodable, so a call can be logged, queued or replayed.
 * - `Wire` is the decoded success payload; `A` is what the caller gets.
 * - `Errors` lists the status error classes the endpoint documents; other codes become `UnknownStatus`.
 *
 * @since 0.1.0
 */
export interface Endpoint<Name extends string, Req, Wire, A, Errors extends ReadonlyArray<SmsError.StatusErrorClass>> {
  /** The client method name, e.g. `sendSms`. */
  readonly name: Name
  /** The provider's method slug, e.g. `send-sms` or `consent/create`. */
  readonly method: string
  /** The formats this endpoint is documented for. */
  readonly formats: ReadonlyArray<Format>
  /** The schema of the request value. */
  readonly request: Schema.Codec<Req, any>
  /** The request payload beside the credentials, with keys in the documented wire order. */
  readonly toWire: (request: Req) => Readonly<Record<string, unknown>>
  /** Decodes the success payload (the `response` object, status included). */
  readonly success: Schema.Codec<Wire, any>
  /** Turns the decoded payload into the caller's value. */
  readonly toResult: (wire: Wire) => A
  /** The documented status errors. */
  readonly errors: Errors
  /** Whether calling twice has the same effect as calling once: reads are, sends are not. */
  readonly idempotent: boolean
  /**
   * For calls that are safe to repeat but answer differently the second time (cancelling an order already cancelled
   * answers 455; deleting a number already removed answers 474): the codes that, when a retry follows an attempt that
   * may have been processed, may mean that attempt succeeded. The client then checks before answering.
   */
  readonly settledBy?: ReadonlyArray<number> | undefined
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
export type Error<E> = StatusErrors<E> | SmsError.TransportError | SmsError.DecodeError

/**
 * Defines an endpoint, keeping its literal types.
 *
 * @since 0.1.0
 */
export const make = <
  const Name extends string,
  Req,
  Wire,
  A,
  const Errors extends ReadonlyArray<SmsError.StatusErrorClass>
>(
  endpoint: Endpoint<Name, Req, Wire, A, Errors>
): Endpoint<Name, Req, Wire, A, Errors> => endpoint

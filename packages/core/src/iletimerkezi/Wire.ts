/**
 * iletiMerkezi's wire formats. The same envelope, `{request:{authentication,...}}` in and `{response:{status,...}}`
 * out, travels as JSON (`POST /v1/<method>/json`) or as XML (`POST /v1/<method>`, no suffix). A wire format turns the
 * envelope into a body and a response body back into the same plain tree, so that one executor and one set of
 * schemas serve both.
 *
 * The XML format is encoded and decoded by `@effect-sms/xml-codec`, which knows no provider; the {@link XmlWire}
 * service lets a test or an application replace it.
 *
 * @since 0.1.0
 */
import { XmlCodec } from "@effect-sms/xml-codec"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
/**
 * The wire formats an iletiMerkezi endpoint can be called over.
 *
 * @since 0.1.0
 */
export type Format = "json" | "xml"

/**
 * A wire format.
 *
 * @since 0.1.0
 */
export interface WireFormat {
  readonly format: Format
  /** The path of a method, relative to the `/v1` base URL. */
  readonly path: (method: string) => string
  readonly contentType: string
  /** Encodes the envelope. Keys are written in their insertion order, which follows the documented wire order. */
  readonly encode: (envelope: { readonly request: Readonly<Record<string, unknown>> }) => string
  /** Parses a response body into a plain tree (`{ response: {...} }`); fails with a message. */
  readonly parse: (body: Uint8Array) => Effect.Effect<unknown, string>
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })

/**
 * JSON: `POST /v1/<method>/json`.
 *
 * @since 0.1.0
 */
export const json: WireFormat = {
  format: "json",
  path: (method) => `/${method}/json`,
  contentType: "application/json; charset=utf-8",
  encode: (envelope) => JSON.stringify(envelope),
  parse: (body) =>
    Effect.try({
      try: () => JSON.parse(decoder.decode(body)) as unknown,
      catch: (e) => `invalid JSON: ${e instanceof Error ? e.message : String(e)}`
    })
}

/**
 * XML: `POST /v1/<method>` (no suffix) with `<request>…</request>` as the body, and `<response>…</response>` back.
 * Message text goes in CDATA, as the provider's XML examples do, so that `<`, `&` and quotes in a text can never
 * break the document (a broken document is answered with 400).
 *
 * @since 0.1.0
 */
export const xml: WireFormat = {
  format: "xml",
  path: (method) => `/${method}`,
  contentType: "application/xml; charset=utf-8",
  encode: (envelope) => XmlCodec.encode("request", envelope.request, { cdata: ["text"] }),
  parse: (body) =>
    XmlCodec.decodeTree(body).pipe(
      Effect.map(({ name, tree }) => ({ [name]: tree })),
      Effect.mapError((e) => `invalid XML: ${e.message}`)
    )
}

/**
 * Replaces the XML wire format a client uses (by default {@link xml}).
 *
 * @since 0.1.0
 */
export class XmlWire extends Context.Service<XmlWire, WireFormat>()("@effect-sms/core/iletimerkezi/XmlWire") {}

/**
 * Provides {@link xml} as the {@link XmlWire}, for code written when it had to be provided.
 *
 * @since 0.1.0
 */
export const layerXml: Layer.Layer<XmlWire> = Layer.succeed(XmlWire, xml)

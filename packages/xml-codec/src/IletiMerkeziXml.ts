/**
 * iletiMerkezi's XML wire format: `POST /v1/<method>` (no suffix) with `<request>…</request>` as the body, and
 * `<response>…</response>` back. Provides the core client's `XmlWire`, so that the same `IletiMerkeziClient` gives
 * the same typed results over XML as over JSON (`iletimerkezi.md` §1, §5).
 *
 * @since 0.1.0
 */
import { IletiMerkeziWire } from "@effect-sms/core"
import { Effect, Layer } from "effect"
import * as XmlCodec from "./XmlCodec.ts"

/**
 * The XML wire format. Message text goes in CDATA, as the docs recommend, so that `<`, `&` and quotes in a text
 * can never break the document (a broken document is answered with 400).
 *
 * @since 0.1.0
 */
export const wire: IletiMerkeziWire.WireFormat = {
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
 * Provides the XML wire format to `IletiMerkeziClient`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<IletiMerkeziWire.XmlWire> = Layer.succeed(IletiMerkeziWire.XmlWire, wire)

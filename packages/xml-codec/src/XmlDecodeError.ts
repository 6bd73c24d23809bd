/**
 * The one error every XML decoder of this package fails with.
 *
 * `reason` says what went wrong: bad XML, a refused entity or DOCTYPE, an exceeded limit, an empty document, or a
 * value that the schema rejected. Positions are known for XML problems; schema problems carry the element path.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why decoding failed.
 *
 * **Details**
 *
 * - `Malformed`: the input is not well-formed XML, or not valid UTF-8.
 * - `Unsupported`: the input uses something the decoder does not read, such as a byte encoding other than UTF-8.
 * - `Entity`: the input has a DOCTYPE, or references an entity other than the five predefined ones. Entities are
 *   never expanded, so entity expansion ("billion laughs") and external entity (XXE) attacks do not apply.
 * - `Limit`: the input exceeds `maxDepth`, `maxTokenSize` or `maxElementSize`.
 * - `Schema`: the XML was read, but the schema rejected the value.
 * - `Empty`: the input has no root element.
 *
 * @since 0.1.0
 */
export const Reason = Schema.Literals(["Malformed", "Unsupported", "Entity", "Limit", "Schema", "Empty"])

/**
 * Why decoding failed, as a type.
 *
 * @since 0.1.0
 */
export type Reason = typeof Reason.Type

/**
 * Error raised when XML cannot be decoded into the value a schema describes.
 *
 * **Details**
 *
 * `line` and `column` (one-based, columns in UTF-16 code units) are present when the problem is at a known place in
 * the input: not for schema problems, a refused DOCTYPE or `maxElementSize`. `path` lists the element names from the
 * root, and array or item indexes as strings, for schema problems. `cause` keeps the underlying `XmlError` or
 * `SchemaError`.
 *
 * @since 0.1.0
 */
export class XmlDecodeError extends Schema.TaggedError<XmlDecodeError>()("XmlDecodeError", {
  reason: Reason,
  message: Schema.String,
  line: Schema.optionalKey(Schema.Int),
  column: Schema.optionalKey(Schema.Int),
  path: Schema.optionalKey(Schema.Array(Schema.String)),
  cause: Schema.optionalKey(Schema.Defect())
}) {}

/**
 * Checks whether a value is an `XmlDecodeError`.
 *
 * @since 0.1.0
 */
export const isXmlDecodeError = (u: unknown): u is XmlDecodeError => u instanceof XmlDecodeError

/**
 * Schema-driven XML for provider APIs: typed values to XML documents, and XML documents (whole, or one repeated
 * element at a time) to typed values.
 *
 * Decoding builds on `effect/encoding/Xml`, which never reads external resources and never expands entities, and turns
 * elements into a plain tree that a `Schema` then decodes. A whole document (`decode`, `decodeTree`) is first read by a
 * fast path of our own that covers the plain XML APIs answer with and gives up on anything else (a DOCTYPE, comments,
 * processing instructions, other encodings, anything malformed or near a limit), which the full parser then reads: the
 * same tree, the same errors and the same limits, about twice as fast. Encoding writes values in key order with CDATA
 * on request.
 *
 * @since 0.1.0
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Pull from "effect/Pull"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as Stream from "effect/Stream"
import { readTree } from "./internal/document.ts"
import * as Encoder from "./internal/encoder.ts"
import { type Chunk, events } from "./internal/input.ts"
import { Builder, type BuilderOptions } from "./internal/tree.ts"
import { XmlDecodeError } from "./XmlDecodeError.ts"

/**
 * A decoded element: its trimmed text when it has no child elements and no attributes, otherwise an object.
 *
 * **Details**
 *
 * Object keys are child element names in document order, after `@name` keys for attributes; a child name that
 * appears more than once holds an array, one that appears once holds a single value. Text beside child elements, or
 * inside an element with attributes, goes under `#text`. Objects have no prototype.
 *
 * @since 0.1.0
 */
export type Tree = string | TreeObject

/**
 * A decoded element with child elements or attributes, keyed by child name, `@name` and `#text`.
 *
 * @since 0.1.0
 */
export interface TreeObject {
  readonly [name: string]: Tree | ReadonlyArray<Tree>
}

/**
 * Which elements `encode` writes as CDATA: a predicate on the element's path from the root (the array it receives is
 * reused, so copy it to keep it), or a list or set of element names.
 *
 * @since 0.1.0
 */
export type CdataOption = Encoder.CdataOption

/**
 * Options of `encode` and `encodeSchema`.
 *
 * **Details**
 *
 * - `cdata`: the elements whose text is written as CDATA sections, such as a free-text `text` element. Defaults to
 *   none.
 * - `declaration`: whether to start with `<?xml version="1.0" encoding="UTF-8"?>`. Defaults to `true`.
 *
 * @since 0.1.0
 */
export interface EncodeOptions extends Encoder.EncoderOptions {}

/**
 * Writes a value as an XML document whose root element is `rootName`.
 *
 * **Details**
 *
 * - Elements follow the key order of each object, never sorted; `undefined` values are skipped and `null` writes an
 *   empty element.
 * - An array writes one element per item, each named after the array's key: `{ number: ["1", "2"] }` writes
 *   `<number>1</number><number>2</number>`.
 * - Strings, numbers, bigints and booleans become text, and dates their ISO string. Text escapes `&`, `<`, `>`, `"`,
 *   `'` and CR; CDATA sections are split around `]]>` (`]]]]><![CDATA[>`) and CR.
 * - Keys starting with `@` become attributes and `#text` becomes text, the same shape `decodeTree` reads.
 *
 * **Gotchas**
 *
 * - Characters that XML 1.0 cannot hold (most C0 controls, U+FFFE, U+FFFF) are dropped, and unpaired surrogates
 *   become U+FFFD.
 * - An invalid element or attribute name, or an array as the root value, throws: these are programming errors.
 *
 * **Example** (Writing a request)
 *
 * ```ts
 * import { XmlCodec } from "@effect-sms/xml-codec"
 *
 * XmlCodec.encode("request", { message: { text: "a & b", receipents: { number: ["1", "2"] } } }, { cdata: ["text"] })
 * // <?xml version="1.0" encoding="UTF-8"?><request><message><text><![CDATA[a & b]]></text>
 * // <receipents><number>1</number><number>2</number></receipents></message></request>
 * ```
 *
 * @since 0.1.0
 */
export const encode: (rootName: string, value: unknown, options?: EncodeOptions) => string = Encoder.encode

/**
 * Creates a function that encodes a value with a schema, then writes it as an XML document with `encode`.
 *
 * @since 0.1.0
 */
export const encodeSchema = <S extends Schema.Constraint>(
  schema: S,
  rootName: string,
  options?: EncodeOptions
): ((value: S["Type"]) => Effect.Effect<string, Schema.SchemaError, S["EncodingServices"]>) => {
  const encodeValue = Schema.encodeEffect(schema)
  return (value) => Effect.map(encodeValue(value), (encoded) => Encoder.encode(rootName, encoded, options))
}

/**
 * Options of the decoders.
 *
 * **Details**
 *
 * - `maxDepth`: the deepest element nesting allowed. Defaults to 64.
 * - `maxTokenSize`: the longest single token (a tag with its attributes, or a text node with its CDATA sections), in
 *   UTF-16 code units. Defaults to 1 MiB.
 * - `maxElementSize`: the largest tree decoded at once, counted as the code units of its names, attribute names and
 *   values, and text: the whole document for `decode` and `decodeTree`, one item for `decodeStream`. Defaults to
 *   16 MiB. A streamed document as a whole is not limited.
 * - `trim`: whether text is trimmed of XML whitespace (space, tab, CR, LF), CDATA included. Defaults to `true`.
 * - `allowDoctype`: whether a DOCTYPE is accepted. Defaults to `false`, which fails with reason `"Entity"`. Even when
 *   accepted, its declarations are never applied and entities other than the five predefined ones fail.
 * - `stringTree`: decode through `Schema.toCodecStringTree(schema)`, so that `Schema.Number`, `Schema.Int`,
 *   `Schema.Boolean` and the like read their text form, and the schema of a JSON API can be reused as is. Defaults
 *   to `false`: the tree's strings go to the schema unchanged, so numeric fields need `Schema.NumberFromString`.
 *
 * `Infinity` turns a limit off. Invalid limits throw when the decoder is created. Exceeding a limit fails with reason
 * `"Limit"`.
 *
 * @since 0.1.0
 */
export interface DecodeOptions {
  readonly maxDepth?: number | undefined
  readonly maxTokenSize?: number | undefined
  readonly maxElementSize?: number | undefined
  readonly trim?: boolean | undefined
  readonly allowDoctype?: boolean | undefined
  readonly stringTree?: boolean | undefined
}

interface Resolved extends BuilderOptions {
  readonly maxDepth: number
  readonly maxTokenSize: number
  readonly stringTree: boolean
}

const limit = (name: string, value: number | undefined, defaultValue: number): number => {
  const resolved = value ?? defaultValue
  if (!(resolved > 0)) throw new Error(`XmlCodec: ${name} must be positive, got ${resolved}`)
  return resolved
}

const resolve = (options: DecodeOptions | undefined, scalars: boolean): Resolved => ({
  maxDepth: limit("maxDepth", options?.maxDepth, 64),
  maxTokenSize: limit("maxTokenSize", options?.maxTokenSize, 1024 * 1024),
  maxElementSize: limit("maxElementSize", options?.maxElementSize, 16 * 1024 * 1024),
  trim: options?.trim ?? true,
  allowDoctype: options?.allowDoctype ?? false,
  stringTree: options?.stringTree ?? false,
  scalars
})

const namePattern = /^[A-Za-z_:\u00C0-\uFFFD][\w.:\-\u00B7\u00C0-\uFFFD]*$/

const checkPath = (path: ReadonlyArray<string>): void => {
  if (path.length === 0) throw new Error("XmlCodec: the element path must not be empty")
  for (const name of path) {
    if (name !== "*" && !namePattern.test(name)) {
      throw new Error(`XmlCodec: invalid element name in path: ${JSON.stringify(name)}`)
    }
  }
}

const standardIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const fromSchemaError = (error: Schema.SchemaError, prefix: ReadonlyArray<string>): XmlDecodeError => {
  const first = standardIssues(error.issue).issues[0]
  const path = [...prefix]
  for (const segment of first?.path ?? []) path.push(String(typeof segment === "object" ? segment.key : segment))
  return new XmlDecodeError({ reason: "Schema", message: error.message, path, cause: error })
}

const makeDecoder = <S extends Schema.Constraint>(
  schema: S,
  stringTree: boolean
): ((input: unknown) => Effect.Effect<S["Type"], Schema.SchemaError, S["DecodingServices"]>) =>
  Schema.decodeUnknownEffect(stringTree ? Schema.toCodecStringTree(schema) : schema)

/**
 * Reads an XML document, as text or UTF-8 bytes, into its root element's name and tree, for callers that decode the
 * tree themselves.
 *
 * **Details**
 *
 * A byte order mark and whitespace before the declaration or root element are skipped. A document with a DOCTYPE
 * fails unless `allowDoctype` is set; entities are never expanded.
 *
 * @since 0.1.0
 */
export const decodeTree = (
  input: string | Uint8Array,
  options?: DecodeOptions
): Effect.Effect<{ readonly name: string; readonly tree: Tree }, XmlDecodeError> =>
  readTree(input, resolve(options, false))

/**
 * Creates a decoder from XML text or UTF-8 bytes to the type of `schema`, which describes `{ [rootName]: tree }`.
 *
 * **Details**
 *
 * The root element's tree (see `Tree`) is decoded with `Schema.decodeUnknownEffect(schema)`, made once. An element
 * that appears once stays a single value: use `Schema.ArrayEnsure(item)` (or a one-or-many union) where an element
 * may repeat. Text stays a string, so numeric fields use `Schema.FiniteFromString` or `Schema.NumberFromString`,
 * unless `stringTree` is set.
 *
 * **Gotchas**
 *
 * In Effect 4, `Schema.NumberFromString` decodes text that is not a number to `NaN` instead of failing; use
 * `Schema.FiniteFromString` to refuse it.
 *
 * **Example** (Decoding a response)
 *
 * ```ts
 * import { Schema } from "effect"
 * import { XmlCodec } from "@effect-sms/xml-codec"
 *
 * const Response = Schema.Struct({
 *   response: Schema.Struct({ status: Schema.Struct({ code: Schema.NumberFromString, message: Schema.String }) })
 * })
 * const decodeResponse = XmlCodec.decode(Response)
 * // decodeResponse("<response><status><code>200</code><message>OK</message></status></response>")
 * // succeeds with { response: { status: { code: 200, message: "OK" } } }
 * ```
 *
 * @since 0.1.0
 */
export const decode = <S extends Schema.Constraint>(
  schema: S,
  options?: DecodeOptions
): ((input: string | Uint8Array) => Effect.Effect<S["Type"], XmlDecodeError, S["DecodingServices"]>) => {
  const resolved = resolve(options, false)
  const decodeValue = makeDecoder(schema, resolved.stringTree)
  return (input) =>
    Effect.flatMap(readTree(input, resolved), ({ name, tree }) =>
      Effect.mapError(decodeValue({ [name]: tree }), (error) => fromSchemaError(error, []))
    )
}

/**
 * A part of a document read by `decodeStreamWithHeader`: a scalar outside the repeated element, or one item.
 *
 * **Details**
 *
 * A `Scalar` is an element outside the collected ones that has no child elements, with its path from the root and
 * its text, or one of their attributes, with `@name` as the last path segment. Parts come in document order.
 *
 * @since 0.1.0
 */
export type StreamPart<A> =
  | { readonly _tag: "Scalar"; readonly path: ReadonlyArray<string>; readonly value: string }
  | { readonly _tag: "Item"; readonly value: A }

interface Part {
  readonly _tag: "Scalar" | "Item"
  readonly path?: ReadonlyArray<string>
  readonly value: unknown
}

const collect = <A, E, R, RD>(
  input: Stream.Stream<Chunk, E, R>,
  path: ReadonlyArray<string>,
  options: Resolved,
  decodeItem: (tree: unknown) => Effect.Effect<A, Schema.SchemaError, RD>
): Stream.Stream<unknown, XmlDecodeError | E, R | RD> =>
  Stream.transformPull(events(input, options), (upstream) =>
    Effect.sync(() => {
      const builder = new Builder(path, options)
      let index = 0
      let failure: XmlDecodeError | undefined
      let done = false

      // Decodes the items of one batch; a failure ends the batch, and is raised after the items before it
      const decodeBatch = Effect.fnUntraced(function* (values: Array<unknown>) {
        const out: Array<unknown> = []
        for (let i = 0; i < values.length; i++) {
          const value = values[i]
          if (options.scalars && (value as Part)._tag === "Scalar") {
            out.push(value)
            continue
          }
          const result = yield* Effect.result(decodeItem(options.scalars ? (value as Part).value : value))
          if (Result.isFailure(result)) {
            failure = fromSchemaError(result.failure, [...path, String(index)])
            break
          }
          out.push(options.scalars ? { _tag: "Item", value: result.success } : result.success)
          index++
        }
        return out
      })

      const step: Pull.Pull<Arr.NonEmptyReadonlyArray<unknown>, XmlDecodeError | E, void, RD> = Effect.flatMap(
        Pull.catchDone(upstream, () => {
          done = true
          return Effect.succeed(undefined)
        }),
        (events) => {
          if (events !== undefined) builder.push(events)
          const values = builder.out
          builder.out = []
          if (builder.failure !== undefined) failure = builder.failure
          if (values.length === 0) return pull
          return Effect.flatMap(decodeBatch(values), (out) => {
            if (failure === undefined && builder.failure !== undefined) failure = builder.failure
            return out.length === 0 ? pull : Effect.succeed(out as unknown as Arr.NonEmptyReadonlyArray<unknown>)
          })
        }
      )

      const pull: Pull.Pull<Arr.NonEmptyReadonlyArray<unknown>, XmlDecodeError | E, void, RD> = Effect.suspend(() =>
        failure !== undefined ? Effect.fail(failure) : done ? Cause.done() : step
      )
      return pull
    })
  )

/**
 * Creates a stream transformer that decodes each element at `path` of an XML document, as it passes, with
 * `itemSchema`.
 *
 * **When to use**
 *
 * Use for large documents, such as a report page of thousands of `<message>` rows: memory is bounded by the largest
 * item, not by the document.
 *
 * **Details**
 *
 * `path` lists element names from the root, and `"*"` matches any name: `["response", "order", "message"]` decodes
 * every `<message>` in `<response><order>`. Everything outside the matched elements is skipped without building a
 * tree. Each item is decoded from its tree (see `Tree`), not wrapped in its name. Chunks are text or UTF-8 bytes,
 * split anywhere, even inside a multi-byte character; one stream must not mix the two kinds.
 *
 * **Gotchas**
 *
 * A schema failure carries the path of the item, with its index among the items, then the path inside it. Items
 * decoded before a failure are emitted first.
 *
 * @since 0.1.0
 */
export const decodeStream = <S extends Schema.Constraint>(
  path: ReadonlyArray<string>,
  itemSchema: S,
  options?: DecodeOptions
): (<E, R>(
  input: Stream.Stream<string | Uint8Array, E, R>
) => Stream.Stream<S["Type"], XmlDecodeError | E, R | S["DecodingServices"]>) => {
  checkPath(path)
  const resolved = resolve(options, false)
  const decodeItem = makeDecoder(itemSchema, resolved.stringTree)
  return <E, R>(input: Stream.Stream<string | Uint8Array, E, R>) =>
    collect(input, path, resolved, decodeItem) as Stream.Stream<
      S["Type"],
      XmlDecodeError | E,
      R | S["DecodingServices"]
    >
}

/**
 * Like `decodeStream`, but also emits the scalars outside the repeated element as they pass, such as a response's
 * `<status><code>` and an order's `<id>`.
 *
 * **Details**
 *
 * Parts come in document order, so the scalars before the first item (usually the status and the header fields of a
 * page) arrive before it. Scalars inside the matched elements are part of their items.
 *
 * @since 0.1.0
 */
export const decodeStreamWithHeader = <S extends Schema.Constraint>(
  path: ReadonlyArray<string>,
  itemSchema: S,
  options?: DecodeOptions
): (<E, R>(
  input: Stream.Stream<string | Uint8Array, E, R>
) => Stream.Stream<StreamPart<S["Type"]>, XmlDecodeError | E, R | S["DecodingServices"]>) => {
  checkPath(path)
  const resolved = resolve(options, true)
  const decodeItem = makeDecoder(itemSchema, resolved.stringTree)
  return <E, R>(input: Stream.Stream<string | Uint8Array, E, R>) =>
    collect(input, path, resolved, decodeItem) as Stream.Stream<
      StreamPart<S["Type"]>,
      XmlDecodeError | E,
      R | S["DecodingServices"]
    >
}

/**
 * Turns a stream of text or byte chunks into `effect/encoding/Xml` events.
 *
 * Before handing the chunks to `Xml.decodeString` or `Xml.decode`, it skips a byte order mark and the whitespace
 * before the first markup (the Xml decoders refuse a declaration that is not at offset 0), and it shifts the line and
 * column of later errors back to the original input. `XmlError`s become `XmlDecodeError`s.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import * as Xml from "effect/encoding/Xml"
import * as Pull from "effect/Pull"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { XmlDecodeError } from "../XmlDecodeError.ts"

/** A chunk of XML input: text, or UTF-8 bytes. */
export type Chunk = string | Uint8Array

/** The limits handed to the Xml decoders. */
export interface InputOptions {
  readonly maxDepth: number
  readonly maxTokenSize: number
}

const BOM = [0xef, 0xbb, 0xbf] as const

const isXmlSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

// Skips the byte order mark and the whitespace before the first markup, counting the lines and columns it skipped
class Prelude {
  lines = 0
  columns = 0
  private started = false
  private cr = false
  private partialBom: Uint8Array | undefined = undefined

  // Returns the chunks from the first one with content on, or undefined when every chunk was skipped
  strip(chunks: Arr.NonEmptyReadonlyArray<Chunk>): Arr.NonEmptyReadonlyArray<Chunk> | undefined {
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k]!
      const rest = typeof chunk === "string" ? this.stripString(chunk) : this.stripBytes(chunk)
      if (rest !== undefined) return [rest, ...chunks.slice(k + 1)]
    }
    return undefined
  }

  private stripString(s: string): string | undefined {
    if (s.length === 0) return undefined
    let i = 0
    if (!this.started) {
      this.started = true
      if (s.charCodeAt(0) === 0xfeff) i = 1
    }
    while (i < s.length && this.skip(s.charCodeAt(i))) i++
    return i === s.length ? undefined : i === 0 ? s : s.slice(i)
  }

  private stripBytes(bytes: Uint8Array): Uint8Array | undefined {
    if (this.partialBom !== undefined) {
      const joined = new Uint8Array(this.partialBom.length + bytes.length)
      joined.set(this.partialBom)
      joined.set(bytes, this.partialBom.length)
      this.partialBom = undefined
      bytes = joined
    }
    if (bytes.length === 0) return undefined
    let i = 0
    if (!this.started) {
      let bom = 0
      while (bom < 3 && bom < bytes.length && bytes[bom] === BOM[bom]) bom++
      if (bom === bytes.length && bom < 3) {
        // The chunk ends inside what may be a byte order mark
        this.partialBom = bytes
        return undefined
      }
      this.started = true
      if (bom === 3) i = 3
    }
    while (i < bytes.length && this.skip(bytes[i]!)) i++
    return i === bytes.length ? undefined : i === 0 ? bytes : bytes.subarray(i)
  }

  private skip(c: number): boolean {
    if (!isXmlSpace(c)) return false
    if (c === 10 || c === 13) {
      // The LF of a CRLF does not start another line
      if (!(c === 10 && this.cr)) this.lines++
      this.columns = 0
    } else {
      this.columns++
    }
    this.cr = c === 13
    return true
  }

  // The bytes of a possible byte order mark at the very end of the input are content after all
  leftover(): Uint8Array | undefined {
    const bytes = this.partialBom
    this.partialBom = undefined
    return bytes
  }
}

const positionSuffix = / at line \d+, column \d+$/

const reasonOf = (error: Xml.XmlError): XmlDecodeError["reason"] => {
  switch (error.kind) {
    case "Limit":
      return "Limit"
    case "Unsupported":
      return error.message.startsWith("entity references") ? "Entity" : "Unsupported"
    default:
      return error.message.startsWith("undefined entity")
        ? "Entity"
        : error.message.startsWith("no root element")
          ? "Empty"
          : "Malformed"
  }
}

const fromXmlError = (error: Xml.XmlError, prelude: Prelude): XmlDecodeError => {
  let line = error.line
  let column = error.column
  let message = error.message
  if (line !== undefined && column !== undefined && (prelude.lines > 0 || prelude.columns > 0)) {
    if (line === 1) column += prelude.columns
    line += prelude.lines
    message = message.replace(positionSuffix, ` at line ${line}, column ${column}`)
  }
  return new XmlDecodeError({
    reason: reasonOf(error),
    message,
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
    cause: error
  })
}

const mixed = () =>
  new XmlDecodeError({
    reason: "Unsupported",
    message: "the input mixes text and byte chunks; convert it to one kind first"
  })

const checkKind = <A extends Chunk>(
  chunks: Arr.NonEmptyReadonlyArray<Chunk>,
  text: boolean
): Effect.Effect<Arr.NonEmptyReadonlyArray<A>, XmlDecodeError> => {
  for (let i = 0; i < chunks.length; i++) {
    if ((typeof chunks[i] === "string") !== text) return Effect.fail(mixed())
  }
  return Effect.succeed(chunks as Arr.NonEmptyReadonlyArray<A>)
}

const eventPull = <E>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<Chunk>, E, void>,
  scope: Scope.Scope,
  options: InputOptions
): Pull.Pull<Arr.NonEmptyReadonlyArray<Xml.Event>, XmlDecodeError | E, void> => {
  const prelude = new Prelude()
  let inner: Pull.Pull<Arr.NonEmptyReadonlyArray<Xml.Event>, Xml.XmlError | XmlDecodeError | E, void> | undefined
  const decoderOptions = { maxDepth: options.maxDepth, maxTokenSize: options.maxTokenSize }

  const start = Effect.gen(function* () {
    let head: Arr.NonEmptyReadonlyArray<Chunk> | undefined
    while (head === undefined) {
      const chunks = yield* Pull.catchDone(upstream, () => Effect.succeed(undefined))
      if (chunks === undefined) {
        const leftover = prelude.leftover()
        if (leftover === undefined) {
          return yield* new XmlDecodeError({ reason: "Empty", message: "no root element" })
        }
        head = [leftover]
      } else {
        head = prelude.strip(chunks)
      }
    }
    let first: Arr.NonEmptyReadonlyArray<Chunk> | undefined = head
    const text = typeof head[0] === "string"
    const next = <A extends Chunk>(): Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E | XmlDecodeError, void> =>
      Effect.suspend(() => {
        if (first !== undefined) {
          const chunks = first
          first = undefined
          return checkKind<A>(chunks, text)
        }
        return Effect.flatMap(upstream, (chunks) => checkKind<A>(chunks, text))
      })
    inner = yield* text
      ? Channel.toTransform(Xml.decodeString<E | XmlDecodeError, void>(decoderOptions))(next<string>(), scope)
      : Channel.toTransform(Xml.decode<E | XmlDecodeError, void>(decoderOptions))(next<Uint8Array>(), scope)
    return yield* inner
  })

  return Effect.mapError(
    Effect.suspend(() => inner ?? start),
    (error) => (Xml.isXmlError(error) ? fromXmlError(error, prelude) : error)
  )
}

/** Decodes a stream of text or UTF-8 byte chunks into XML events. */
export const events = <E, R>(
  input: Stream.Stream<Chunk, E, R>,
  options: InputOptions
): Stream.Stream<Xml.Event, XmlDecodeError | E, R> =>
  Stream.transformPull(input, (upstream, scope) => Effect.sync(() => eventPull(upstream, scope, options)))

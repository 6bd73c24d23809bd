/**
 * Reads a whole document into its root element's tree: the fast path of `scan.ts` first, and the full
 * `effect/encoding/Xml` parser when the fast path gives up.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Tree } from "../XmlCodec.ts"
import { XmlDecodeError } from "../XmlDecodeError.ts"
import { type Chunk, events, type InputOptions } from "./input.ts"
import { type ScanLimits, scanDocument } from "./scan.ts"
import { Builder, type BuilderOptions } from "./tree.ts"

/** The options of a whole-document read. */
export interface DocumentOptions extends BuilderOptions, InputOptions, ScanLimits {}

const rootPath: ReadonlyArray<string> = ["*"]

// A large document is fed in pieces, so that only the events of one piece are alive at a time (about 100 bytes each,
// a dozen per row of a report), not those of the whole document
const pieceSize = 64 * 1024

const split = (input: Chunk): ReadonlyArray<Chunk> => {
  if (input.length <= pieceSize) return [input]
  const pieces: Array<Chunk> = []
  for (let i = 0; i < input.length; i += pieceSize) {
    pieces.push(typeof input === "string" ? input.slice(i, i + pieceSize) : input.subarray(i, i + pieceSize))
  }
  return pieces
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })

const isXmlSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

/**
 * The document as text from its first markup on (no byte order mark, no leading whitespace), or undefined when the
 * bytes are not UTF-8 (the full parser then reports where).
 */
const documentText = (input: Chunk): string | undefined => {
  let s: string
  if (typeof input === "string") {
    s = input
  } else {
    try {
      s = utf8.decode(input)
    } catch {
      return undefined
    }
  }
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0
  while (i < s.length && isXmlSpace(s.charCodeAt(i))) i++
  return i === 0 ? s : s.slice(i)
}

/** The fast path (see `internal/scan.ts`): the tree, or undefined to read the document with the full parser. */
const scanTree = (
  input: Chunk,
  options: DocumentOptions
): { readonly name: string; readonly tree: Tree } | undefined => {
  const text = documentText(input)
  if (text === undefined) return undefined
  const builder = new Builder(rootPath, options)
  if (!scanDocument(text, builder, options) || builder.failure !== undefined) return undefined
  const tree = builder.out[0] as Tree | undefined
  return tree === undefined ? undefined : { name: builder.name, tree }
}

/** The full parser: `effect/encoding/Xml` events into a `Builder`. */
export const parseTree = (
  input: Chunk,
  options: DocumentOptions
): Effect.Effect<{ readonly name: string; readonly tree: Tree }, XmlDecodeError> =>
  Effect.suspend(() => {
    const builder = new Builder(rootPath, options)
    return events(Stream.fromArray(split(input)), options).pipe(
      Stream.runForEachArray((chunk) => {
        builder.push(chunk)
        return builder.failure === undefined ? Effect.void : Effect.fail(builder.failure)
      }),
      Effect.flatMap(() => {
        const tree = builder.out[0] as Tree | undefined
        return tree === undefined
          ? Effect.fail(new XmlDecodeError({ reason: "Empty", message: "no root element" }))
          : Effect.succeed({ name: builder.name, tree })
      })
    )
  })

export const readTree = (
  input: Chunk,
  options: DocumentOptions
): Effect.Effect<{ readonly name: string; readonly tree: Tree }, XmlDecodeError> =>
  Effect.suspend(() => {
    const fast = scanTree(input, options)
    return fast === undefined ? parseTree(input, options) : Effect.succeed(fast)
  })

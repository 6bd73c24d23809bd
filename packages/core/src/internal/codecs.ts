/**
 * Schema decoders and encoders made once per schema, on first use, and kept as long as the schema lives: executors
 * decode every answer with the endpoint's schema, and making a decoder per call would repeat the work.
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

const shortcuts = new WeakMap<object, (u: unknown) => unknown>()
const decoders = new WeakMap<object, (u: unknown) => Result.Result<unknown, Schema.SchemaError>>()
const encoders = new WeakMap<object, (u: unknown) => unknown>()

/** The `decodeUnknownResult` of a schema, cached. */
export const decoder = (
  schema: Schema.Codec<unknown, unknown>
): ((u: unknown) => Result.Result<unknown, Schema.SchemaError>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    const full = Schema.decodeUnknownResult(schema)
    const fast = shortcuts.get(schema)
    decode =
      fast === undefined
        ? full
        : (u) => {
            const value = fast(u)
            return value === undefined ? full(u) : Result.succeed(value)
          }
    decoders.set(schema, decode)
  }
  return decode
}

/**
 * Registers a hand-written decoder for the common form of a schema's input, used by `decoder`: it returns exactly
 * what the schema's decoding returns for the inputs it recognises, and `undefined` for any other input, which the
 * schema then decodes (with its own errors). For the bulk answers (report pages), where the schema's general walk
 * costs more than the request.
 */
export const shortcut = (schema: Schema.Top, decode: (u: unknown) => unknown): void => {
  shortcuts.set(schema, decode)
  decoders.delete(schema)
}

/** The `encodeUnknownSync` of a schema, cached (it throws on a value the schema refuses). */
export const encoder = (schema: Schema.Codec<unknown, unknown>): ((u: unknown) => unknown) => {
  let encode = encoders.get(schema)
  if (encode === undefined) {
    encode = Schema.encodeUnknownSync(schema)
    encoders.set(schema, encode)
  }
  return encode
}

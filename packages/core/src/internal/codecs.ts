/**
 * Schema decoders and encoders made once per schema, on first use, and kept as long as the schema lives: executors
 * decode every answer with the endpoint's schema, and making a decoder per call would repeat the work.
 */
import { type Result, Schema } from "effect"

const decoders = new WeakMap<object, (u: unknown) => Result.Result<unknown, Schema.SchemaError>>()
const encoders = new WeakMap<object, (u: unknown) => unknown>()

/** The `decodeUnknownResult` of a schema, cached. */
export const decoder = (
  schema: Schema.Codec<unknown, unknown>
): ((u: unknown) => Result.Result<unknown, Schema.SchemaError>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    decode = Schema.decodeUnknownResult(schema)
    decoders.set(schema, decode)
  }
  return decode
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

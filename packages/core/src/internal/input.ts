/**
 * The boundary for public inputs. Callers from JavaScript (or from `as any`) can pass anything, so every public
 * input is first decoded with a Schema of its JavaScript shape; a value of the wrong kind (`text: null`, a numeric
 * recipient, a missing field) becomes an `InvalidInput` naming the field, never a `TypeError` defect further in.
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import { InvalidInput } from "../SmsError.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** `messages[0].to[2]` from a path such as `["messages", 0, "to", 2]`, under an optional root field. */
export const fieldPath = (path: ReadonlyArray<PropertyKey>, root?: string): string => {
  let out = root ?? ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out === "" ? "input" : out
}

/**
 * A decoder from `unknown` to the schema's type, failing with `InvalidInput` (rule `type`) at the first bad field.
 * The schema must need no services and run synchronously.
 */
export const decoder = <S extends Schema.Codec<unknown, unknown, never, never>>(schema: S, root?: string) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input: unknown): Effect.Effect<S["Type"], InvalidInput> => {
    const result = decode(input, { errors: "first", onExcessProperty: "ignore" })
    if (Result.isSuccess(result)) return Effect.succeed(result.success)
    const first = formatter(result.failure.issue).issues[0]
    const path = (first?.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p))
    return Effect.fail(
      new InvalidInput({
        field: fieldPath(path as ReadonlyArray<PropertyKey>, root),
        rule: "type",
        message: first?.message ?? result.failure.message
      })
    )
  }
}

/** A value that must be a string. */
export const string = (field: string) => decoder(Schema.String, field)

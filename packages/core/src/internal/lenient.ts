/**
 * Lenient wire primitives. Providers drift between strings and numbers, and between one value and an array,
 * so decoders accept every form seen on the wire and normalise it; encoders emit the documented form.
 */
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"

/** A number that may arrive as a number or as a numeric string ("200", " 12 "). Encodes as a number. */
export const LenientNumber: Schema.Codec<number, number | string> = Schema.Union([
  Schema.Finite,
  Schema.String.pipe(
    Schema.decodeTo(Schema.Finite, {
      decode: SchemaGetter.transform((s: string) => (s.trim() === "" ? Number.NaN : Number(s.trim()))),
      encode: SchemaGetter.transform((n: number) => String(n))
    })
  )
])

/** An integer that may arrive as a number or as a numeric string. */
export const LenientInt: Schema.Codec<number, number | string> = LenientNumber.pipe(Schema.check(Schema.isInt()))

/** An identifier that may arrive as a string or a number; normalised to a string. */
export const LenientId: Schema.Codec<string, string | number> = Schema.Union([
  Schema.String,
  Schema.Finite.pipe(
    Schema.decodeTo(Schema.String, {
      decode: SchemaGetter.transform((n: number) => String(n)),
      encode: SchemaGetter.transform((s: string) => Number(s))
    })
  )
])

/**
 * A numeric identifier (order ids, message ids) that may arrive as a number or as a string of digits; normalised to
 * the digits. Strict: a number must be a non-negative safe integer (JSON.parse turns `99999999999999999999` into
 * 1e20, which is not the id that was sent), and a string must be at most 16 digits within the same range, so `1e400`,
 * `12.5`, `-3` or `0x1F` are not ids.
 */
export const DigitsId: Schema.Codec<string, string | number> = Schema.Union([
  Schema.String.check(
    Schema.makeFilter((s: string) => /^\d{1,16}$/.test(s) && Number.isSafeInteger(Number(s)), {
      expected: "a string of at most 16 digits within Number.MAX_SAFE_INTEGER"
    })
  ),
  Schema.Number.check(
    Schema.makeFilter((n: number) => Number.isSafeInteger(n) && n >= 0, {
      expected: "a non-negative safe integer"
    })
  ).pipe(
    Schema.decodeTo(Schema.String, {
      decode: SchemaGetter.transform((n: number) => String(n)),
      encode: SchemaGetter.transform((s: string) => Number(s))
    })
  )
])

const ArrayOf = <A>() =>
  Schema.declare((u: unknown): u is ReadonlyArray<A> => Array.isArray(u), { expected: "an array" })

/**
 * One value, an array of values, or nothing at all (`undefined`, `""`, `[]`, an empty XML element), normalised to an
 * array. Encodes as an array.
 */
export const OneOrMany = <S extends Schema.Top>(item: S) =>
  Schema.Union([Schema.Array(item), item, Schema.Literal(""), Schema.Undefined]).pipe(
    // The items were decoded on the way in: the target only checks that it holds an array, instead of walking the
    // items again (13% of a report page's decode).
    Schema.decodeTo(ArrayOf<S["Type"]>(), {
      decode: SchemaGetter.transform(
        (v: ReadonlyArray<S["Type"]> | S["Type"] | "" | undefined): ReadonlyArray<S["Type"]> =>
          v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]
      ),
      encode: SchemaGetter.transform((v: ReadonlyArray<S["Type"]>) => v)
    })
  )

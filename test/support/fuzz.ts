/**
 * Arbitraries for fuzzing the decoders a server or a webhook feeds: valid samples mutated at random paths with
 * values of the wrong kind, textual corruptions of the serialised document (numbers JSON cannot hold, truncation,
 * entity and DOCTYPE injection, deep nesting), and plain noise. Everything is seeded by the caller's fast-check run.
 */
import fc from "fast-check"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }

/** Values of the wrong kind, and the edge cases of the right kind. */
export const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    "",
    " ",
    "1e400",
    "99999999999999999999",
    "NaN",
    "Infinity",
    "-0",
    "0x1F",
    "١٢٣",
    "200",
    "abc",
    "<x/>",
    "]]>",
    [],
    {},
    [[]],
    { "": null },
    { __proto__: { polluted: true } } as unknown as Json,
    "İşlem başarılı"
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>
)

const paths = (value: Json, prefix: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const out: Array<ReadonlyArray<string | number>> = [prefix]
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]))
  } else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...paths(v as Json, [...prefix, k]))
  return out
}

const setAt = (value: Json, path: ReadonlyArray<string | number>, replacement: Json | undefined): Json | undefined => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    const next = setAt(copy[head as number] as Json, rest, replacement)
    if (next === undefined) copy.splice(head as number, 1)
    else copy[head as number] = next
    return copy
  }
  if (value !== null && typeof value === "object") {
    const copy: Record<string, Json> = { ...(value as { readonly [k: string]: Json }) }
    const next = setAt(copy[head as string] as Json, rest, replacement)
    if (next === undefined) delete copy[head as string]
    else copy[head as string] = next
    return copy
  }
  return value
}

/** A sample with 1 to 3 of its nodes replaced by a weird value or removed. */
export const mutated = (sample: Json): fc.Arbitrary<Json> =>
  fc.array(fc.tuple(fc.nat(), fc.option(weird, { freq: 5 })), { minLength: 1, maxLength: 3 }).map((edits) => {
    let current: Json = sample
    for (const [n, replacement] of edits) {
      const all = paths(current)
      current = setAt(current, all[n % all.length]!, replacement === null ? undefined : replacement) ?? null
    }
    return current
  })

// Textual corruptions of a serialised document.
const corruptions: ReadonlyArray<(text: string, n: number) => string> = [
  (t) => t,
  (t, n) => t.slice(0, n % (t.length + 1)),
  (t) => t.replace(/\d+/, "99999999999999999999"),
  (t) => t.replace(/\d+/, "1e400"),
  (t) => t.replace(/\d+/, "-0"),
  (t, n) => `${t.slice(0, n % (t.length + 1))}\u0000${t.slice(n % (t.length + 1))}`,
  (t, n) => `${t.slice(0, n % (t.length + 1))}\uFFFF\uD800${t.slice(n % (t.length + 1))}`,
  (t) => `\uFEFF${t}`,
  (t) => `${t}${t}`,
  (t) => t.replaceAll('"', "'")
]

const xmlCorruptions: ReadonlyArray<(text: string, n: number) => string> = [
  (t) => `<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${t}`,
  (t) => t.replace(/>([^<]*)</, ">&xxe;<"),
  (t) => t.replace(/>([^<]*)</, ">&lt;&#x0;&#99999999;<"),
  (t) => `${"<a>".repeat(2000)}${t}${"</a>".repeat(2000)}`,
  (t) => t.replace(/<\/response>\s*$/, ""),
  (t) => t.replace(/<(\w+)>/, "<$1 a='1' a='2'>"),
  (t) => t.replace(/>([^<]*)</, "><![CDATA[$1]]><")
]

/** A body: a mutated sample, textually corrupted or not, or noise. */
export const jsonBody = (samples: ReadonlyArray<Json>): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...samples)
        .chain(mutated)
        .map((v) => JSON.stringify(v) ?? "")
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...samples).chain(mutated), fc.nat(corruptions.length - 1), fc.nat())
        .map(([v, c, n]) => corruptions[c]!(JSON.stringify(v) ?? "", n))
    },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })) }
  )

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** A JSON value written as XML the way iletiMerkezi writes it: arrays as repeated elements. */
export const toXml = (name: string, value: Json): string => {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join("")
  const tag = /^[A-Za-z_][\w.-]*$/.test(name) ? name : "x"
  if (value !== null && typeof value === "object") {
    return `<${tag}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v as Json))
      .join("")}</${tag}>`
  }
  return `<${tag}>${value === null ? "" : escape(String(value))}</${tag}>`
}

export const xmlBody = (samples: ReadonlyArray<Json>): fc.Arbitrary<string> => {
  const all = [...corruptions, ...xmlCorruptions]
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...samples)
        .chain(mutated)
        .map((v) => toXml("response", v))
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...samples).chain(mutated), fc.nat(all.length - 1), fc.nat())
        .map(([v, c, n]) => all[c]!(toXml("response", v), n))
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }
  )
}

export type { Json }

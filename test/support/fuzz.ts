/**
 * Arbitraries for fuzzing the decoders a server or a webhook feeds: valid samples mutated at random paths with
 * values of the wrong kind, textual corruptions of the serialised document (numbers JSON cannot hold, truncation,
 * entity and DOCTYPE injection, deep nesting), and plain noise. Everything is seeded by the caller's fast-check run.
 */
import { type Clock, Duration, Effect } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
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

const weirdTexts = ["", "1e400", "99999999999999999999", "-1", "abc", "&amp;", "<![CDATA[x]]>", "١٢٣", " 200 "]

const xmlCorruptions: ReadonlyArray<(text: string, n: number) => string> = [
  // One text node replaced by a value of the wrong kind.
  (t, n) => {
    let i = 0
    const nodes = t.match(/>([^<]+)</g)?.length ?? 0
    const target = nodes === 0 ? -1 : n % nodes
    return t.replace(/>([^<]+)</g, (m) => (i++ === target ? `>${weirdTexts[n % weirdTexts.length]}<` : m))
  },
  // One element removed.
  (t, n) => {
    let i = 0
    const count = t.match(/<(\w+)>[^<]*<\/\1>/g)?.length ?? 0
    const target = count === 0 ? -1 : n % count
    return t.replace(/<(\w+)>[^<]*<\/\1>/g, (m) => (i++ === target ? "" : m))
  },
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

// Corruptions of a serialised XML document (the recorded ones are text, not trees).
const xmlTextCorruptions: ReadonlyArray<(text: string, n: number) => string> = [...corruptions, ...xmlCorruptions]

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

// ---------------------------------------------------------------------------------------------------------------------
// Record and replay: the seeds of a provider's fuzz are the answers its simulator really gives to each call.
// ---------------------------------------------------------------------------------------------------------------------

/** One answer as recorded. */
export interface Recorded {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/** An HttpClient that passes requests to `inner` and appends every answer to `sink`. */
export const recording = (inner: HttpClient.HttpClient, sink: Array<Recorded>): HttpClient.HttpClient =>
  HttpClient.make((request) =>
    Effect.flatMap(inner.execute(request), (response) =>
      Effect.map(Effect.orDie(response.text), (body) => {
        const contentType = response.headers["content-type"] ?? "application/json"
        sink.push({ status: response.status, contentType, body })
        return HttpClientResponse.fromWeb(
          request,
          new Response(body, { status: response.status, headers: { "content-type": contentType } })
        )
      })
    )
  )

/** An HttpClient that answers the n-th request with `answers()[n]` (the last one again past the end). */
export const replaying = (
  answers: () => ReadonlyArray<Recorded>
): HttpClient.HttpClient & { readonly reset: () => void } => {
  let n = 0
  const client = HttpClient.make((request) =>
    Effect.sync(() => {
      const list = answers()
      const a = list[Math.min(n++, list.length - 1)]!
      return HttpClientResponse.fromWeb(
        request,
        new Response(a.body, { status: a.status, headers: { "content-type": a.contentType } })
      )
    })
  )
  return Object.assign(client, {
    reset: () => {
      n = 0
    }
  })
}

/** Mutations of a recorded answer: its JSON or XML mutated and corrupted, or noise. */
export const mutatedAnswer = (answer: Recorded): fc.Arbitrary<Recorded> => {
  let parsed: Json | undefined
  if (!answer.contentType.includes("xml")) {
    try {
      parsed = JSON.parse(answer.body) as Json
    } catch {
      parsed = undefined
    }
  }
  const bodies =
    parsed !== undefined
      ? jsonBody([parsed])
      : answer.contentType.includes("xml")
        ? fc.oneof(
            fc
              .tuple(fc.nat(), fc.nat(xmlTextCorruptions.length - 1))
              .map(([n, c]) => xmlTextCorruptions[c]!(answer.body, n)),
            fc.string({ maxLength: 200 })
          )
        : fc.string({ maxLength: 200 })
  return fc
    .tuple(bodies, fc.constantFrom(answer.status, answer.status, answer.status, 500, 429))
    .map(([body, status]) => ({
      ...answer,
      status,
      body
    }))
}

/**
 * A clock for fuzzing calls whose safety logic waits between attempts: a pause under `instantBelow` (backoffs, resend
 * spacing) moves the clock forward at once instead of waiting; longer ones (request timeouts) are real, so a
 * timeout never fires ahead of an in-memory answer.
 */
export const warpClock = (instantBelow: Duration.Duration = Duration.seconds(5)): Clock.Clock => {
  let skipped = 0
  const nowMillis = () => Date.now() + skipped
  return {
    currentTimeMillisUnsafe: nowMillis,
    currentTimeMillis: Effect.sync(nowMillis),
    currentTimeNanosUnsafe: () => BigInt(nowMillis()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(nowMillis()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => process.hrtime.bigint() + BigInt(skipped) * 1_000_000n,
    monotonicTimeNanos: Effect.sync(() => process.hrtime.bigint() + BigInt(skipped) * 1_000_000n),
    sleep: (duration) =>
      Duration.isLessThan(duration, instantBelow)
        ? Effect.sync(() => {
            skipped += Duration.toMillis(duration)
          })
        : Effect.callback<void>((resume) => {
            const timer = setTimeout(() => resume(Effect.void), Duration.toMillis(duration))
            return Effect.sync(() => clearTimeout(timer))
          })
  }
}

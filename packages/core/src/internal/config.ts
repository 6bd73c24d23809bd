/**
 * Checks for client options, shared by the providers. Bad configuration is refused when the client is built, before
 * any request, as a `Config.ConfigError` whose message names the setting, the value and what is allowed: a timeout
 * of "soon" or 0, an `ftp://` base URL, a rate limit of 0 (which would hold every send forever).
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** A configuration error with our own message. */
export const invalid = (message: string): Config.ConfigError =>
  new Config.ConfigError(new ConfigProvider.SourceError({ message }))

/** Fails with a configuration error with our own message. */
export const fail = (message: string): Effect.Effect<never, Config.ConfigError> => Effect.fail(invalid(message))

const show = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined)
    return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** A duration greater than zero and finite: `"30 seconds"`, `5000` (milliseconds), a `Duration`. */
export const positiveDuration = (
  name: string,
  value: unknown
): Effect.Effect<Duration.Duration, Config.ConfigError> => {
  const parsed = Duration.fromInput(value as Duration.Input)
  if (Option.isSome(parsed) && Duration.isFinite(parsed.value) && Duration.toMillis(parsed.value) > 0) {
    return Effect.succeed(parsed.value)
  }
  return Effect.fail(
    invalid(
      `${name} must be a positive, finite duration such as "30 seconds", "500 millis" or a number of milliseconds; got ${show(value)}`
    )
  )
}

/** A duration of zero or more, finite. */
export const nonNegativeDuration = (
  name: string,
  value: unknown
): Effect.Effect<Duration.Duration, Config.ConfigError> => {
  const parsed = Duration.fromInput(value as Duration.Input)
  if (Option.isSome(parsed) && Duration.isFinite(parsed.value) && Duration.toMillis(parsed.value) >= 0) {
    return Effect.succeed(parsed.value)
  }
  return Effect.fail(
    invalid(`${name} must be a finite duration of zero or more, such as "5 minutes"; got ${show(value)}`)
  )
}

/** An absolute http:// or https:// URL. */
export const httpUrl = (name: string, value: unknown): Effect.Effect<string, Config.ConfigError> => {
  if (typeof value === "string" && URL.canParse(value)) {
    const url = new URL(value)
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") return Effect.succeed(value)
  }
  return Effect.fail(invalid(`${name} must be an http:// or https:// URL; got ${show(value)}`))
}

/** An integer of at least `min`. */
export const integer = (name: string, value: unknown, min: number): Effect.Effect<number, Config.ConfigError> =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= min
    ? Effect.succeed(value)
    : Effect.fail(invalid(`${name} must be an integer of at least ${min}; got ${show(value)}`))

/** One of the allowed strings. */
export const oneOf = <const A extends string>(
  name: string,
  value: unknown,
  allowed: ReadonlyArray<A>
): Effect.Effect<A, Config.ConfigError> =>
  typeof value === "string" && (allowed as ReadonlyArray<string>).includes(value)
    ? Effect.succeed(value as A)
    : Effect.fail(
        invalid(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}; got ${show(value)}`)
      )

/**
 * How the CLI reports failures: one clear line (the code, the provider's Turkish message, the English meaning with a
 * hint) and an exit code by kind, with no stack trace for expected failures.
 *
 * Exit codes: 2 usage or configuration, 3 authentication or permission, 4 transient (retry later), 5 a send whose
 * outcome is unknown (check before resending), 1 anything else the provider refused.
 *
 * @since 0.1.0
 */
import { SmsError } from "@effect-sms/core"
import { Console, Effect, type PlatformError, Predicate, Runtime } from "effect"

/**
 * @since 0.1.0
 */
export const ExitCode = {
  Failure: 1,
  Usage: 2,
  Auth: 3,
  Transient: 4,
  OutcomeUnknown: 5
} as const

/**
 * A failure that has already been printed, carrying its exit code for `NodeRuntime.runMain`.
 *
 * @since 0.1.0
 */
export class Reported {
  readonly _tag = "Reported"
  readonly [Runtime.errorExitCode]: number
  readonly [Runtime.errorReported] = false
  readonly exitCode: number
  constructor(exitCode: number) {
    this.exitCode = exitCode
    this[Runtime.errorExitCode] = exitCode
  }
}

// A sender ID that is not approved (450) is a refusal of this request's content, not of the credentials: exit 1.
const authTags = new Set([
  "AuthenticationFailed",
  "NoActiveSubscription",
  "SubscriptionQuotaExceeded",
  "PermissionDenied",
  "AccountInactive"
])

// File-system failures on a path the user gave (`--to-file`, `--out`) are usage errors; others (a full disk) are not.
const usagePlatformReasons = new Set(["NotFound", "PermissionDenied", "AlreadyExists", "BadArgument"])

const isPlatformError = (e: unknown): e is PlatformError.PlatformError =>
  Predicate.hasProperty(e, "_tag") && e._tag === "PlatformError" && Predicate.hasProperty(e, "reason")

/**
 * The exit code for an error.
 *
 * @since 0.1.0
 */
export const exitCodeOf = (e: unknown): number => {
  if (SmsError.isSmsError(e)) {
    if (e._tag === "InvalidInput") return ExitCode.Usage
    if (e._tag === "SendOutcomeUnknown") return ExitCode.OutcomeUnknown
    if (authTags.has(e._tag)) return ExitCode.Auth
    // Whatever the classifier calls transient (503, 429, other 5xx, transport failures, broken bodies) is worth
    // trying later.
    if (SmsError.disposition(e).transient) return ExitCode.Transient
    return ExitCode.Failure
  }
  // The Sms service's own: an exhausted chain exits as its last provider's error did; a split message that only
  // partly went out exits 5 when a part's outcome is unknown (check before resending), else 1.
  if (Predicate.hasProperty(e, "_tag") && e._tag === "FailoverExhausted" && Predicate.hasProperty(e, "cause")) {
    return exitCodeOf(e.cause)
  }
  if (Predicate.hasProperty(e, "_tag") && e._tag === "SendIncomplete" && Predicate.hasProperty(e, "failures")) {
    const failures = e.failures as ReadonlyArray<{ readonly error: unknown }>
    return failures.some((f) => exitCodeOf(f.error) === ExitCode.OutcomeUnknown)
      ? ExitCode.OutcomeUnknown
      : ExitCode.Failure
  }
  if (Predicate.hasProperty(e, "_tag") && e._tag === "ConfigError") return ExitCode.Usage
  if (Predicate.hasProperty(e, "_tag") && e._tag === "Usage") return ExitCode.Usage
  if (isPlatformError(e)) return usagePlatformReasons.has(e.reason._tag) ? ExitCode.Usage : ExitCode.Failure
  return ExitCode.Failure
}

// Some codes mean different things by endpoint: 455 is "no such order" to a report, but to a cancel it also covers
// an order that has already gone out. 460 is the provider's sender-format check, which refuses more than Turkish
// letters.
const inContext: Record<string, Record<string, string>> = {
  OrderNotFound: {
    cancel: "No such order on this account, or it can no longer be cancelled (it has started sending or has finished).",
    report: "No such order on this account: check the order id (`orders` lists the account's orders)."
  },
  InvalidSender: {
    send: "The provider refused the sender ID's form: at most 11 characters, ASCII letters, digits and spaces only (no Turkish letters, emoji or tabs)."
  }
}

const explain = (tag: string, command: string | undefined): string | undefined =>
  command === undefined ? undefined : inContext[tag]?.[command]

/**
 * The one line printed for an error.
 *
 * @since 0.1.0
 */
export const render = (e: unknown, command?: string): string => {
  if (SmsError.isSmsError(e)) {
    if (e instanceof SmsError.InvalidInput) return `error: invalid ${e.field} (${e.rule}): ${e.message}`
    if (e instanceof SmsError.TransportError)
      return `error: ${e.kind} failure calling ${e.method}: ${e.message} — ${e.explanation}`
    if (e instanceof SmsError.DecodeError) return `error: unexpected response from ${e.method}: ${e.message}`
    if (e instanceof SmsError.SendOutcomeUnknown)
      return `error: send outcome unknown — ${e.message}. ${e.explanation} (window ${e.windowStart} .. ${e.windowEnd})`
    // Status errors, the shared classes and providers' own alike, carry the provider's code.
    if (Predicate.hasProperty(e, "code"))
      return `error: ${String(e.code)} ${e.message} — ${explain(e._tag, command) ?? e.explanation}`
    return `error: ${String(e)}`
  }
  if (Predicate.hasProperty(e, "_tag") && e._tag === "ConfigError") {
    // A value the client refused (a timeout of 0, an ftp:// base URL, a hash and a secret both set): its own message
    // names the setting and what it allows.
    const cause = (e as { cause?: unknown }).cause
    if (Predicate.hasProperty(cause, "_tag") && cause._tag === "SourceError") {
      return `error: configuration: ${String((cause as { message?: unknown }).message)}`
    }
    const message = String((e as { message?: unknown }).message ?? e)
    const name = /(?:ILETIMERKEZI|TURKEYSMS)_[A-Z_]+/.exec(message)?.[0]
    return name === undefined
      ? `error: configuration: ${message}`
      : `error: missing or invalid ${name}${message.includes("ILETIMERKEZI_API_SECRET") && name !== "ILETIMERKEZI_API_SECRET" ? " (or ILETIMERKEZI_API_SECRET)" : ""}: set it in the environment, or use --simulator`
  }
  if (Predicate.hasProperty(e, "_tag") && e._tag === "SqlError") {
    // A Postgres target (`export --out postgres://…`) that cannot be reached or refuses a statement: one line with
    // the driver's reason, and never the URL's password.
    const cause = (e as { cause?: unknown }).cause
    const reason =
      Predicate.hasProperty(cause, "message") && typeof cause.message === "string" ? `: ${cause.message}` : ""
    const text = `${String((e as { message?: unknown }).message ?? "SqlError")}${reason}`
    return `error: postgres: ${text.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*):[^@\s]*@/gi, "$1:***@")}`
  }
  if (Predicate.hasProperty(e, "message") && typeof e.message === "string") return `error: ${e.message}`
  return `error: ${String(e)}`
}

/**
 * A usage error raised by a command's own checks.
 *
 * @since 0.1.0
 */
export class Usage {
  readonly _tag = "Usage"
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

/**
 * Prints expected failures as one line and turns them into a `Reported` exit.
 *
 * @since 0.1.0
 */
export const report = <A, E, R>(self: Effect.Effect<A, E, R>, command?: string): Effect.Effect<A, E | Reported, R> =>
  // Command-line parse errors never reach here: effect/cli reports them before any handler runs.
  Effect.catch(self, (e): Effect.Effect<never, E | Reported> => {
    if (
      SmsError.isSmsError(e) ||
      isPlatformError(e) ||
      (Predicate.hasProperty(e, "_tag") &&
        (e._tag === "ConfigError" ||
          e._tag === "Usage" ||
          e._tag === "SqlError" ||
          e._tag === "FailoverExhausted" ||
          e._tag === "SendIncomplete"))
    ) {
      return Effect.andThen(Console.error(render(e, command)), Effect.fail(new Reported(exitCodeOf(e))))
    }
    return Effect.fail(e)
  })

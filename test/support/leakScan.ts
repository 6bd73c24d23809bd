/**
 * What the leak tests of every provider share: every encoded form of the secrets to look for, a logger and a tracer
 * that keep everything a real one would see, and the scans of a failure and of the logs and spans for those forms.
 */
import { inspect } from "node:util"
import { assert } from "@effect/vitest"
import { Redaction } from "@effect-sms/core"
import { Cause, Effect, type Exit, Logger, References, Tracer } from "effect"
import { deepText } from "./deepText.ts"

export const leakScan = (secrets: ReadonlyArray<string>) => {
  /** Every form of every secret a text must not contain. */
  const forbidden = secrets.flatMap((s) => Redaction.formsOf(s))

  const assertClean = (what: string, text: string) => {
    for (const form of forbidden) {
      const at = text.indexOf(form)
      assert.isFalse(
        at >= 0,
        `${what} carries a secret (${JSON.stringify(form)}):\n${text.slice(Math.max(0, at - 1500), at + 200)}`
      )
    }
  }

  /** Log lines at any level, as any logger would see them (message, annotations, cause), and every span. */
  const capture = () => {
    const lines: Array<string> = []
    const logger = Logger.make((options) => {
      lines.push(
        inspect(
          {
            message: options.message,
            cause: options.cause,
            annotations: options.fiber.getRef(References.CurrentLogAnnotations)
          },
          { depth: 20 }
        ),
        Cause.pretty(options.cause)
      )
    })
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    /** Runs an effect with this logger (every level) and this tracer, to its exit. */
    const observe = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.exit(effect).pipe(
        Effect.provide(Logger.layer([logger])),
        Effect.provideService(References.MinimumLogLevel, "All"),
        Effect.provideService(Tracer.Tracer, tracer)
      )
    /** Every log line and span is clean; and there were spans to look at. */
    const assertTelemetryClean = () => {
      assert.isAbove(spans.length, 0)
      for (const line of lines) assertClean("a log line", line)
      for (const span of spans) {
        assertClean(`span ${span.name}`, inspect(span, { depth: 20 }))
        assertClean(`span ${span.name} (every reachable string and byte)`, deepText(span))
      }
    }
    return { lines, spans, logger, tracer, observe, assertTelemetryClean }
  }

  /** A failed call: a typed failure (no defect) whose every rendering is clean. */
  const assertFailureClean = (name: string, exit: Exit.Failure<unknown, unknown>) => {
    assert.isFalse(Cause.hasDies(exit.cause), Cause.pretty(exit.cause))
    const error = Cause.squash(exit.cause)
    assertClean(`${name}: String(error)`, String(error))
    assertClean(`${name}: JSON.stringify(error)`, JSON.stringify(error))
    assertClean(`${name}: util.inspect(error)`, inspect(error, { depth: 20 }))
    assertClean(`${name}: every reachable string and byte of the error`, deepText(error))
    assertClean(`${name}: Cause.pretty`, Cause.pretty(exit.cause))
    assertClean(`${name}: util.inspect(exit)`, inspect(exit, { depth: 20 }))
  }

  return { forbidden, assertClean, capture, assertFailureClean }
}

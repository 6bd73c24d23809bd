/**
 * Receiving iletiMerkezi delivery-report webhooks in an Effect HTTP server. The route acknowledges each POST at once
 * (the provider documents no retry policy, so a slow receiver risks losing reports), drops repeats of the same
 * `(id, status)`, and hands the reports to the application as a Stream.
 *
 * @since 0.1.0
 */
import { IletiMerkeziWebhook } from "@effect-sms/core"
import { Effect, type Layer, Queue, Stream } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/**
 * A webhook receiver: its reports as a Stream, and the route that feeds it.
 *
 * @since 0.1.0
 */
export interface Receiver {
  /** Reports in arrival order, without duplicates. Meant for one consumer. */
  readonly reports: Stream.Stream<IletiMerkeziWebhook.Report>
  /** Adds `POST <path>` to an `HttpRouter`. */
  readonly route: Layer.Layer<never, never, HttpRouter.HttpRouter>
  /** How many deliveries were dropped as duplicates. */
  readonly duplicates: Effect.Effect<number>
}

/**
 * Receiver options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Default `/webhooks/iletimerkezi`. */
  readonly path?: `/${string}` | undefined
  /** How many recent `(id, status)` keys are remembered for de-duplication. Default 100,000. */
  readonly dedupeWindow?: number | undefined
}

/**
 * Makes a receiver.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options = {}) {
  const queue = yield* Queue.unbounded<IletiMerkeziWebhook.Report>()
  const capacity = options.dedupeWindow ?? 100_000
  // Insertion-ordered set as a bounded LRU of recent keys.
  const seen = new Set<string>()
  let duplicates = 0

  const handler = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.result(request.json)
    if (body._tag === "Failure") return HttpServerResponse.text("invalid JSON", { status: 400 })
    const report = yield* Effect.result(IletiMerkeziWebhook.decode(body.success))
    if (report._tag === "Failure")
      return HttpServerResponse.text(`invalid report: ${report.failure.message}`, { status: 400 })
    const key = report.success.key
    if (seen.has(key)) {
      duplicates++
    } else {
      seen.add(key)
      if (seen.size > capacity) seen.delete(seen.values().next().value!)
      yield* Queue.offer(queue, report.success)
    }
    return HttpServerResponse.text("OK")
  })

  return {
    reports: Stream.fromQueue(queue),
    route: HttpRouter.add("POST", options.path ?? "/webhooks/iletimerkezi", handler),
    duplicates: Effect.sync(() => duplicates)
  } satisfies Receiver
})

/**
 * Status watching: polls message statuses in rounds, `every` apart, with bounded concurrency, and emits a status
 * each time a message's state changes (its first state included). A message leaves the rounds once its state is
 * final; the stream ends when every message is final. The client's `watch` is this over its `getStatus`.
 *
 * @since 0.1.0
 */
import { type Duration, Effect, Option, Stream } from "effect"
import type { MessageStatus } from "./Schema.ts"

/**
 * Watch options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The pause between two rounds. */
  readonly every: Duration.Input
  /** How many statuses are queried at once. Default 4. */
  readonly concurrency?: number | undefined
}

interface Round {
  readonly index: number
  /** Each message still watched, with the last state seen. */
  readonly pending: ReadonlyMap<string, string | undefined>
}

/**
 * Polls `ids` until each is final, emitting changes in the order of `ids` within each round.
 *
 * @since 0.1.0
 */
export const watch = <E, R>(
  ids: ReadonlyArray<string>,
  getStatus: (id: string) => Effect.Effect<MessageStatus, E, R>,
  options: Options
): Stream.Stream<MessageStatus, E, R> => {
  const first: Round = { index: 0, pending: new Map(Array.from(new Set(ids), (id) => [id, undefined])) }
  if (first.pending.size === 0) return Stream.empty
  return Stream.paginate(first, (round: Round) =>
    Effect.gen(function* () {
      if (round.index > 0) yield* Effect.sleep(options.every)
      const ids = [...round.pending.keys()]
      const statuses = yield* Effect.forEach(ids, getStatus, { concurrency: options.concurrency ?? 4 })
      const changes: Array<MessageStatus> = []
      const pending = new Map<string, string | undefined>()
      statuses.forEach((status, i) => {
        const id = ids[i]!
        // An unknown state is told apart by its raw value: a change between two unknown states is a change.
        const seen = status.rawState === undefined ? status.state : `${status.state}:${status.rawState}`
        if (round.pending.get(id) !== seen) changes.push(status)
        if (!status.final) pending.set(id, seen)
      })
      const next: Option.Option<Round> =
        pending.size === 0 ? Option.none() : Option.some({ index: round.index + 1, pending })
      return [changes, next] as const
    })
  )
}

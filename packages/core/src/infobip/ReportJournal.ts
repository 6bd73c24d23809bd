/**
 * The at-least-once contract of the delivery-report drain (`docs/providers/infobip.md` §6).
 *
 * Infobip returns each delivery report once and then forgets it, so a batch read from `/sms/{1,3}/reports` exists
 * only in our process until the caller has stored it. The drain therefore writes every batch to a {@link Journal}
 * before handing it to the caller, and clears the journal only when the caller asks for the next batch (or the
 * stream ends). If the caller's sink fails, or the process dies, while a batch is out, the batch is still in the
 * journal and is handed out first by the next drain: a report can be delivered twice (make the sink idempotent on
 * `messageId` and status), never lost. The gap no client can close is a batch Infobip has already read out whose
 * answer never arrives (the connection breaks after the provider answered, or the process dies between the answer
 * and the journal write): the provider has deleted it and we never had it.
 *
 * @since 0.1.0
 */
import { Effect, Schema, Semaphore, Stream } from "effect"
import type * as S from "./Schema.ts"

/**
 * The journal could not be read or written.
 *
 * @since 0.1.0
 */
export class JournalError extends Schema.TaggedError<JournalError>()("JournalError", {
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect())
}) {}

/**
 * Where a batch waits while the caller processes it: at most one batch, in its wire form.
 *
 * @since 0.1.0
 */
export interface Journal {
  /** The batch handed out and not acknowledged, if any. */
  readonly load: Effect.Effect<ReadonlyArray<S.DeliveryReport> | undefined, JournalError>
  /** Remembers a batch before it is handed out. */
  readonly save: (batch: ReadonlyArray<S.DeliveryReport>) => Effect.Effect<void, JournalError>
  /** Forgets the batch once the caller has taken it. */
  readonly clear: Effect.Effect<void, JournalError>
}

/**
 * A journal in memory: survives a failed sink within the process (the next drain of the same client hands the batch
 * out again), not a crash. For crashes use a durable journal (node-runtime's file journal).
 *
 * @since 0.1.0
 */
export const memory = (): Journal => {
  let pending: ReadonlyArray<S.DeliveryReport> | undefined
  return {
    load: Effect.sync(() => pending),
    save: (batch) =>
      Effect.sync(() => {
        pending = batch
      }),
    clear: Effect.sync(() => {
      pending = undefined
    })
  }
}

/**
 * Drains `fetch` batch by batch through `journal`: the pending batch of an earlier drain first, then each fetched
 * batch, until a fetch comes back empty. A batch is fetched only when the consumer pulls, that is after it has
 * finished with the previous one; so consume the stream without read-ahead (no `Stream.buffer` before the sink).
 *
 * A journal holds one batch, so drains through the same journal run one at a time: a second drain started while one
 * is running waits until the first has ended (its stream completed, failed or was interrupted) and then begins with
 * whatever batch the first left behind. Two drains at once would otherwise overwrite each other's batch.
 *
 * @since 0.1.0
 */
export const drain = <A, E, R>(
  fetch: Effect.Effect<ReadonlyArray<S.DeliveryReport>, E, R>,
  journal: Journal,
  decode: (r: S.DeliveryReport) => A
): Stream.Stream<ReadonlyArray<A>, E | JournalError, R> =>
  Stream.unwrap(
    // Held for the stream's lifetime: released when it ends, fails or is interrupted.
    Effect.as(Semaphore.takeScoped(lockOf(journal), 1), batches(fetch, journal, decode))
  )

// One lock per journal object, so that two clients given the same journal are serialised as well.
const locks = new WeakMap<Journal, Semaphore.Semaphore>()
const lockOf = (journal: Journal): Semaphore.Semaphore => {
  let lock = locks.get(journal)
  if (lock === undefined) {
    lock = Semaphore.makeUnsafe(1)
    locks.set(journal, lock)
  }
  return lock
}

const batches = <A, E, R>(
  fetch: Effect.Effect<ReadonlyArray<S.DeliveryReport>, E, R>,
  journal: Journal,
  decode: (r: S.DeliveryReport) => A
): Stream.Stream<ReadonlyArray<A>, E | JournalError, R> =>
  Stream.unfold(0, (n: number) =>
    Effect.gen(function* () {
      if (n === 0) {
        const pending = yield* journal.load
        if (pending !== undefined && pending.length > 0) return [pending.map(decode), 1] as const
      } else {
        // The consumer pulled again: it has taken the previous batch.
        yield* journal.clear
      }
      const batch = yield* fetch
      if (batch.length === 0) return undefined
      yield* journal.save(batch)
      return [batch.map(decode), n + 1] as const
    })
  )

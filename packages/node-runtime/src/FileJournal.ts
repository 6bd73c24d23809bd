/**
 * A durable journal for Infobip's delivery-report drain: the batch in hand is kept in one JSON file, written to a
 * temporary file, synced and renamed, so that a crash leaves either the old batch or the new one, never half of one.
 * A drain started after a crash hands that batch out again before reading new reports (at least once).
 *
 * @since 0.1.0
 */
import { ReportJournal, Schema as Wire } from "@effect-sms/core/infobip"
import { Effect, FileSystem, Path, Schema } from "effect"

const decodeBatch = Schema.decodeUnknownEffect(Schema.Array(Wire.DeliveryReport))

/**
 * A journal kept in the file at `path`.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const paths = yield* Path.Path
  const temp = paths.join(paths.dirname(path), `.${paths.basename(path)}.partial`)
  const fail = (what: string) => (cause: unknown) =>
    new ReportJournal.JournalError({ message: `${what} ${path} failed`, cause })
  const journal: ReportJournal.Journal = {
    load: Effect.gen(function* () {
      if (!(yield* fs.exists(path))) return undefined
      const text = yield* fs.readFileString(path)
      const parsed = yield* Effect.try(() => JSON.parse(text) as unknown)
      return yield* decodeBatch(parsed)
    }).pipe(Effect.mapError(fail("reading the journal"))),
    save: (batch) =>
      Effect.gen(function* () {
        yield* fs.writeFileString(temp, JSON.stringify(batch))
        yield* Effect.scoped(Effect.flatMap(fs.open(temp, { flag: "r+" }), (file) => file.sync))
        yield* fs.rename(temp, path)
      }).pipe(Effect.mapError(fail("writing the journal"))),
    clear: fs.remove(path, { force: true }).pipe(Effect.mapError(fail("clearing the journal")))
  }
  return journal
})

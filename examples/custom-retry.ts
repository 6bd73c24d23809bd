/**
 * Tune retries. A policy is a Schedule; effect-sms only ever retries what is safe (503, rate limits, failures before
 * a request was sent, and for reads timeouts and broken bodies), and a server's Retry-After wins over the backoff.
 *
 *   node examples/custom-retry.ts
 */

import { NodeRuntime } from "@effect/platform-node"
import { IletiMerkezi, Retry } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Console, Effect, Schedule } from "effect"

// For the whole client: patient backoff, up to 8 attempts within 2 minutes.
const patient = Retry.make({ base: "500 millis", cap: "20 seconds", maxAttempts: 8, maxElapsed: "2 minutes" })

// Any Schedule works too: here a fixed 1 s delay, 3 retries.
const fixed = Retry.fromSchedule(Schedule.spaced("1 second").pipe(Schedule.upTo({ times: 3 })))

const program = Effect.gen(function* () {
  const sms = yield* IletiMerkezi.IletiMerkeziClient
  const balance = yield* sms.getBalance.pipe(Retry.withPolicy(fixed)) // per call
  yield* Console.log(`${balance.sms} SMS credits`)
  // No retries at all for this one: fail fast.
  const senders = yield* sms.getSenders.pipe(Retry.withPolicy(Retry.none))
  yield* Console.log(senders.join(", "))
})

program.pipe(Effect.provide(NodeSms.layerConfig({ retry: patient })), NodeRuntime.runMain)

/**
 * The simulator behaves like Infobip's documented API closely enough that the community Node SDK
 * (`@infobip-api/sdk`, axios-based, v2 send and v1 reports/logs/preview/bulks) works against it unchanged.
 */

import { assert, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { AuthType, Infobip as InfobipSdk } from "@infobip-api/sdk"
import { Effect } from "effect"

const sdk = Effect.map(
  Effect.service(Simulator.Simulator),
  (sim) =>
    new InfobipSdk({
      baseUrl: `${sim.origin}/infobip`,
      apiKey: InfobipSimulator.DemoAccount.apiKeys[0]!,
      authType: AuthType.ApiKey
    })
)

// The SDK returns (does not throw) axios errors: a response with `data` is a success here.
type Response = { readonly status?: number; readonly data?: any }
const call = (f: () => Promise<unknown>) => Effect.promise(() => f() as Promise<Response>)

layer(
  Simulator.layer({
    seed: "infobip-sdk",
    providers: { infobip: { delivery: { delay: { min: "10 millis", max: "30 millis" } } } }
  }),
  { excludeTestServices: true }
)("@infobip-api/sdk against the simulator", (it) => {
  it.effect("send, preview, delivery reports, logs and a scheduled bulk", () =>
    Effect.gen(function* () {
      const infobip = yield* sdk
      const sent = yield* call(() =>
        infobip.channels.sms.send({
          messages: [
            { destinations: [{ to: "41793026727" }, { to: "41793026728" }], from: "SDK", text: "Hello from the SDK" }
          ]
        })
      )
      assert.strictEqual(sent.status, 200)
      assert.strictEqual(sent.data.messages.length, 2)
      assert.strictEqual(sent.data.messages[0].status.groupName, "PENDING")
      const ids: Array<string> = sent.data.messages.map((m: { messageId: string }) => m.messageId)

      const preview = yield* call(() => infobip.channels.sms.preview({ text: "Şişli", languageCode: "TR" }))
      assert.strictEqual(preview.data.previews.length, 2)

      yield* Effect.sleep("200 millis")
      const reports = yield* call(() => infobip.channels.sms.reports.get({ limit: 10 }))
      assert.deepStrictEqual(
        reports.data.results.map((r: { messageId: string }) => r.messageId).sort(),
        [...ids].sort()
      )

      const logs = yield* call(() => infobip.channels.sms.logs.get({ messageId: ids[0] }))
      assert.strictEqual(logs.data.results[0].messageId, ids[0])

      const at = new Date(Date.now() + 3_600_000).toISOString().replace("Z", "+0000")
      const scheduled = yield* call(() =>
        infobip.channels.sms.send({
          bulkId: "sdk-bulk",
          messages: [{ destinations: [{ to: "41793026729" }], text: "later", sendAt: at }]
        })
      )
      assert.strictEqual(scheduled.data.bulkId, "sdk-bulk")
      const got = yield* call(() => infobip.channels.sms.scheduled.get("sdk-bulk"))
      assert.strictEqual(got.data.bulkId, "sdk-bulk")
      const paused = yield* call(() => infobip.channels.sms.status.update("sdk-bulk", "PAUSED"))
      assert.strictEqual(paused.data.status, "PAUSED")
      const status = yield* call(() => infobip.channels.sms.status.get("sdk-bulk"))
      assert.strictEqual(status.data.status, "PAUSED")
    })
  )
})

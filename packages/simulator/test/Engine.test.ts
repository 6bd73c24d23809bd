/**
 * The provider-neutral engine with a provider module of the test's own: its routes are served beside iletiMerkezi's,
 * its options and control handle reach it, faults by route name apply to it, the request log names it, `Date` comes
 * from the simulated clock, and its `tick` runs when the clock moves.
 */

import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { type Engine, Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"

const T0 = Date.parse("2026-04-29T07:00:00Z")

interface Control {
  readonly greeting: string
  readonly ticks: Array<number>
}

const echo: Engine.Provider.Module<Control> = {
  name: "echo",
  make: (ctx) =>
    Effect.sync(() => {
      const control: Control = {
        greeting: String((ctx.options as { greeting?: string } | undefined)?.greeting),
        ticks: []
      }
      const json = (status: number, body: unknown): Engine.Provider.Reply => ({
        status,
        contentType: "application/json",
        body: JSON.stringify(body)
      })
      return {
        route: (method, path) =>
          path.startsWith("/echo/")
            ? { name: `echo/${method.toLowerCase()}${path.slice(5)}`, format: "json" }
            : undefined,
        handle: (request) =>
          Effect.succeed({
            ...json(200, {
              greeting: control.greeting,
              path: request.path,
              q: request.query.get("q"),
              body: request.body
            }),
            account: request.headers["x-account"]
          }),
        faultReply: (fault, _route, retryAfterSeconds) =>
          json(fault === "429" ? 429 : 503, { error: fault, retryAfter: retryAfterSeconds }),
        tick: (now) =>
          Effect.sync(() => {
            control.ticks.push(now)
          }),
        control
      }
    })
}

const layer = Simulator.layer({
  clock: { start: T0 },
  modules: [echo],
  providers: { echo: { greeting: "merhaba" } },
  webhookPollInterval: "1 hour"
})

describe("simulator engine", () => {
  it.live("mounts a provider module beside iletiMerkezi, with its options, faults, log and clock", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const client = yield* HttpClient.HttpClient
      const control = sim.control(echo)
      assert.strictEqual(control.greeting, "merhaba")

      const response = yield* client.execute(
        HttpClientRequest.post(`${sim.origin}/echo/hello?q=1`).pipe(
          HttpClientRequest.setHeader("x-account", "acme"),
          HttpClientRequest.bodyText("payload")
        )
      )
      assert.deepStrictEqual(yield* response.json, {
        greeting: "merhaba",
        path: "/echo/hello",
        q: "1",
        body: "payload"
      })
      // `Date` is the simulated clock's, to the second.
      assert.strictEqual(Date.parse(response.headers.date!), Math.floor((yield* sim.clock.now) / 1000) * 1000)

      yield* sim.setFaults({ "echo/post/hello": ["503"] })
      const faulted = yield* client.execute(HttpClientRequest.post(`${sim.origin}/echo/hello`))
      assert.strictEqual(faulted.status, 503)
      assert.deepStrictEqual(yield* faulted.json, { error: "503", retryAfter: 0 })

      // iletiMerkezi still answers its own routes.
      const balance = yield* client.execute(
        HttpClientRequest.post(`${sim.url}/get-balance/json`).pipe(HttpClientRequest.bodyText("{}"))
      )
      assert.strictEqual(balance.status, 400)

      const log = yield* sim.requests
      assert.deepStrictEqual(
        log.map((e) => [e.provider, e.route, e.status, e.fault, e.apiKey]),
        [
          ["echo", "echo/post/hello", 200, undefined, "acme"],
          ["echo", "echo/post/hello", 503, "503", undefined],
          ["iletimerkezi", "get-balance", 400, undefined, undefined]
        ]
      )
      assert.strictEqual(yield* sim.requestCount("echo/post/hello"), 2)

      const before = control.ticks.length
      yield* sim.clock.advance("1 minute")
      assert.isAbove(control.ticks.length, before)
      assert.strictEqual(control.ticks.at(-1), yield* sim.clock.now)
    }).pipe(Effect.provide(Layer.merge(layer, NodeHttpClient.layerUndici)))
  )
})

/**
 * Helpers for the simulator's tests: every call goes over real loopback HTTP through undici.
 */

import * as Http from "node:http"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"

export const auth = { key: Simulator.DemoAccount.apiKey, hash: Simulator.DemoAccount.apiHash }

export interface Raw {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** POSTs a raw body to a path under the simulator's `/v1`. */
export const postRaw = (path: string, body: string, contentType = "application/json", method = "POST") =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.make(method as "POST")(`${sim.url}${path}`)
    const response = yield* client.execute(
      method === "GET" ? request : HttpClientRequest.bodyText(request, body, contentType)
    )
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text } satisfies Raw
  })

/** A JSON envelope reply, parsed. */
export interface Json extends Raw {
  readonly code: number
  readonly message: string
  readonly response: any
}

/** Calls a method over JSON with the demo credentials (or `authentication` from `request`). */
export const call = (method: string, request: Readonly<Record<string, unknown>> = {}) =>
  Effect.flatMap(postRaw(`/${method}/json`, JSON.stringify({ request: { authentication: auth, ...request } })), (raw) =>
    Effect.sync((): Json => {
      const parsed = JSON.parse(raw.text)
      return {
        ...raw,
        response: parsed.response,
        code: parsed.response.status.code,
        message: parsed.response.status.message
      }
    })
  )

/** A send-sms order body with sensible defaults. */
export const order = (overrides: Readonly<Record<string, unknown>> = {}) => ({
  order: {
    sender: "APITEST",
    sendDateTime: "",
    iys: "0",
    message: { text: "Merhaba", receipents: { number: ["5051234567"] } },
    ...overrides
  }
})

/** A message with a text and recipients. */
export const message = (text: string, ...numbers: Array<string>) => ({ text, receipents: { number: numbers } })

/** Sends and returns the new order id, failing the test on anything but 200. */
export const send = (overrides: Readonly<Record<string, unknown>> = {}) =>
  Effect.flatMap(call("send-sms", order(overrides)), (r) =>
    r.code === 200 ? Effect.succeed(r.response.order.id as string) : Effect.die(new Error(`send-sms: ${r.text}`))
  )

/** The simulator layer with an undici client beside it. */
export const withClient = <E>(simulator: Layer.Layer<Simulator.Simulator, E>) =>
  Layer.merge(simulator, NodeHttpClient.layerUndici)

/** 2026-04-29 12:00:00 Turkey time. */
export const T0 = Date.parse("2026-04-29T09:00:00Z")

/** A tiny webhook receiver on a raw Node server: records every JSON body POSTed to it. */
export const webhookReceiver = Effect.acquireRelease(
  Effect.callback<{ readonly url: string; readonly received: Array<unknown>; readonly server: Http.Server }>(
    (resume) => {
      const received: Array<unknown> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")))
          res.writeHead(200).end()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number }
        resume(Effect.succeed({ url: `http://127.0.0.1:${address.port}/hook`, received, server }))
      })
    }
  ),
  ({ server }) =>
    Effect.callback<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

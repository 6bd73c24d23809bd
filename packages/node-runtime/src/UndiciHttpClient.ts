/**
 * A lean `HttpClient` over undici's `Dispatcher.request`, for the per-call cost of small API calls.
 *
 * `HttpClient.make` keeps every behaviour of effect's clients: the URL is built and checked there, the `http.client`
 * span with its attributes and trace propagation headers, and the abort signal that is fired when the calling fiber
 * is interrupted before the response (and, for an unscoped request, while its body is read). What this module
 * replaces is `@effect/platform-node`'s undici runner, which per request builds its options through a spread of a
 * fiber reference, converts the body through an extra Effect, wraps the response in a merged-context transform,
 * rebuilds the response `Headers` on every access, and reads the body through `Effect.cached` run with
 * `Effect.runSync` (a fiber per response). Here the headers are built once, and the body is read through one
 * promise, cached so that reading a response twice gives the same bytes, as effect's response does.
 *
 * The response body stays a stream: `stream` reads undici's body as it arrives (with backpressure), `arrayBuffer`
 * reads it whole. Upgrades are not supported (no effect-sms call upgrades): `upgrade` fails.
 *
 * @since 0.1.0
 */
import * as NodeStream from "@effect/platform-node/NodeStream"
import { Agent, type Dispatcher, FormData as UndiciFormData } from "@effect/platform-node/Undici"
import * as Effect from "effect/Effect"
import * as Cookies from "effect/http/Cookies"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as HttpIncomingMessage from "effect/http/HttpIncomingMessage"
import * as UrlParams from "effect/http/UrlParams"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { pipeArguments } from "effect/Pipeable"
import type * as Stream from "effect/Stream"

/**
 * An `HttpClient` that sends through `dispatcher`.
 *
 * @since 0.1.0
 */
export const make = (dispatcher: Dispatcher): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal) => {
    const body = request.body
    switch (body._tag) {
      case "Empty":
        return send(dispatcher, request, url, signal, null)
      case "Uint8Array":
      case "Raw":
        return send(dispatcher, request, url, signal, body.body as Body)
      case "Stream":
        return Effect.flatMap(NodeStream.toReadable(body.stream), (readable) =>
          send(dispatcher, request, url, signal, readable)
        )
      case "FormData": {
        // undici sets the multipart content type with its boundary.
        const form = new UndiciFormData()
        for (const [key, value] of body.formData) form.append(key, value)
        return send(dispatcher, HttpClientRequest.removeHeader(request, "content-type"), url, signal, form)
      }
    }
  })

type Body = Exclude<Dispatcher.DispatchOptions["body"], undefined>

const send = (
  dispatcher: Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal,
  body: Body
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.callback((resume) => {
    dispatcher
      .request({
        method: request.method as Dispatcher.HttpMethod,
        origin: url.origin,
        path: url.pathname + url.search,
        headers: request.headers as Record<string, string>,
        body,
        signal,
        // Timeouts are the caller's (effect-sms's executors time the whole exchange, body included).
        headersTimeout: 60 * 60 * 1000,
        bodyTimeout: 0
      })
      .then(
        (source) => resume(Effect.succeed(new UndiciResponse(request, source, url))),
        (cause) =>
          resume(
            Effect.fail(
              new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })
            )
          )
      )
  })

/**
 * undici's `HttpClient` over its own `Agent` (closed with the layer), with the given connection options.
 *
 * @since 0.1.0
 */
export const layer = (options: Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => new Agent(options)),
        (agent) => Effect.promise(() => agent.destroy())
      ),
      make
    )
  )

const noop = () => {}

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId] = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId] = HttpIncomingMessage.TypeId
  readonly request: HttpClientRequest.HttpClientRequest
  readonly source: Dispatcher.ResponseData
  readonly url: string
  private cachedHeaders: Headers.Headers | undefined
  private cachedCookies: Cookies.Cookies | undefined
  private cachedBody: Promise<ArrayBuffer> | undefined

  constructor(request: HttpClientRequest.HttpClientRequest, source: Dispatcher.ResponseData, url: URL) {
    super()
    this.request = request
    this.source = source
    this.url = url.hash === "" ? url.href : url.href.slice(0, url.href.indexOf("#"))
    // An error of an unread body must not become an unhandled 'error' event.
    source.body.on("error", noop)
  }

  get status(): number {
    return this.source.statusCode
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) this.cachedHeaders = Headers.fromInput(this.source.headers as any)
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    if (this.cachedCookies === undefined) {
      const header = this.source.headers["set-cookie"]
      this.cachedCookies = header === undefined ? Cookies.empty : Cookies.fromSetCookie(header)
    }
    return this.cachedCookies
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown): HttpClientError.HttpClientError {
    return new HttpClientError.HttpClientError({
      reason: new HttpClientError.DecodeError({ request: this.request, response: this, cause })
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.HttpClientError> {
    return NodeStream.fromReadable({
      evaluate: () => this.source.body,
      onError: (cause) => this.decodeError(cause)
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.HttpClientError> {
    return Effect.callback((resume) => {
      if (this.cachedBody === undefined) this.cachedBody = this.source.body.arrayBuffer()
      this.cachedBody.then(
        (buffer) => resume(Effect.succeed(buffer)),
        (cause) => resume(Effect.fail(this.decodeError(cause)))
      )
    })
  }

  get text(): Effect.Effect<string, HttpClientError.HttpClientError> {
    return Effect.map(this.arrayBuffer, (buffer) => new TextDecoder().decode(buffer))
  }

  get json(): Effect.Effect<any, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => (text === "" ? null : JSON.parse(text)),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        // A leading "?" is form data; URLSearchParams would drop it as a query prefix.
        try: () => UrlParams.fromInput(new URLSearchParams(text.replace(/^\?/, "%3F"))),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get formData(): Effect.Effect<FormData, HttpClientError.HttpClientError> {
    return Effect.flatMap(this.arrayBuffer, (buffer) =>
      Effect.tryPromise({
        try: () => new globalThis.Response(buffer, { headers: this.headers as any }).formData(),
        catch: (cause) => this.decodeError(cause)
      })
    )
  }

  get upgrade(): Effect.Effect<never, HttpClientError.HttpClientError> {
    return Effect.fail(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({
          request: this.request,
          description: "this HttpClient does not support upgrades"
        })
      })
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "effect/http/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }

  pipe() {
    // biome-ignore lint/complexity/noArguments: Pipeable's convention
    return pipeArguments(this, arguments)
  }
}

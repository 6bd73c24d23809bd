/**
 * Infobip's four authentication schemes (`docs/providers/infobip.md` §1), every credential `Redacted` and sent only
 * in the `Authorization` header:
 *
 * - `App <api key>` (the default and Infobip's recommendation);
 * - `Basic` with a user name and password;
 * - `IBSSO <token>`: a session created with `POST /auth/1/session` on first use, renewed before its lifetime (60
 *   minutes) runs out (the old one destroyed first, as Infobip asks), and destroyed when the client's scope closes;
 * - `Bearer <token>`: an OAuth2 client-credentials token from `POST /auth/1/oauth2/token` (the secret in the form
 *   body), refreshed before `expires_in` runs out.
 *
 * Renewal and refresh read the Effect `Clock`, so they are tested under `TestClock`.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Redacted, Semaphore } from "effect"
import { Base64 } from "effect/encoding"
import type * as Endpoint from "../Endpoint.ts"
import * as Retry from "../Retry.ts"
import * as Endpoints from "./Endpoints.ts"

/**
 * How the client authenticates.
 *
 * @since 0.1.0
 */
export type Auth =
  | { readonly _tag: "App"; readonly apiKey: Redacted.Redacted<string> }
  | { readonly _tag: "Basic"; readonly username: string; readonly password: Redacted.Redacted<string> }
  | {
      readonly _tag: "IBSSO"
      readonly username: string
      readonly password: Redacted.Redacted<string>
      /** How long a session lives. Default 60 minutes (Infobip's default). */
      readonly lifetime?: Duration.Input | undefined
      /** Renew this long before the lifetime runs out. Default 5 minutes. */
      readonly renewBefore?: Duration.Input | undefined
    }
  | {
      readonly _tag: "OAuth2"
      readonly clientId: string
      readonly clientSecret: Redacted.Redacted<string>
      /** Refresh this long before `expires_in` runs out. Default 60 seconds (or a tenth of the lifetime if shorter). */
      readonly refreshBefore?: Duration.Input | undefined
    }

/**
 * `App <api key>`.
 *
 * @since 0.1.0
 */
export const app = (apiKey: Redacted.Redacted<string>): Auth => ({ _tag: "App", apiKey })

/**
 * `Basic` with a user name and password.
 *
 * @since 0.1.0
 */
export const basic = (username: string, password: Redacted.Redacted<string>): Auth => ({
  _tag: "Basic",
  username,
  password
})

/**
 * IBSSO sessions created from a user name and password.
 *
 * @since 0.1.0
 */
export const ibsso = (
  username: string,
  password: Redacted.Redacted<string>,
  options: { readonly lifetime?: Duration.Input | undefined; readonly renewBefore?: Duration.Input | undefined } = {}
): Auth => ({ _tag: "IBSSO", username, password, ...options })

/**
 * OAuth2 `Bearer` tokens from client credentials.
 *
 * @since 0.1.0
 */
export const oauth2 = (
  clientId: string,
  clientSecret: Redacted.Redacted<string>,
  options: { readonly refreshBefore?: Duration.Input | undefined } = {}
): Auth => ({ _tag: "OAuth2", clientId, clientSecret, ...options })

/**
 * The errors of obtaining a session or token.
 *
 * @since 0.1.0
 */
export type AuthError = Endpoint.Error<typeof Endpoints.createSession> | Endpoint.Error<typeof Endpoints.oauthToken>

/**
 * What the executor needs from authentication.
 *
 * @since 0.1.0
 */
export interface Authenticator {
  readonly scheme: Auth["_tag"]
  /** The `Authorization` header value for the next call (a session or token is obtained or renewed first). */
  readonly header: Effect.Effect<Redacted.Redacted<string>, AuthError>
  /** Forgets a session or token the server refused (401), so the next `header` obtains a new one. */
  readonly invalidate: (used: Redacted.Redacted<string>) => Effect.Effect<boolean>
  /** Every credential held right now, for scrubbing error texts. */
  readonly secrets: () => ReadonlyArray<Redacted.Redacted<string>>
  /** Sessions created and tokens obtained so far (for tests and metrics). */
  readonly renewals: () => number
}

/**
 * Runs an auth endpoint without an `Authorization` header, with the client's retry policy.
 *
 * @since 0.1.0
 */
export type Call = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>,
  authorization: Redacted.Redacted<string> | undefined
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

// The session or token in use. `invalidate` drops it only if it is the one a refused request used (a concurrent
// request may have renewed it already); `secrets` lists the credential and the token, for scrubbing.
const held = <Extra>() => {
  const slot = {
    current: undefined as
      | ({ readonly header: Redacted.Redacted<string>; readonly token: Redacted.Redacted<string> } & Extra)
      | undefined,
    invalidate: (used: Redacted.Redacted<string>) =>
      Effect.sync(() => {
        if (slot.current === undefined || slot.current.header !== used) return false
        slot.current = undefined
        return true
      }),
    secrets: (credential: Redacted.Redacted<string>) => () =>
      slot.current === undefined ? [credential] : [credential, slot.current.token]
  }
  return slot
}

/**
 * Makes the authenticator for a scheme. For IBSSO, the session in use is destroyed when the scope closes.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (auth: Auth, call: Call) {
  switch (auth._tag) {
    case "App": {
      const header = Redacted.make(`App ${Redacted.value(auth.apiKey)}`)
      return {
        scheme: auth._tag,
        header: Effect.succeed(header),
        invalidate: () => Effect.succeed(false),
        secrets: () => [auth.apiKey],
        renewals: () => 0
      } satisfies Authenticator
    }
    case "Basic": {
      const header = Redacted.make(`Basic ${Base64.encode(`${auth.username}:${Redacted.value(auth.password)}`)}`)
      return {
        scheme: auth._tag,
        header: Effect.succeed(header),
        invalidate: () => Effect.succeed(false),
        secrets: () => [auth.password, header],
        renewals: () => 0
      } satisfies Authenticator
    }
    case "IBSSO": {
      const lifetime = Duration.toMillis(Duration.fromInputUnsafe(auth.lifetime ?? "60 minutes"))
      const renewBefore = Duration.toMillis(Duration.fromInputUnsafe(auth.renewBefore ?? "5 minutes"))
      const lock = yield* Semaphore.make(1)
      const slot = held<{ readonly renewAt: number }>()
      let renewals = 0
      // Best effort and without retries: a session that cannot be destroyed expires by itself, and a shutdown must
      // not wait out a backoff.
      const destroy = (header: Redacted.Redacted<string>) =>
        call(Endpoints.destroySession, {}, header).pipe(
          Retry.withPolicy(Retry.none),
          Effect.ignore,
          Effect.withSpan("InfobipAuth.destroySession")
        )
      const create = Effect.gen(function* () {
        const at = yield* Clock.currentTimeMillis
        const { token } = yield* call(
          Endpoints.createSession,
          { username: auth.username, password: Redacted.value(auth.password) },
          undefined
        )
        const t = Redacted.make(token)
        renewals++
        slot.current = { header: Redacted.make(`IBSSO ${token}`), token: t, renewAt: at + lifetime - renewBefore }
        return slot.current.header
      }).pipe(Effect.withSpan("InfobipAuth.createSession"))
      const header = lock.withPermits(1)(
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          if (slot.current !== undefined && now < slot.current.renewAt) return slot.current.header
          // Infobip asks clients to destroy a session before creating the next one.
          if (slot.current !== undefined) {
            const old = slot.current.header
            slot.current = undefined
            yield* destroy(old)
          }
          return yield* create
        })
      )
      yield* Effect.addFinalizer(() =>
        Effect.suspend(() => {
          const last = slot.current
          slot.current = undefined
          return last === undefined ? Effect.void : destroy(last.header)
        })
      )
      return {
        scheme: auth._tag,
        header,
        invalidate: slot.invalidate,
        secrets: slot.secrets(auth.password),
        renewals: () => renewals
      } satisfies Authenticator
    }
    case "OAuth2": {
      const lock = yield* Semaphore.make(1)
      const slot = held<{ readonly refreshAt: number }>()
      let renewals = 0
      const configured =
        auth.refreshBefore === undefined ? undefined : Duration.toMillis(Duration.fromInputUnsafe(auth.refreshBefore))
      const header = lock.withPermits(1)(
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          if (slot.current !== undefined && now < slot.current.refreshAt) return slot.current.header
          const r = yield* call(
            Endpoints.oauthToken,
            {
              client_id: auth.clientId,
              client_secret: Redacted.value(auth.clientSecret),
              grant_type: "client_credentials"
            },
            undefined
          ).pipe(Effect.withSpan("InfobipAuth.oauthToken"))
          const lifetime = Math.max(0, r.expires_in) * 1000
          const margin = configured ?? Math.min(60_000, lifetime / 10)
          renewals++
          slot.current = {
            header: Redacted.make(`Bearer ${r.access_token}`),
            token: Redacted.make(r.access_token),
            refreshAt: now + lifetime - margin
          }
          return slot.current.header
        })
      )
      return {
        scheme: auth._tag,
        header,
        invalidate: slot.invalidate,
        secrets: slot.secrets(auth.clientSecret),
        renewals: () => renewals
      } satisfies Authenticator
    }
  }
})

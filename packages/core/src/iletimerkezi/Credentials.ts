/**
 * iletiMerkezi credentials. The API takes a key and a hash in every request body. The panel issues the hash, or it
 * can be computed from the key and the account secret as hex HMAC-SHA256 with the secret as the HMAC key and the API
 * key as the message (docs/providers/iletimerkezi-api.md ("Authentication")). Everything stays `Redacted`.
 *
 * @since 0.1.0
 */

import * as Mac from "effect/crypto/Mac"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as Effect from "effect/Effect"
import * as Hex from "effect/encoding/Hex"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * A key and the hash that authenticates it.
 *
 * @since 0.1.0
 */
export interface Credentials {
  readonly apiKey: Redacted.Redacted<string>
  readonly apiHash: Redacted.Redacted<string>
}

/**
 * What a caller may give: the key with either the panel's hash or the account secret.
 *
 * @since 0.1.0
 */
export type Input =
  | { readonly apiKey: Redacted.Redacted<string>; readonly apiHash: Redacted.Redacted<string> }
  | { readonly apiKey: Redacted.Redacted<string>; readonly apiSecret: Redacted.Redacted<string> }

const MacLive = Mac.layerWebCrypto.pipe(Layer.provide(SecureRandom.layerWebCrypto))

/**
 * Computes the hash from the key and the secret: lowercase hex of HMAC-SHA256(key = secret, message = apiKey).
 *
 * @since 0.1.0
 */
export const hashFromSecret = (
  apiKey: Redacted.Redacted<string>,
  apiSecret: Redacted.Redacted<string>
): Effect.Effect<Redacted.Redacted<string>> =>
  Effect.gen(function* () {
    const mac = yield* Mac.Mac
    const encoder = new TextEncoder()
    const key = yield* Mac.key(Mac.hmacSha256, encoder.encode(Redacted.value(apiSecret)))
    const tag = yield* mac.sign(key, encoder.encode(Redacted.value(apiKey)))
    return Redacted.make(Hex.encode(tag))
  }).pipe(
    Effect.provide(MacLive),
    // Only an empty secret can fail here, and that is rejected before (see `resolve`).
    Effect.orDie
  )

/**
 * Resolves the caller's input to a key and a hash, computing the hash from the secret when needed.
 *
 * @since 0.1.0
 */
export const resolve = (input: Input): Effect.Effect<Credentials> =>
  "apiHash" in input
    ? Effect.succeed({ apiKey: input.apiKey, apiHash: input.apiHash })
    : Redacted.value(input.apiSecret).length === 0
      ? Effect.die(new Error("iletiMerkezi: the API secret is empty"))
      : Effect.map(hashFromSecret(input.apiKey, input.apiSecret), (apiHash) => ({ apiKey: input.apiKey, apiHash }))

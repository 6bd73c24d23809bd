/**
 * Node layers: undici's `HttpClient`, and the iletiMerkezi client wired with it and with configuration from the
 * environment.
 *
 * @since 0.1.0
 */

import { IletiMerkezi } from "@effect-sms/core/iletimerkezi"
import type { Config } from "effect"
import * as Layer from "effect/Layer"
import * as UndiciHttpClient from "./UndiciHttpClient.ts"

/**
 * undici's `HttpClient` (the lean client of `UndiciHttpClient`: effect's `HttpClient.make` over undici's
 * `Dispatcher.request`), with a connection pool sized for concurrent report exports.
 *
 * @since 0.1.0
 */
export const layerHttpClient = UndiciHttpClient.layer({
  connections: 64,
  keepAliveTimeout: 10_000,
  pipelining: 1
})

const runtime = layerHttpClient

/**
 * The iletiMerkezi client over undici, JSON or XML. Fails with a `Config.ConfigError` naming the setting when an
 * option is invalid.
 *
 * @since 0.1.0
 */
export const layer = (
  options: IletiMerkezi.Options
): Layer.Layer<IletiMerkezi.IletiMerkeziClient, Config.ConfigError> =>
  IletiMerkezi.layer(options).pipe(Layer.provide(runtime))

/**
 * The iletiMerkezi client over undici, configured from the environment (`ILETIMERKEZI_API_KEY`, plus
 * `ILETIMERKEZI_API_HASH` or `ILETIMERKEZI_API_SECRET`, and optionally `ILETIMERKEZI_BASE_URL`,
 * `ILETIMERKEZI_FORMAT`, `ILETIMERKEZI_TIMEOUT`).
 *
 * @since 0.1.0
 */
export const layerConfig = (overrides?: Parameters<typeof IletiMerkezi.layerConfig>[0]) =>
  IletiMerkezi.layerConfig(overrides).pipe(Layer.provide(runtime))

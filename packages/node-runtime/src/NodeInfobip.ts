/**
 * Node layers for Infobip: the client over undici, from options or from the environment (`INFOBIP_BASE_URL`,
 * `INFOBIP_AUTH`, `INFOBIP_API_KEY` or `INFOBIP_USERNAME`/`INFOBIP_PASSWORD` or
 * `INFOBIP_CLIENT_ID`/`INFOBIP_CLIENT_SECRET`).
 *
 * @since 0.1.0
 */
import { Infobip } from "@effect-sms/core/infobip"
import type { Config } from "effect"
import { Layer } from "effect"
import { layerHttpClient } from "./NodeSms.ts"

/**
 * The Infobip client over undici.
 *
 * @since 0.1.0
 */
export const layer = (options: Infobip.Options): Layer.Layer<Infobip.InfobipClient, Config.ConfigError> =>
  Infobip.layer(options).pipe(Layer.provide(layerHttpClient))

/**
 * The Infobip client over undici, configured from the environment (see `Infobip.config`).
 *
 * @since 0.1.0
 */
export const layerConfig = (overrides?: Parameters<typeof Infobip.layerConfig>[0]) =>
  Infobip.layerConfig(overrides).pipe(Layer.provide(layerHttpClient))

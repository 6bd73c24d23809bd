/**
 * Node layers for TurkeySMS: the client over undici's `HttpClient`, from options or from the environment
 * (`TURKEYSMS_API_KEY`, `TURKEYSMS_API`, `TURKEYSMS_BASE_URL`, `TURKEYSMS_TIMEOUT`).
 *
 * @since 0.1.0
 */
import { TurkeySms } from "@effect-sms/core/turkeysms"
import type { Config } from "effect"
import { Layer } from "effect"
import { layerHttpClient } from "./NodeSms.ts"

/**
 * The TurkeySMS client over undici.
 *
 * @since 0.1.0
 */
export const layer = (options: TurkeySms.Options): Layer.Layer<TurkeySms.TurkeySmsClient, Config.ConfigError> =>
  TurkeySms.layer(options).pipe(Layer.provide(layerHttpClient))

/**
 * The TurkeySMS client over undici, configured from the environment.
 *
 * @since 0.1.0
 */
export const layerConfig = (overrides?: Parameters<typeof TurkeySms.layerConfig>[0]) =>
  TurkeySms.layerConfig(overrides).pipe(Layer.provide(layerHttpClient))

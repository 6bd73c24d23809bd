/**
 * The TurkeySMS side of the simulator (`@effect-sms/simulator/turkeysms`): the provider module the engine mounts under
 * `/turkeysms`, its behaviour as plain logic (accounts, lifecycle, per-minute limit, V4 dedupe, OTP, webhooks) and its
 * wire (routes, parameters, answers).
 *
 * @since 0.1.0
 */
export * as Model from "./model.ts"
export * as TurkeySmsModule from "./module.ts"
export * as Wire from "./wire.ts"

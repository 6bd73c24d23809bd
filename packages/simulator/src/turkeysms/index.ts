/**
 * The TurkeySMS side of the simulator: its behaviour as plain logic (accounts, lifecycle, per-minute limit, V4 dedupe,
 * OTP, webhooks) and its wire (routes, parameters, answers).
 *
 * @since 0.1.0
 */
export * as Model from "./model.ts"
export * as Wire from "./wire.ts"

/**
 * A loopback simulator of iletiMerkezi's SMS REST API, for testing effect-sms over real HTTP.
 *
 * @since 0.1.0
 */
export * as Engine from "./engine/index.ts"
export * as Faults from "./Faults.ts"
export * as SimClock from "./SimClock.ts"
export * as Simulator from "./Simulator.ts"

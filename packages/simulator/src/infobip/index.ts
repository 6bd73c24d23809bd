/**
 * The Infobip side of the simulator: its state and behaviour as plain logic, and its own part counter.
 *
 * @since 0.1.0
 */
export * as Preview from "./preview.ts"
export * as State from "./state.ts"

/**
 * The Infobip side of the simulator (`@effect-sms/simulator/infobip`): the provider module, its state and behaviour
 * as plain logic, its routes, and its own part counter.
 *
 * @since 0.1.0
 */
export * as InfobipSimulator from "./module.ts"
export * as Preview from "./preview.ts"
export * as Routes from "./routes.ts"
export * as State from "./state.ts"

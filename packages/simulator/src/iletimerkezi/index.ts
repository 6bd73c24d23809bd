/**
 * The iletiMerkezi simulator module: `@effect-sms/simulator/iletimerkezi`.
 *
 * @since 0.1.0
 */
export * as IletiMerkeziModule from "./module.ts"

/**
 * The provider-neutral simulator engine, for provider modules: the module interface, accounts and the agenda.
 *
 * @since 0.1.0
 */
export * as Accounts from "./Accounts.ts"
export * as Lifecycle from "./Lifecycle.ts"
export * as Provider from "./Provider.ts"

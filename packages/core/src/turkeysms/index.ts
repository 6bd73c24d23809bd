/**
 * TurkeySMS: the client, its wire schemas, result codes, validation, status watching and signed webhooks
 * (`@effect-sms/core/turkeysms`).
 *
 * @since 0.1.0
 */
export * as Codes from "./Codes.ts"
export * as Endpoints from "./Endpoints.ts"
export * as Schema from "./Schema.ts"
export * as Validation from "./Validation.ts"
export * as Watch from "./Watch.ts"
export * as Webhook from "./Webhook.ts"

/**
 * TurkeySMS: the client, its endpoints, wire schemas, result codes and error table, validation, status watching and
 * signed webhooks (`@effect-sms/core/turkeysms`).
 *
 * @since 0.1.0
 */
export * as TurkeySms from "./Client.ts"
export * as TurkeySmsCodes from "./Codes.ts"
export * as TurkeySmsEndpoints from "./Endpoints.ts"
export * as TurkeySmsErrors from "./Errors.ts"
export * as TurkeySmsSchema from "./Schema.ts"
export * as TurkeySmsValidation from "./Validation.ts"
export * as TurkeySmsWatch from "./Watch.ts"
export * as TurkeySmsWebhook from "./Webhook.ts"

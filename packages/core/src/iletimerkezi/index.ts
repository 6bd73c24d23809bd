/**
 * iletiMerkezi: `@effect-sms/core/iletimerkezi`.
 *
 * @since 0.1.0
 */
export * as IletiMerkezi from "./Client.ts"
export * as IletiMerkeziCredentials from "./Credentials.ts"
export * as IletiMerkeziEndpoints from "./Endpoints.ts"
export * as IletiMerkeziErrors from "./Errors.ts"
export * as IletiMerkeziSchema from "./Schema.ts"
export * as IletiMerkeziValidation from "./Validation.ts"
export * as IletiMerkeziWebhook from "./Webhook.ts"
export * as IletiMerkeziWire from "./Wire.ts"

/**
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.ts"
export * as IletiMerkezi from "./iletimerkezi/Client.ts"
export * as IletiMerkeziCredentials from "./iletimerkezi/Credentials.ts"
export * as IletiMerkeziEndpoints from "./iletimerkezi/Endpoints.ts"
export * as IletiMerkeziErrors from "./iletimerkezi/Errors.ts"
export * as IletiMerkeziSchema from "./iletimerkezi/Schema.ts"
export * as IletiMerkeziValidation from "./iletimerkezi/Validation.ts"
export * as IletiMerkeziWebhook from "./iletimerkezi/Webhook.ts"
export * as IletiMerkeziWire from "./iletimerkezi/Wire.ts"
export * as Pagination from "./Pagination.ts"
export * as PhoneNumber from "./PhoneNumber.ts"
export * as Retry from "./Retry.ts"
export * as Segments from "./Segments.ts"
export * as SmsError from "./SmsError.ts"
export * as TurkeyTime from "./TurkeyTime.ts"

/**
 * Infobip (`@effect-sms/core/infobip`): the client, its endpoints, errors, wire schemas, statuses, validation,
 * delivery reports and the report journal.
 *
 * @since 0.1.0
 */
export * as Auth from "./Auth.ts"
export * as Infobip from "./Client.ts"
export * as InfobipEndpoints from "./Endpoints.ts"
export * as InfobipErrors from "./Errors.ts"
export * as Report from "./Report.ts"
export * as ReportJournal from "./ReportJournal.ts"
export * as Schema from "./Schema.ts"
export * as Status from "./Status.ts"
export * as Validation from "./Validation.ts"

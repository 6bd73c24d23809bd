/**
 * Infobip: the client, its wire schemas, statuses, validation and webhook payloads (`@effect-sms/core/infobip`).
 *
 * @since 0.1.0
 */
export * as Report from "./Report.ts"
export * as ReportJournal from "./ReportJournal.ts"
export * as Schema from "./Schema.ts"
export * as Status from "./Status.ts"
export * as Validation from "./Validation.ts"

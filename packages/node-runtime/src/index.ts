/**
 * @since 0.1.0
 */

export * as Progress from "./cli/Progress.ts"
export * as ExportSink from "./ExportSink.ts"
export * as FileJournal from "./FileJournal.ts"
export * as InfobipWebhookRoute from "./InfobipWebhookRoute.ts"
export * as NodeInfobip from "./NodeInfobip.ts"
export * as NodeSms from "./NodeSms.ts"
export * as NodeTurkeySms from "./NodeTurkeySms.ts"
export * as TurkeySmsWebhookRoute from "./TurkeySmsWebhookRoute.ts"
export * as WebhookRoute from "./WebhookRoute.ts"

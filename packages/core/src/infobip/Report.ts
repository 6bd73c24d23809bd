/**
 * Delivery reports and log entries as typed values: the v1 and v3 wire shapes (pulled, pushed to a webhook, or read
 * from the logs) become one {@link DeliveryReport} or {@link LogEntry} with a typed status and error
 * (`docs/providers/infobip.md` §6, §7, §10).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type * as S from "./Schema.ts"
import { MessageError, MessageStatus } from "./Status.ts"

const optional = <A>(key: string, value: A | undefined) => (value === undefined ? {} : { [key]: value })

/**
 * A delivery report: where one message ended up (or, for an intermediate report, where it is).
 *
 * @since 0.1.0
 */
export class DeliveryReport extends Schema.Class<DeliveryReport>("@effect-sms/core/infobip/DeliveryReport")({
  messageId: Schema.String,
  bulkId: Schema.optionalKey(Schema.String),
  to: Schema.String,
  sender: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  doneAt: Schema.optionalKey(Schema.String),
  /** SMS parts billed (`smsCount` in v1, `messageCount` in v3). */
  parts: Schema.optionalKey(Schema.Int),
  mccMnc: Schema.optionalKey(Schema.String),
  /** What the send attached to correlate the report with the caller's own records. */
  callbackData: Schema.optionalKey(Schema.String),
  pricePerMessage: Schema.optionalKey(Schema.Finite),
  currency: Schema.optionalKey(Schema.String),
  status: MessageStatus,
  error: Schema.optionalKey(MessageError),
  applicationId: Schema.optionalKey(Schema.String),
  entityId: Schema.optionalKey(Schema.String),
  campaignReferenceId: Schema.optionalKey(Schema.String)
}) {
  /** The key under which a repeated delivery of the same report is recognised: message id and status. */
  get key(): string {
    return `${this.messageId}:${this.status.name}`
  }
  /** Builds the typed value from either wire shape. */
  static fromWire(r: S.DeliveryReport): DeliveryReport {
    return new DeliveryReport({
      messageId: r.messageId,
      ...optional("bulkId", r.bulkId),
      to: r.to,
      ...optional("sender", r.sender ?? r.from),
      ...optional("sentAt", r.sentAt),
      ...optional("doneAt", r.doneAt),
      ...optional("parts", r.messageCount ?? r.smsCount),
      ...optional("mccMnc", r.mccMnc),
      ...optional("callbackData", r.callbackData),
      ...optional("pricePerMessage", r.price?.pricePerMessage),
      ...optional("currency", r.price?.currency),
      status: MessageStatus.fromWire(r.status),
      ...optional("error", r.error === undefined ? undefined : MessageError.fromWire(r.error)),
      ...optional("applicationId", r.applicationId),
      ...optional("entityId", r.entityId),
      ...optional("campaignReferenceId", r.campaignReferenceId)
    } as ConstructorParameters<typeof DeliveryReport>[0])
  }
}

/**
 * A log entry: a message sent in the last 48 hours, with its current status.
 *
 * @since 0.1.0
 */
export class LogEntry extends Schema.Class<LogEntry>("@effect-sms/core/infobip/LogEntry")({
  messageId: Schema.String,
  bulkId: Schema.optionalKey(Schema.String),
  to: Schema.String,
  sender: Schema.optionalKey(Schema.String),
  text: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  doneAt: Schema.optionalKey(Schema.String),
  parts: Schema.optionalKey(Schema.Int),
  mccMnc: Schema.optionalKey(Schema.String),
  pricePerMessage: Schema.optionalKey(Schema.Finite),
  currency: Schema.optionalKey(Schema.String),
  status: MessageStatus,
  error: Schema.optionalKey(MessageError),
  applicationId: Schema.optionalKey(Schema.String),
  entityId: Schema.optionalKey(Schema.String),
  campaignReferenceId: Schema.optionalKey(Schema.String)
}) {
  /** From a v1 log entry. */
  static fromV1(r: S.LogV1): LogEntry {
    return new LogEntry({
      messageId: r.messageId,
      ...optional("bulkId", r.bulkId),
      to: r.to,
      ...optional("sender", r.from),
      ...optional("text", r.text),
      ...optional("sentAt", r.sentAt),
      ...optional("doneAt", r.doneAt),
      ...optional("parts", r.smsCount),
      ...optional("mccMnc", r.mccMnc),
      ...optional("pricePerMessage", r.price?.pricePerMessage),
      ...optional("currency", r.price?.currency),
      status: MessageStatus.fromWire(r.status),
      ...optional("error", r.error === undefined ? undefined : MessageError.fromWire(r.error)),
      ...optional("applicationId", r.applicationId),
      ...optional("entityId", r.entityId)
    } as ConstructorParameters<typeof LogEntry>[0])
  }
  /** From a v3 log entry. */
  static fromV3(r: S.LogV3): LogEntry {
    return new LogEntry({
      messageId: r.messageId,
      ...optional("bulkId", r.bulkId),
      to: r.destination,
      ...optional("sender", r.sender),
      ...optional("text", r.content?.text),
      ...optional("sentAt", r.sentAt),
      ...optional("doneAt", r.doneAt),
      ...optional("parts", r.messageCount),
      ...optional("mccMnc", r.mccMnc),
      ...optional("pricePerMessage", r.price?.pricePerMessage),
      ...optional("currency", r.price?.currency),
      status: MessageStatus.fromWire(r.status),
      ...optional("error", r.error === undefined ? undefined : MessageError.fromWire(r.error)),
      ...optional("applicationId", r.platform?.applicationId),
      ...optional("entityId", r.platform?.entityId),
      ...optional("campaignReferenceId", r.campaignReferenceId)
    } as ConstructorParameters<typeof LogEntry>[0])
  }
}

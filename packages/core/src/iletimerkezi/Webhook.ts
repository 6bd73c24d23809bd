/**
 * iletiMerkezi delivery-report webhooks. The provider POSTs `{report:{id,packet_id,status,to,body}}` once per message
 * status change: `accepted`, then `delivered` or `undelivered` (docs/providers/iletimerkezi-api.md ("Webhooks")). No signature is documented,
 * so receivers should answer fast and be idempotent on `(id, status)`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import { DigitsId } from "../internal/lenient.ts"

/**
 * A webhook's status: the message was queued, delivered, or could not be delivered.
 *
 * @since 0.1.0
 */
export const ReportStatus = Schema.Literals(["accepted", "delivered", "undelivered"])

/**
 * One delivery report.
 *
 * @since 0.1.0
 */
export class Report extends Schema.Class<Report>("@effect-sms/core/iletimerkezi/WebhookReport")({
  /** The single message's id. */
  id: DigitsId,
  /** The order id, as send-sms returned it. */
  packetId: DigitsId,
  status: ReportStatus,
  /** The recipient, `+90…`. */
  to: Schema.String,
  /** The text that was sent. */
  body: Schema.String
}) {
  /** The key for de-duplication: the same message reported twice with the same status is one event. */
  get key(): string {
    return `${this.id}:${this.status}`
  }
}

/**
 * The payload as it arrives on the wire (`packet_id` in snake case).
 *
 * @since 0.1.0
 */
export const Payload = Schema.Struct({
  report: Schema.Struct({
    id: DigitsId,
    packet_id: DigitsId,
    status: ReportStatus,
    to: Schema.String,
    body: Schema.String
  })
})

/**
 * The wire payload decoded into a {@link Report}, and back.
 *
 * @since 0.1.0
 */
export const ReportFromPayload = Payload.pipe(
  Schema.decodeTo(Report, {
    decode: SchemaGetter.transform(({ report: r }) => ({
      id: r.id,
      packetId: r.packet_id,
      status: r.status,
      to: r.to,
      body: r.body
    })),
    encode: SchemaGetter.transform((r) => ({
      report: { id: String(r.id), packet_id: String(r.packetId), status: r.status, to: r.to, body: r.body }
    }))
  })
)

/**
 * Decodes a webhook payload (already parsed from JSON) into a {@link Report}.
 *
 * @since 0.1.0
 */
export const decode = Schema.decodeUnknownEffect(ReportFromPayload)

/**
 * Encodes a {@link Report} as the provider's wire payload: what a test or a relay would POST.
 *
 * @since 0.1.0
 */
export const encode = Schema.encodeSync(ReportFromPayload)

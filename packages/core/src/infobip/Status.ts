/**
 * Infobip's message statuses and message errors as typed values (`docs/providers/infobip.md` §4). A status is data,
 * not a failure: a send answers 200 with a status per destination, and a rejected destination is a `REJECTED` status
 * in that 200. The table below lists the statuses effect-sms knows by id; any other id still decodes, and its group
 * decides whether it is final.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { MessageErrorWire, StatusWire } from "./Schema.ts"

/**
 * The six status groups.
 *
 * @since 0.1.0
 */
export const GroupNames = ["ACCEPTED", "PENDING", "UNDELIVERABLE", "DELIVERED", "EXPIRED", "REJECTED"] as const

/**
 * @since 0.1.0
 */
export type GroupName = (typeof GroupNames)[number]

/**
 * Group ids by name (ACCEPTED's 0 is inferred; the others are documented).
 *
 * @since 0.1.0
 */
export const GroupIds: Record<GroupName, number> = {
  ACCEPTED: 0,
  PENDING: 1,
  UNDELIVERABLE: 2,
  DELIVERED: 3,
  EXPIRED: 4,
  REJECTED: 5
}

/**
 * One row of the status table.
 *
 * @since 0.1.0
 */
export interface StatusDefinition {
  readonly id: number
  readonly name: string
  readonly groupName: GroupName
  readonly description: string
  /** Whether no later status can follow. */
  readonly final: boolean
}

const row = (id: number, name: string, groupName: GroupName, description: string, final: boolean) =>
  ({ id, name, groupName, description, final }) as const

/**
 * The statuses effect-sms knows, by name. Ids 26, 7, 3, 2 and 5 are confirmed by Infobip's pages; the others come
 * from the public status-code table and are marked inferred in `docs/providers/infobip.md` §4.
 *
 * @since 0.1.0
 */
export const Statuses = {
  PENDING_ACCEPTED: row(26, "PENDING_ACCEPTED", "PENDING", "Message accepted, pending for delivery.", false),
  PENDING_ENROUTE: row(7, "PENDING_ENROUTE", "PENDING", "Message sent to next instance", false),
  PENDING_WAITING_DELIVERY: row(
    3,
    "PENDING_WAITING_DELIVERY",
    "PENDING",
    "Message sent, waiting for delivery report",
    false
  ),
  DELIVERED_TO_OPERATOR: row(2, "DELIVERED_TO_OPERATOR", "DELIVERED", "Message delivered to operator", false),
  DELIVERED_TO_HANDSET: row(5, "DELIVERED_TO_HANDSET", "DELIVERED", "Message delivered to handset", true),
  UNDELIVERABLE_REJECTED_OPERATOR: row(
    4,
    "UNDELIVERABLE_REJECTED_OPERATOR",
    "UNDELIVERABLE",
    "Message rejected by operator",
    true
  ),
  UNDELIVERABLE_NOT_DELIVERED: row(
    9,
    "UNDELIVERABLE_NOT_DELIVERED",
    "UNDELIVERABLE",
    "Message sent not delivered",
    true
  ),
  EXPIRED_EXPIRED: row(15, "EXPIRED_EXPIRED", "EXPIRED", "Message expired", true),
  EXPIRED_DLR_UNKNOWN: row(29, "EXPIRED_DLR_UNKNOWN", "EXPIRED", "Message expired, delivery report unknown", true),
  REJECTED_NETWORK: row(6, "REJECTED_NETWORK", "REJECTED", "Network is forbidden", true),
  REJECTED_PREFIX_MISSING: row(8, "REJECTED_PREFIX_MISSING", "REJECTED", "Number prefix missing", true),
  REJECTED_NOT_ENOUGH_CREDITS: row(12, "REJECTED_NOT_ENOUGH_CREDITS", "REJECTED", "Not enough credits", true),
  REJECTED_SENDER: row(13, "REJECTED_SENDER", "REJECTED", "Sender is blacklisted or not allowed", true),
  REJECTED_DESTINATION: row(14, "REJECTED_DESTINATION", "REJECTED", "Destination rejected", true),
  MISSING_TO: row(51, "MISSING_TO", "REJECTED", "Missing destination", true),
  REJECTED_INVALID_DESTINATION: row(52, "REJECTED_INVALID_DESTINATION", "REJECTED", "Invalid destination", true)
} as const satisfies Record<string, StatusDefinition>

/**
 * @since 0.1.0
 */
export type StatusName = keyof typeof Statuses

const byIdMap = new Map<number, StatusDefinition>(Object.values(Statuses).map((s) => [s.id, s]))

/**
 * The known status with this id, if any.
 *
 * @since 0.1.0
 */
export const byId = (id: number): StatusDefinition | undefined => byIdMap.get(id)

/**
 * Tells whether a status is final: PENDING and ACCEPTED statuses are not, nor is `DELIVERED_TO_OPERATOR` although
 * its group is DELIVERED; every other status is.
 *
 * @since 0.1.0
 */
export const isFinal = (status: {
  readonly groupName: string
  readonly id: number
  readonly name: string
}): boolean => {
  const known = byIdMap.get(status.id)
  if (known !== undefined && known.name === status.name) return known.final
  if (status.groupName === "PENDING" || status.groupName === "ACCEPTED") return false
  return status.name !== "DELIVERED_TO_OPERATOR"
}

/**
 * The wire form of a known status, as the provider (and the simulator) writes it.
 *
 * @since 0.1.0
 */
export const toWire = (name: StatusName): StatusWire => {
  const s: StatusDefinition = Statuses[name]
  return { groupId: GroupIds[s.groupName], groupName: s.groupName, id: s.id, name: s.name, description: s.description }
}

/**
 * A message status as a typed value: group and status with their ids, the provider's description, and whether it
 * is final.
 *
 * @since 0.1.0
 */
export class MessageStatus extends Schema.Class<MessageStatus>("@effect-sms/core/infobip/MessageStatus")({
  groupId: Schema.Int,
  groupName: Schema.String,
  id: Schema.Int,
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  action: Schema.optionalKey(Schema.String)
}) {
  /** Whether no later status can follow (see {@link isFinal}). */
  get final(): boolean {
    return isFinal(this)
  }
  /** Whether the destination was refused at once (group REJECTED): nothing was or will be sent to it. */
  get rejected(): boolean {
    return this.groupName === "REJECTED"
  }
  /** Whether the message reached the handset. */
  get delivered(): boolean {
    return this.name === "DELIVERED_TO_HANDSET"
  }
  /** Builds the typed value from the wire object. */
  static fromWire(w: StatusWire): MessageStatus {
    return new MessageStatus({
      groupId: w.groupId,
      groupName: w.groupName,
      id: w.id,
      name: w.name,
      ...(w.description === undefined ? {} : { description: w.description }),
      ...(w.action === undefined ? {} : { action: w.action })
    })
  }
}

/**
 * The message error groups.
 *
 * @since 0.1.0
 */
export const ErrorGroups = { OK: 0, HANDSET_ERRORS: 1, USER_ERRORS: 2, OPERATOR_ERRORS: 3 } as const

/**
 * Message errors the simulator produces (ids inferred from Infobip's public error-code table; `permanent` as there).
 *
 * @since 0.1.0
 */
export const MessageErrors = {
  NO_ERROR: { groupId: 0, groupName: "OK", id: 0, name: "NO_ERROR", description: "No Error", permanent: false },
  EC_UNKNOWN_SUBSCRIBER: {
    groupId: 1,
    groupName: "HANDSET_ERRORS",
    id: 1,
    name: "EC_UNKNOWN_SUBSCRIBER",
    description: "Unknown Subscriber",
    permanent: true
  },
  EC_ABSENT_SUBSCRIBER: {
    groupId: 1,
    groupName: "HANDSET_ERRORS",
    id: 27,
    name: "EC_ABSENT_SUBSCRIBER",
    description: "Absent Subscriber",
    permanent: false
  },
  EC_INVALID_DESTINATION_ADDRESS: {
    groupId: 3,
    groupName: "OPERATOR_ERRORS",
    id: 4096,
    name: "EC_INVALID_DESTINATION_ADDRESS",
    description: "Invalid destination address",
    permanent: true
  }
} as const satisfies Record<string, Required<MessageErrorWire>>

/**
 * A message error as a typed value: `permanent` tells whether sending the message again can ever succeed.
 *
 * @since 0.1.0
 */
export class MessageError extends Schema.Class<MessageError>("@effect-sms/core/infobip/MessageError")({
  groupId: Schema.Int,
  groupName: Schema.String,
  id: Schema.Int,
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  permanent: Schema.Boolean
}) {
  /** Whether this is the "no error" value reports carry for successful messages. */
  get ok(): boolean {
    return this.groupId === 0 && this.id === 0
  }
  /** Builds the typed value from the wire object; an absent `permanent` counts as not permanent. */
  static fromWire(w: MessageErrorWire): MessageError {
    return new MessageError({
      groupId: w.groupId,
      groupName: w.groupName,
      id: w.id,
      name: w.name,
      ...(w.description === undefined ? {} : { description: w.description }),
      permanent: w.permanent ?? false
    })
  }
}

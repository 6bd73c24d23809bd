/**
 * Webhook delivery (docs/providers/iletimerkezi-api.md ("Webhooks")): one JSON POST per message status change, `accepted` when the order becomes
 * due, then `delivered` or `undelivered` when the message is final. Events wait on a heap keyed by simulated time and
 * are sent when the clock passes them, by the background poller or by `advance`/`set`.
 */
import { Effect } from "effect"
import * as State from "./state.ts"

/** The body the provider POSTs: `{ report: { id, packet_id, status, to, body } }` (docs/providers/iletimerkezi-api.md "Webhooks"). */
export interface WebhookPayload {
  readonly report: {
    readonly id: number
    readonly packet_id: number
    readonly status: "accepted" | "delivered" | "undelivered"
    readonly to: string
    readonly body: string
  }
}

/** A poster: sends one payload to one URL; failures are the poster's to swallow. */
export type Post = (url: string, payload: WebhookPayload) => Effect.Effect<void>

/**
 * Sends every event due by `now`. All `accepted` events of the batch go before any final one, so for each message
 * the order of the two POSTs is kept even though a batch is sent concurrently.
 */
export const deliverDue = (state: State.State, now: number, post: Post): Effect.Effect<number> =>
  Effect.suspend(() => {
    const due = state.webhooks.popDue(now)
    if (due.length === 0) return Effect.succeed(0)
    const accepted: Array<[string, WebhookPayload]> = []
    const final: Array<[string, WebhookPayload]> = []
    const view = new Map<State.RealOrder, State.OrderView>()
    for (const event of due) {
      const order = event.order
      const url = order.account.webhookUrl
      // A cancelled order never went out, so it reports nothing.
      if (url === undefined || order.cancelled) continue
      let v = view.get(order)
      if (v === undefined) {
        v = State.realView(state, order)
        view.set(order, v)
      }
      const status = event.final ? (v.statusAt(event.index, now) === 111 ? "delivered" : "undelivered") : "accepted"
      const payload: WebhookPayload = {
        report: {
          id: order.firstMessageId + event.index,
          packet_id: order.id,
          status,
          to: `+${order.numbers[event.index]!}`,
          body: State.textAt(order, event.index)
        }
      }
      ;(event.final ? final : accepted).push([url, payload])
    }
    return Effect.forEach(accepted, ([url, payload]) => post(url, payload), { concurrency: 16, discard: true }).pipe(
      Effect.andThen(Effect.forEach(final, ([url, payload]) => post(url, payload), { concurrency: 16, discard: true })),
      Effect.as(accepted.length + final.length)
    )
  })

/**
 * Route policies for the provider-neutral `Sms` service: which providers, in which order, a message goes to, decided
 * per recipient. A message whose recipients resolve to different chains is split into one part per chain.
 *
 * Everything here is pure: given the recipients, what each provider can do and what it costs, a route gives every
 * recipient exactly one ordered chain (primary first, then the providers to fail over to).
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as PhoneNumber from "./PhoneNumber.ts"

/**
 * A recipient in E.164 (`+905321234567`, `+447911123456`), and whether it is a Turkish mobile.
 *
 * @since 0.1.0
 */
export interface Recipient {
  readonly e164: string
  readonly turkishMobile: boolean
}

/**
 * Parses a number as people write it. Turkish mobiles may be written in any national form (`0532 …`, `532…`,
 * `90532…`); any other number must be international (`+` or `00`, then 8 to 15 digits, E.164's bound).
 *
 * @since 0.1.0
 */
export const parseRecipient = (input: string): Result.Result<Recipient, string> => {
  const turkish = PhoneNumber.normalizeTurkishMobile(input)
  if (Result.isSuccess(turkish)) return Result.succeed({ e164: `+${turkish.success}`, turkishMobile: true })
  const compact = input.replace(/[\s\-.()]/g, "")
  const international = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : ""
  if (international === "" || !/^\d+$/.test(international)) return Result.fail(turkish.failure)
  // A +90 number that is not a Turkish mobile is a landline or malformed: the Turkish parser says which.
  if (international.startsWith("90")) return Result.fail(turkish.failure)
  if (international.startsWith("0")) return Result.fail(`"${input}": a country code never starts with 0`)
  if (international.length < 8 || international.length > 15) {
    return Result.fail(`"${input}" has ${international.length} digits; an international number has 8 to 15`)
  }
  return Result.succeed({ e164: `+${international}`, turkishMobile: false })
}

/**
 * What a provider can do, as far as routing cares.
 *
 * @since 0.1.0
 */
export interface Capabilities {
  /** Sends to Turkish mobiles. */
  readonly turkishMobiles: boolean
  /** Sends to numbers outside Turkey. */
  readonly international: boolean
  /** Sends commercial messages checked against İYS (the Turkish consent register). */
  readonly commercial: boolean
  /** Schedules a message for later. */
  readonly schedule: boolean
}

/**
 * The parts of a message routing looks at.
 *
 * @since 0.1.0
 */
export interface MessageTraits {
  /** A commercial message: Turkish recipients must be checked against İYS. */
  readonly commercial: boolean
  /** A scheduled message. */
  readonly scheduled: boolean
}

/**
 * Whether a provider with `capabilities` can take `recipient` for a message with `traits`.
 *
 * **Details**
 *
 * İYS applies to Turkish recipients only: a commercial message to a number abroad needs no İYS-capable provider.
 *
 * @since 0.1.0
 */
export const canServe = (capabilities: Capabilities, recipient: Recipient, traits: MessageTraits): boolean =>
  (recipient.turkishMobile ? capabilities.turkishMobiles : capabilities.international) &&
  (!traits.commercial || !recipient.turkishMobile || capabilities.commercial) &&
  (!traits.scheduled || capabilities.schedule)

/**
 * A route policy.
 *
 * - `Fixed`: the same chain for everyone.
 * - `ByCountry`: one policy for Turkish mobiles, another for the rest.
 * - `ByCommercial`: one policy for commercial (İYS) messages, another for informational ones.
 * - `Cheapest`: the providers ordered by the estimated cost of this message to this recipient; providers without a
 *   price come last, in the order given.
 *
 * Whatever the policy, providers that cannot serve a recipient (see {@link canServe}) are dropped from its chain.
 *
 * @since 0.1.0
 */
export type Route =
  | { readonly _tag: "Fixed"; readonly chain: ReadonlyArray<string> }
  | { readonly _tag: "ByCountry"; readonly turkish: Route; readonly international: Route }
  | { readonly _tag: "ByCommercial"; readonly commercial: Route; readonly informational: Route }
  | { readonly _tag: "Cheapest"; readonly among: ReadonlyArray<string> }

/**
 * A fixed chain: the first provider, then the ones to fail over to.
 *
 * @since 0.1.0
 */
export const fixed = (...chain: ReadonlyArray<string>): Route => ({ _tag: "Fixed", chain })

/**
 * Turkish mobiles by one policy, the rest by another.
 *
 * @since 0.1.0
 */
export const byCountry = (options: { readonly turkish: Route; readonly international: Route }): Route => ({
  _tag: "ByCountry",
  ...options
})

/**
 * Commercial messages by one policy, informational ones by another.
 *
 * @since 0.1.0
 */
export const byCommercial = (options: { readonly commercial: Route; readonly informational: Route }): Route => ({
  _tag: "ByCommercial",
  ...options
})

/**
 * The cheapest provider first.
 *
 * @since 0.1.0
 */
export const cheapest = (...among: ReadonlyArray<string>): Route => ({ _tag: "Cheapest", among })

/**
 * What resolving a route needs to know about the providers.
 *
 * @since 0.1.0
 */
export interface Environment {
  readonly capabilities: (provider: string) => Capabilities | undefined
  /** The estimated cost of the message to one recipient through a provider, when a price is configured. */
  readonly cost: (provider: string, recipient: Recipient) => number | undefined
}

const resolve = (route: Route, recipient: Recipient, traits: MessageTraits, env: Environment): Array<string> => {
  switch (route._tag) {
    case "Fixed":
      return [...route.chain]
    case "ByCountry":
      return resolve(recipient.turkishMobile ? route.turkish : route.international, recipient, traits, env)
    case "ByCommercial":
      return resolve(traits.commercial ? route.commercial : route.informational, recipient, traits, env)
    case "Cheapest": {
      const priced = route.among.map((id, i) => ({ id, i, cost: env.cost(id, recipient) }))
      priced.sort((a, b) =>
        a.cost === undefined
          ? b.cost === undefined
            ? a.i - b.i
            : 1
          : b.cost === undefined
            ? -1
            : a.cost - b.cost || a.i - b.i
      )
      return priced.map((p) => p.id)
    }
  }
}

/**
 * The chain for one recipient: the route's providers, without duplicates and without those that cannot serve the
 * recipient. An empty chain means no provider in the route can take it.
 *
 * @since 0.1.0
 */
export const chainFor = (
  route: Route,
  recipient: Recipient,
  traits: MessageTraits,
  env: Environment
): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const out: Array<string> = []
  for (const id of resolve(route, recipient, traits, env)) {
    if (seen.has(id)) continue
    seen.add(id)
    const caps = env.capabilities(id)
    if (caps !== undefined && canServe(caps, recipient, traits)) out.push(id)
  }
  return out
}

/**
 * One part of a split message: the recipients that share a chain.
 *
 * @since 0.1.0
 */
export interface Part {
  readonly chain: ReadonlyArray<string>
  readonly recipients: ReadonlyArray<Recipient>
}

/**
 * Splits recipients into parts by chain, in the order their chains first appear; recipients keep their order.
 * Recipients with an empty chain are returned apart, as `unroutable`.
 *
 * @since 0.1.0
 */
export const split = (
  recipients: ReadonlyArray<Recipient>,
  chainOf: (recipient: Recipient) => ReadonlyArray<string>
): { readonly parts: ReadonlyArray<Part>; readonly unroutable: ReadonlyArray<Recipient> } => {
  const parts = new Map<string, { chain: ReadonlyArray<string>; recipients: Array<Recipient> }>()
  const unroutable: Array<Recipient> = []
  for (const r of recipients) {
    const chain = chainOf(r)
    if (chain.length === 0) {
      unroutable.push(r)
      continue
    }
    const key = chain.join("\u0000")
    let part = parts.get(key)
    if (part === undefined) {
      part = { chain, recipients: [] }
      parts.set(key, part)
    }
    part.recipients.push(r)
  }
  return { parts: [...parts.values()], unroutable }
}

/**
 * The route names `SMS_ROUTE` accepts.
 *
 * @since 0.1.0
 */
export const names = ["fixed", "country", "cost", "iys"] as const

/**
 * A configured route's name.
 *
 * @since 0.1.0
 */
export type Name = (typeof names)[number]

/**
 * A route from its configuration name and the configured providers (`SMS_PROVIDERS`, in order of preference):
 *
 * - `fixed`: the providers in the order given.
 * - `country`: Turkish mobiles to the Turkish providers (iletiMerkezi, TurkeySMS) first, then the rest; numbers
 *   abroad to the providers that reach them (Infobip).
 * - `cost`: the cheapest provider first (by configured prices), the others as fallback.
 * - `iys`: commercial messages to the İYS-capable providers first; informational ones in the order given.
 *
 * Capabilities still filter every chain, so `country` needs no list of which provider reaches where.
 *
 * @since 0.1.0
 */
export const fromName = (
  name: Name,
  providers: ReadonlyArray<{ readonly id: string; readonly local: boolean; readonly capabilities: Capabilities }>
): Route => {
  const ids = providers.map((p) => p.id)
  switch (name) {
    case "fixed":
      return fixed(...ids)
    case "country": {
      const local = providers.filter((p) => p.local).map((p) => p.id)
      const rest = providers.filter((p) => !p.local).map((p) => p.id)
      return byCountry({ turkish: fixed(...local, ...rest), international: fixed(...rest, ...local) })
    }
    case "cost":
      return cheapest(...ids)
    case "iys": {
      const iys = providers.filter((p) => p.capabilities.commercial).map((p) => p.id)
      return byCommercial({ commercial: fixed(...iys, ...ids), informational: fixed(...ids) })
    }
  }
}

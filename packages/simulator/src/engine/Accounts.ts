/**
 * Accounts for any provider module: the ones configured up front, plus synthetic ones made lazily on first use from
 * the credential itself (so a test can talk to `infobip` with any key matching a pattern, and a load test can use a
 * thousand accounts without listing them). Each module decides what an account holds.
 *
 * @since 0.1.0
 */

/**
 * A registry of accounts keyed by a credential (an API key, a user name).
 *
 * @since 0.1.0
 */
export interface Registry<A> {
  /** The account for a key: configured, already synthesised, or synthesised now; `undefined` when unknown. */
  readonly get: (key: string) => A | undefined
  /** Adds or replaces an account. */
  readonly set: (key: string, account: A) => void
  /** Every account made so far, in creation order. */
  readonly all: () => ReadonlyArray<A>
}

/**
 * Makes a registry. `synthesize` returns the account for an unknown key, or `undefined` to refuse it.
 *
 * @example
 * ```ts
 * const accounts = Accounts.make(configured, (key) => (key.startsWith("synthetic-") ? newAccount(key) : undefined))
 * ```
 *
 * @since 0.1.0
 */
export const make = <A>(
  configured: Iterable<readonly [string, A]>,
  synthesize?: (key: string) => A | undefined
): Registry<A> => {
  const accounts = new Map<string, A>(configured)
  return {
    get: (key) => {
      const found = accounts.get(key)
      if (found !== undefined || synthesize === undefined) return found
      const made = synthesize(key)
      if (made !== undefined) accounts.set(key, made)
      return made
    },
    set: (key, account) => {
      accounts.set(key, account)
    },
    all: () => [...accounts.values()]
  }
}

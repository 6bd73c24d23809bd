/**
 * An SMS segment counter per 3GPP TS 23.038: picks the cheapest encoding for a text (GSM-7 default alphabet, GSM-7
 * with the Turkish single shift or locking shift table, or UCS-2) and counts its septets or UTF-16 units and parts.
 *
 * The result is an estimate for showing cost before sending; the provider's own count (iletiMerkezi's 453 for more
 * than 7 parts, TurkeySMS's `number_of_sms`) stays authoritative.
 *
 * @since 0.1.0
 */

/**
 * How a text is encoded on the air interface.
 *
 * @since 0.1.0
 */
export type Encoding = "gsm7" | "gsm7-turkish-single-shift" | "gsm7-turkish-locking-shift" | "ucs2"

/**
 * The size of a text: its encoding, length in units, and how many parts it is sent as.
 *
 * @since 0.1.0
 */
export interface Count {
  readonly encoding: Encoding
  /** Septets for the GSM-7 encodings (an extension-table character costs 2), UTF-16 code units for UCS-2. */
  readonly units: number
  /** The number of parts; 0 for the empty text. */
  readonly segments: number
  /** The units one part holds: the single-part limit when the text fits in one part, else the multi-part limit. */
  readonly perSegment: number
  /** The units still free in the last part. */
  readonly remaining: number
}

/**
 * The units a part holds when the text is sent as one part (`single`) or as a concatenated message (`multi`).
 *
 * @since 0.1.0
 */
export interface Limits {
  readonly single: number
  readonly multi: number
}

/**
 * The 3GPP limits: 160/153 septets for GSM-7, 155/149 with one Turkish shift table, 70/67 UTF-16 units for UCS-2.
 *
 * **Details**
 *
 * A national language shift information element costs 4 septets of user data header (1 for the header length, 3 for
 * the element), and concatenation costs another 6 per part: 160 − 1 − 4 = 155 and 160 − 1 − 6 − 4 = 149.
 *
 * @since 0.1.0
 */
export const Standard: Record<Encoding, Limits> = {
  gsm7: { single: 160, multi: 153 },
  "gsm7-turkish-single-shift": { single: 155, multi: 149 },
  "gsm7-turkish-locking-shift": { single: 155, multi: 149 },
  ucs2: { single: 70, multi: 67 }
}

// The tables below are indexed by septet value. Position 0x1B is ESC, which is not a character: the placeholder
// there is skipped when the tables are built, so an ESC in user text forces UCS-2.
const ESC = "\u001b"

// 3GPP TS 23.038 §6.2.1, the GSM 7-bit default alphabet.
const GSM7_DEFAULT =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  `Δ_ΦΓΛΩΠΨΣΘΞ${ESC}ÆæßÉ` +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmno" +
  "pqrstuvwxyzäöñüà"

// 3GPP TS 23.038 §6.2.1.1, the default extension table (reached through ESC, so 2 septets each): form feed ^ { } \ [ ~ ] | €.
const GSM7_DEFAULT_EXTENSION = "\f^{}\\[~]|€"

// 3GPP TS 23.038 A.2.1, the Turkish single shift table: the default extension plus Ğ İ Ş ç ğ ı ş (€ is already there).
const GSM7_TURKISH_SINGLE_SHIFT = `${GSM7_DEFAULT_EXTENSION}ĞİŞçğış`

// 3GPP TS 23.038 A.3.1, the Turkish locking shift table: the default alphabet with 8 substitutions
// (0x04 è→€, 0x07 ì→ı, 0x0B Ø→Ğ, 0x0C ø→ğ, 0x1C Æ→Ş, 0x1D æ→ş, 0x40 ¡→İ, 0x60 ¿→ç).
const GSM7_TURKISH_LOCKING =
  "@£$¥€éùıòÇ\nĞğ\rÅå" +
  `Δ_ΦΓΛΩΠΨΣΘΞ${ESC}ŞşßÉ` +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "İABCDEFGHIJKLMNO" +
  "PQRSTUVWXYZÄÖÑÜ§" +
  "çabcdefghijklmno" +
  "pqrstuvwxyzäöñüà"

type CostTable = ReadonlyMap<string, number>

// Maps each encodable character to its cost in septets; a character in both tables keeps the cheaper cost.
const costTable = (basic: string, extension: string): CostTable => {
  const table = new Map<string, number>()
  for (const ch of extension) table.set(ch, 2)
  for (const ch of basic) if (ch !== ESC) table.set(ch, 1)
  return table
}

const DEFAULT_COSTS = costTable(GSM7_DEFAULT, GSM7_DEFAULT_EXTENSION)
// A single shift replaces only the extension table; the basic table stays the default alphabet.
const SINGLE_SHIFT_COSTS = costTable(GSM7_DEFAULT, GSM7_TURKISH_SINGLE_SHIFT)
// A locking shift replaces only the basic table; ESC still reaches the default extension table.
const LOCKING_SHIFT_COSTS = costTable(GSM7_TURKISH_LOCKING, GSM7_DEFAULT_EXTENSION)

// The cost of each character (by code point), or undefined when a character is not in the table.
const gsm7Costs = (text: string, table: CostTable): ReadonlyArray<number> | undefined => {
  const costs: Array<number> = []
  for (const ch of text) {
    const cost = table.get(ch)
    if (cost === undefined) return undefined
    costs.push(cost)
  }
  return costs
}

// Iterating by code point keeps a surrogate pair together as one indivisible 2-unit item; a lone surrogate costs 1.
const ucs2Costs = (text: string): ReadonlyArray<number> => Array.from(text, (ch) => ch.length)

const measure = (encoding: Encoding, costs: ReadonlyArray<number>, limits: Limits): Count => {
  let units = 0
  for (const cost of costs) units += cost
  // An empty text has no parts: iletiMerkezi rejects it (454) rather than billing one, so 0 is the honest count.
  if (units === 0) return { encoding, units, segments: 0, perSegment: limits.single, remaining: limits.single }
  if (units <= limits.single) {
    return { encoding, units, segments: 1, perSegment: limits.single, remaining: limits.single - units }
  }
  // An ESC pair or a surrogate pair is never split across parts, so a part may end short of the limit: walk the
  // items and open a new part whenever the next one does not fit.
  let segments = 1
  let used = 0
  for (const cost of costs) {
    if (used + cost > limits.multi) {
      segments++
      used = cost
    } else {
      used += cost
    }
  }
  return { encoding, units, segments, perSegment: limits.multi, remaining: limits.multi - used }
}

const cheaper = (a: Count, b: Count): Count =>
  b.segments < a.segments || (b.segments === a.segments && b.units < a.units) ? b : a

/**
 * Counts the units and parts of `text` in its cheapest encoding, with the 3GPP limits unless `options.limits`
 * overrides some of them.
 *
 * **Details**
 *
 * The default GSM-7 alphabet is used whenever it can encode the text (as Android does), since every handset supports
 * it. Otherwise the cheaper of the Turkish single shift and Turkish locking shift tables is used (fewest parts, then
 * fewest units, a tie going to single shift), and UCS-2 when neither can encode the text. Both Turkish tables are
 * never used together: Android deems that pair (152/146) never optimal for any input.
 *
 * @since 0.1.0
 */
export const count = (text: string, options?: { readonly limits?: Partial<Record<Encoding, Limits>> }): Count => {
  const limits = { ...Standard, ...options?.limits }
  const defaultCosts = gsm7Costs(text, DEFAULT_COSTS)
  if (defaultCosts !== undefined) return measure("gsm7", defaultCosts, limits.gsm7)
  const singleCosts = gsm7Costs(text, SINGLE_SHIFT_COSTS)
  const lockingCosts = gsm7Costs(text, LOCKING_SHIFT_COSTS)
  const single =
    singleCosts === undefined
      ? undefined
      : measure("gsm7-turkish-single-shift", singleCosts, limits["gsm7-turkish-single-shift"])
  const locking =
    lockingCosts === undefined
      ? undefined
      : measure("gsm7-turkish-locking-shift", lockingCosts, limits["gsm7-turkish-locking-shift"])
  if (single !== undefined && locking !== undefined) return cheaper(single, locking)
  return single ?? locking ?? measure("ucs2", ucs2Costs(text), limits.ucs2)
}

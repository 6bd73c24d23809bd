/**
 * The simulator's own SMS part counter for Infobip's preview and part counts (`docs/providers/infobip.md` §8).
 *
 * It is written independently of core's `Segments` on purpose: tests cross-check the client's counter against what
 * the simulator answers, so the two must not share code. It walks the text character by character and fills parts
 * greedily, never splitting an escape pair or a surrogate pair.
 */

/** Which GSM-7 tables a message may use: none beyond the default, or the Turkish single and/or locking shift. */
export interface Shifts {
  readonly single: boolean
  readonly locking: boolean
}

/** The result of a count. */
export interface PartCount {
  readonly encoding: "GSM7" | "UCS2"
  readonly parts: number
  /** Units left in the last part (septets, or UTF-16 units for UCS-2). */
  readonly remaining: number
  readonly single: number
  readonly multi: number
}

// 3GPP TS 23.038 §6.2.1 default alphabet, listed by code point so that this file shares no table with core.
const DEFAULT_BASIC = new Set<number>([
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5, 0x394, 0x5f, 0x3a6,
  0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, 0xc6, 0xe6, 0xdf, 0xc9, 0xa4, 0xa1, 0xc4, 0xd6, 0xd1, 0xdc,
  0xa7, 0xbf, 0xe4, 0xf6, 0xf1, 0xfc, 0xe0
])
for (let c = 0x20; c <= 0x7e; c++) {
  // ASCII printable, except the characters that live only in the extension table or not at all (`, ^, {, }, \, [, ~, ], |).
  if (!"`^{}\\[~]|".includes(String.fromCharCode(c))) DEFAULT_BASIC.add(c)
}
const DEFAULT_EXTENSION = new Set<number>([0x0c, 0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac])
// Turkish single shift (A.2.1): the default extension plus Ğ İ Ş ç ğ ı ş.
const TR_SINGLE_EXTRA = [0x11e, 0x130, 0x15e, 0xe7, 0x11f, 0x131, 0x15f]
// Turkish locking shift (A.3.1): the default alphabet with è ì Ø ø Æ æ ¡ ¿ replaced by € ı Ğ ğ Ş ş İ ç.
const TR_LOCKING_OUT = [0xe8, 0xec, 0xd8, 0xf8, 0xc6, 0xe6, 0xa1, 0xbf]
const TR_LOCKING_IN = [0x20ac, 0x131, 0x11e, 0x11f, 0x15e, 0x15f, 0x130, 0xe7]

const costOf = (cp: number, shifts: Shifts): number | undefined => {
  const inBasic = shifts.locking
    ? (DEFAULT_BASIC.has(cp) && !TR_LOCKING_OUT.includes(cp)) || TR_LOCKING_IN.includes(cp)
    : DEFAULT_BASIC.has(cp)
  if (inBasic) return 1
  if (DEFAULT_EXTENSION.has(cp)) return 2
  if (shifts.single && TR_SINGLE_EXTRA.includes(cp)) return 2
  return undefined
}

const limitsFor = (shifts: Shifts): { single: number; multi: number } => {
  // User data header: 1 septet of length, 3 octets (4 septets) per shift element, 6 septets for concatenation.
  const udh = (shifts.single ? 3 : 0) + (shifts.locking ? 3 : 0)
  const headerSeptets = udh === 0 ? 0 : Math.ceil(((1 + udh) * 8) / 7)
  const concatSeptets = udh === 0 ? 7 : Math.ceil(((1 + udh + 5) * 8) / 7)
  return { single: 160 - headerSeptets, multi: 160 - concatSeptets }
}

const fill = (costs: ReadonlyArray<number>, single: number, multi: number): { parts: number; remaining: number } => {
  const total = costs.reduce((a, b) => a + b, 0)
  if (total === 0) return { parts: 0, remaining: single }
  if (total <= single) return { parts: 1, remaining: single - total }
  let parts = 1
  let used = 0
  for (const c of costs) {
    if (used + c > multi) {
      parts++
      used = c
    } else used += c
  }
  return { parts, remaining: multi - used }
}

/** Counts `text` with the given shift tables; falls back to UCS-2 when the tables cannot encode it. */
export const countParts = (text: string, shifts: Shifts): PartCount => {
  const costs: Array<number> = []
  let gsm = true
  for (const ch of text) {
    const c = costOf(ch.codePointAt(0)!, shifts)
    if (c === undefined) {
      gsm = false
      break
    }
    costs.push(c)
  }
  if (gsm) {
    const l = limitsFor(shifts)
    return { encoding: "GSM7", ...fill(costs, l.single, l.multi), ...l }
  }
  const units = Array.from(text, (ch) => ch.length)
  return { encoding: "UCS2", ...fill(units, 70, 67), single: 70, multi: 67 }
}

const TURKISH: Record<string, string> = { ç: "c", ğ: "g", ı: "i", İ: "I", ş: "s", Ş: "S", Ğ: "G" }

/** Applies a transliteration: TURKISH replaces the Turkish letters the default alphabet lacks; others pass through. */
export const transliterate = (text: string, code: string | undefined): string =>
  code === "TURKISH" || code === "ALL" ? Array.from(text, (ch) => TURKISH[ch] ?? ch).join("") : text

/**
 * Counts a text as a message in `languageCode` would be sent. Without a language only the default alphabet (else
 * UCS-2) is used. With `TR`, the v3 flags pick the tables exactly; without flags the default alphabet is used when it
 * suffices, else the cheaper of the Turkish single and locking shift (fewest parts, then fewest septets), never both:
 * how Infobip chooses is not documented, and this is the 3GPP/Android choice (`docs/providers/infobip.md` §8).
 */
export const countFor = (
  text: string,
  languageCode: string | undefined,
  flags?: { readonly singleShift?: boolean | undefined; readonly lockingShift?: boolean | undefined }
): PartCount => {
  if (languageCode !== "TR") return countParts(text, { single: false, locking: false })
  if (flags?.singleShift !== undefined || flags?.lockingShift !== undefined) {
    return countParts(text, { single: flags.singleShift === true, locking: flags.lockingShift === true })
  }
  const plain = countParts(text, { single: false, locking: false })
  if (plain.encoding === "GSM7") return plain
  const single = countParts(text, { single: true, locking: false })
  const locking = countParts(text, { single: false, locking: true })
  const better = (a: PartCount, b: PartCount) =>
    b.parts < a.parts || (b.parts === a.parts && b.remaining > a.remaining) ? b : a
  return better(single, locking)
}

/** The answer of `POST /sms/1/preview`: the text as is, and the requested language/transliteration combination. */
export const preview = (text: string, languageCode: string | undefined, transliteration: string | undefined) => {
  const one = (lang: string | undefined, tr: string | undefined) => {
    const shown = transliterate(text, tr)
    const c = countFor(shown, lang)
    return {
      textPreview: shown,
      messageCount: c.parts,
      charactersRemaining: c.remaining,
      configuration: {
        ...(lang === undefined ? {} : { language: { languageCode: lang } }),
        ...(tr === undefined ? {} : { transliteration: tr })
      }
    }
  }
  const previews = [one(undefined, undefined)]
  if (languageCode !== undefined || transliteration !== undefined) previews.push(one(languageCode, transliteration))
  return { originalText: text, previews }
}

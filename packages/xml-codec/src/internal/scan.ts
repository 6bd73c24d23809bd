/**
 * A fast path for whole documents: one pass over the text with `indexOf`, straight into a `Builder`, with no event
 * objects.
 *
 * It reads the plain subset that APIs answer with: an optional UTF-8 declaration, elements with ASCII names,
 * attributes, text, CDATA sections, the five predefined entities and character references. Anything else (a DOCTYPE,
 * a comment, a processing instruction, a non-ASCII name), anything malformed, and anything near a limit makes it
 * give up, and the caller decodes the document again with `effect/encoding/Xml`, which gives the precise result or
 * error. So the fast path never accepts a document the full parser refuses, and never needs error messages of its
 * own; what it accepts, it hands to the `Builder` as the same elements and text the full parser's events carry.
 *
 * @internal
 */
import type { Builder } from "./tree.ts"

/** The limits the full parser enforces; the fast path gives up before reaching them. */
export interface ScanLimits {
  readonly maxDepth: number
  readonly maxTokenSize: number
}

const GT = 62
const SLASH = 47
const BANG = 33
const QUESTION = 63
const EQUALS = 61
const DQUOTE = 34
const SQUOTE = 39

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

// ASCII name characters: 1 may start a name, 2 may only continue one. A name with any other character (non-ASCII
// included) is left to the full parser.
const nameTable = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  if (/[A-Za-z_:]/.test(ch)) nameTable[c] = 1
  else if (/[0-9.-]/.test(ch)) nameTable[c] = 2
}

// The declaration's pseudo-attributes, as the full parser reads them, with UTF-8 as the only encoding
const declaration =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[Uu][Tt][Ff]-8"|'[Uu][Tt][Ff]-8'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/

const lineEndings = /\r\n?/g
const attributeWhitespace = /\r\n|[\t\n\r]/g

// A character reference's code point, when XML allows it
const isChar = (c: number): boolean =>
  c === 9 ||
  c === 10 ||
  c === 13 ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff)

const predefined: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' }

/** Replaces entity and character references; undefined for any other reference, or a `&` that starts none. */
const references = (s: string): string | undefined => {
  let out = ""
  let from = 0
  for (let amp = s.indexOf("&"); amp !== -1; amp = s.indexOf("&", from)) {
    const semi = s.indexOf(";", amp + 1)
    if (semi === -1 || semi - amp > 12) return undefined
    const ref = s.slice(amp + 1, semi)
    let value: string | undefined
    if (ref.charCodeAt(0) === 35) {
      const hex = ref.charCodeAt(1) === 120
      const digits = ref.slice(hex ? 2 : 1)
      if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined
      const code = Number.parseInt(digits, hex ? 16 : 10)
      if (!isChar(code)) return undefined
      value = String.fromCodePoint(code)
    } else {
      value = predefined[ref]
      if (value === undefined || !Object.hasOwn(predefined, ref)) return undefined
    }
    out += s.slice(from, amp) + value
    from = semi + 1
  }
  return from === 0 ? s : out + s.slice(from)
}

// What a scan of character data found, beyond plain characters
const REFERENCE = 1
const CR = 2

/**
 * Scans `s` from `from` to `to` for characters XML does not allow (most C0 controls, U+FFFE, U+FFFF, unpaired
 * surrogates) and for "]]>": -1 when there is one (give up), else a mask of `REFERENCE` ("&") and `CR`. One loop
 * over short text is cheaper than a regular expression or several `indexOf` calls.
 */
const scanChars = (s: string, from: number, to: number, cdata: boolean): number => {
  let found = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x20 && c < 0xd800) {
      if (c === 38) found |= REFERENCE
      else if (c === 93 && !cdata && s.charCodeAt(i + 1) === 93 && s.charCodeAt(i + 2) === 62) return -1
    } else if (c < 0x20) {
      if (c === 13) found |= CR
      else if (c !== 10 && c !== 9) return -1
    } else if (c <= 0xdbff) {
      // A high surrogate must be followed by a low one, within the range
      const next = i + 1 < to ? s.charCodeAt(i + 1) : 0
      if (next < 0xdc00 || next > 0xdfff) return -1
      i++
    } else if (c <= 0xdfff || c >= 0xfffe) {
      return -1
    }
  }
  return found
}

// Short texts (status codes, flags, small counters) repeat across the rows of a page: the last one seen of each is
// reused instead of cutting a new string out of the document. A direct-mapped cache keyed by the (up to four, ASCII)
// characters themselves, so a hit needs no comparison of strings.
const shortSize = 1024
const shortKeys = new Int32Array(shortSize).fill(-1)
const shortValues: Array<string> = new Array(shortSize).fill("")

const shortText = (s: string, from: number, to: number): string => {
  let key = to - from
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 128) return s.slice(from, to)
    key = (key << 7) | c
  }
  const slot = (key ^ (key >>> 11)) & (shortSize - 1)
  if (shortKeys[slot] === key) return shortValues[slot]!
  const value = s.slice(from, to)
  shortKeys[slot] = key
  shortValues[slot] = value
  return value
}

/** Character data from `from` to `to`, where `scanChars` found `found`: references replaced, line ends normalised. */
const textOf = (s: string, from: number, to: number, found: number): string | undefined => {
  if (found === 0) return to - from <= 4 ? shortText(s, from, to) : s.slice(from, to)
  const raw = s.slice(from, to)
  const normalized = (found & CR) === 0 ? raw : raw.replace(lineEndings, "\n")
  return (found & REFERENCE) === 0 ? normalized : references(normalized)
}

/** An attribute value: `<` refused, whitespace characters normalised to spaces, references replaced. */
const attributeValue = (s: string, from: number, to: number): string | undefined => {
  if (scanChars(s, from, to, true) === -1) return undefined
  const raw = s.slice(from, to)
  if (raw.indexOf("<") !== -1) return undefined
  const normalized = /[\t\n\r]/.test(raw) ? raw.replace(attributeWhitespace, " ") : raw
  return normalized.indexOf("&") === -1 ? normalized : references(normalized)
}

/**
 * The internalized copy of a name (the one V8 keeps for property keys), so that the builder's `node[name]` lookups
 * need no string-table lookup; made once per name and depth.
 */
const internalized = (name: string): string => Object.keys({ [name]: null })[0]!

/** Whether `name` is in `s` at `at`: a loop over a short name costs less than a call to `startsWith`. */
const matches = (s: string, at: number, name: string): boolean => {
  for (let k = 0; k < name.length; k++) if (s.charCodeAt(at + k) !== name.charCodeAt(k)) return false
  return true
}

const isBlank = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false
  return true
}

// Attribute maps inherit nothing, like the full parser's, so that `__proto__` is an ordinary name
function AttributesConstructor() {}
AttributesConstructor.prototype = Object.freeze(Object.create(null))
const Attributes = AttributesConstructor as unknown as new () => Record<string, string>
const noAttributes: Readonly<Record<string, string>> = Object.freeze(new Attributes())

/**
 * Reads `s` (the document from its first markup on: no byte order mark, no leading whitespace) into `builder`.
 * Returns false when it gave up, in which case the builder is spoiled and the caller starts over with the full parser.
 */
export const scanDocument = (s: string, builder: Builder, limits: ScanLimits): boolean => {
  if (s.length === 0) return false
  const n = s.length
  // The limits are checked with a margin, so that the full parser, not this one, decides at the boundary
  const maxDepth = limits.maxDepth - 1
  const maxToken = limits.maxTokenSize - 16

  let i = 0
  if (s.startsWith("<?xml", 0)) {
    const m = declaration.exec(s.length > 512 ? s.slice(0, 512) : s)
    if (m === null) return false
    i = m[0].length
  }

  const stack: Array<string> = []
  // The names seen at each depth, most recent first: a repeated name is reused rather than cut out of the text again,
  // which saves an allocation and lets V8 find it as a property key without hashing it again
  const seen: Array<Array<string>> = []
  let rootDone = false
  // Character data not emitted yet: text and CDATA sections since the last tag (which ended at `textFrom`), emitted
  // as one event. Its size as a token is counted in the input, references and CDATA markup included
  let text = ""
  let textFrom = i

  while (i < n) {
    // Character data up to the next "<", checked as it is read (as `scanChars` does): between tags it is mostly short
    // or empty, where this loop costs less than a call to `indexOf` and a second pass
    let lt = i
    let found = 0
    for (; lt < n; lt++) {
      const c = s.charCodeAt(lt)
      if (c >= 0x20 && c < 0xd800) {
        if (c === 60) break
        if (c === 38) found |= REFERENCE
        else if (c === 93 && s.charCodeAt(lt + 1) === 93 && s.charCodeAt(lt + 2) === 62) return false
      } else if (c < 0x20) {
        if (c === 13) found |= CR
        else if (c !== 10 && c !== 9) return false
      } else if (c <= 0xdbff) {
        // A high surrogate must be followed by a low one
        const next = s.charCodeAt(lt + 1)
        if (!(next >= 0xdc00 && next <= 0xdfff)) return false
        lt++
      } else if (c <= 0xdfff || c >= 0xfffe) {
        return false
      }
    }
    if (lt > i) {
      if (stack.length === 0) {
        // Outside the root only whitespace may appear
        if (!isBlank(s, i, lt)) return false
      } else {
        const data = textOf(s, i, lt, found)
        if (data === undefined) return false
        text = text === "" ? data : text + data
      }
    }
    if (lt >= n) break
    const c = s.charCodeAt(lt + 1)
    if (c === SLASH) {
      // End tag: the open element's name, optional whitespace, ">"
      const name = stack[stack.length - 1]
      if (name === undefined || !matches(s, lt + 2, name)) return false
      let gt = lt + 2 + name.length
      while (isSpace(s.charCodeAt(gt))) gt++
      if (s.charCodeAt(gt) !== GT) return false
      // The pending text (inlined: a closure over `text` would keep it in a context object, slower everywhere)
      if (lt - textFrom > maxToken) return false
      if (text !== "") {
        const data = text
        text = ""
        if (!builder.text(data)) return false
      }
      stack.pop()
      builder.endElement()
      if (stack.length === 0) rootDone = true
      i = textFrom = gt + 1
      continue
    }
    if (c === BANG) {
      // A CDATA section inside the root; comments and DOCTYPEs are left to the full parser
      if (stack.length === 0 || !s.startsWith("<![CDATA[", lt)) return false
      const close = s.indexOf("]]>", lt + 9)
      if (close === -1) return false
      const found = scanChars(s, lt + 9, close, true)
      if (found === -1) return false
      const data = s.slice(lt + 9, close)
      text += (found & CR) === 0 ? data : data.replace(lineEndings, "\n")
      i = close + 3
      continue
    }
    if (c === QUESTION || rootDone) return false
    // Start tag: an ASCII name, attributes, then ">" or "/>"
    let names = seen[stack.length]
    if (names === undefined) {
      names = []
      seen[stack.length] = names
    }
    // A name seen before at this depth is matched in place, with no scan of its characters first
    let name: string | undefined
    let j = lt + 1
    for (let k = 0; k < names.length; k++) {
      const candidate = names[k]!
      if (matches(s, lt + 1, candidate)) {
        const after = s.charCodeAt(lt + 1 + candidate.length)
        if (!(after < 128 && nameTable[after] !== 0)) {
          name = candidate
          j = lt + 1 + candidate.length
          break
        }
      }
    }
    let code: number
    if (name === undefined) {
      code = s.charCodeAt(j)
      if (!(code < 128 && nameTable[code] === 1)) return false
      j++
      for (code = s.charCodeAt(j); code < 128 && nameTable[code] !== 0; code = s.charCodeAt(++j));
      name = internalized(s.slice(lt + 1, j))
      if (names.length < 8) names.push(name)
    } else {
      code = s.charCodeAt(j)
    }
    let attributes: Record<string, string> | undefined
    let selfClosing = false
    for (;;) {
      const spaced = isSpace(code)
      while (isSpace(code)) code = s.charCodeAt(++j)
      if (code === GT) {
        j++
        break
      }
      if (code === SLASH) {
        if (s.charCodeAt(j + 1) !== GT) return false
        selfClosing = true
        j += 2
        break
      }
      // An attribute: whitespace before it, an ASCII name, "=", a quoted value
      if (!spaced || !(code < 128 && nameTable[code] === 1)) return false
      const nameStart = j
      for (code = s.charCodeAt(++j); code < 128 && nameTable[code] !== 0; code = s.charCodeAt(++j));
      const key = s.slice(nameStart, j)
      while (isSpace(code)) code = s.charCodeAt(++j)
      if (code !== EQUALS) return false
      code = s.charCodeAt(++j)
      while (isSpace(code)) code = s.charCodeAt(++j)
      if (code !== DQUOTE && code !== SQUOTE) return false
      const close = s.indexOf(code === DQUOTE ? '"' : "'", j + 1)
      if (close === -1) return false
      const value = attributeValue(s, j + 1, close)
      if (value === undefined) return false
      if (attributes === undefined) attributes = new Attributes()
      else if (Object.hasOwn(attributes, key)) return false
      attributes[key] = value
      j = close + 1
      code = s.charCodeAt(j)
    }
    if (j - lt > maxToken || stack.length >= maxDepth) return false
    if (lt - textFrom > maxToken) return false
    if (text !== "") {
      const data = text
      text = ""
      if (!builder.text(data)) return false
    }
    if (!builder.startElement(name, attributes ?? noAttributes)) return false
    if (selfClosing) {
      builder.endElement()
      if (stack.length === 0) rootDone = true
    } else {
      stack.push(name)
    }
    i = textFrom = j
  }
  return rootDone && stack.length === 0
}

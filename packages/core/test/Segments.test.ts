import { assert, describe, it } from "@effect/vitest"
import { IletiMerkeziValidation, Segments } from "@effect-sms/core"

const a = (n: number) => "a".repeat(n)
const zhe = (n: number) => "ж".repeat(n)
// Letters of the Turkish locking shift table that the default alphabet lacks: 1 septet each under locking shift.
const turkish = (n: number) => "ığşçİĞŞ".repeat(Math.ceil(n / 7)).slice(0, n)

describe("Segments", () => {
  describe("GSM-7 default alphabet", () => {
    it("160 characters fit in one part", () => {
      assert.deepStrictEqual(Segments.count(a(160)), {
        encoding: "gsm7",
        units: 160,
        segments: 1,
        perSegment: 160,
        remaining: 0
      })
    })

    it("161 characters take two parts of 153", () => {
      assert.deepStrictEqual(Segments.count(a(161)), {
        encoding: "gsm7",
        units: 161,
        segments: 2,
        perSegment: 153,
        remaining: 145
      })
    })

    it("306 characters take two parts, 307 take three", () => {
      const c306 = Segments.count(a(306))
      assert.strictEqual(c306.segments, 2)
      assert.strictEqual(c306.remaining, 0)
      const c307 = Segments.count(a(307))
      assert.strictEqual(c307.segments, 3)
      assert.strictEqual(c307.remaining, 152)
    })

    it("every character of the default alphabet costs 1 septet", () => {
      const alphabet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
      assert.strictEqual(alphabet.length, 127)
      const c = Segments.count(alphabet)
      assert.strictEqual(c.encoding, "gsm7")
      assert.strictEqual(c.units, 127)
    })

    it("extension-table characters cost 2 septets each", () => {
      assert.strictEqual(Segments.count("€").units, 2)
      assert.strictEqual(Segments.count("{").units, 2)
      const c = Segments.count("\f^{}\\[~]|€")
      assert.strictEqual(c.encoding, "gsm7")
      assert.strictEqual(c.units, 20)
    })

    it("Ç Ö Ü ö ü are in the default alphabet, so the text stays gsm7", () => {
      assert.deepStrictEqual(Segments.count("ÇÖÜöü Günü"), {
        encoding: "gsm7",
        units: 10,
        segments: 1,
        perSegment: 160,
        remaining: 150
      })
    })

    it("an escape pair is not split across a part boundary", () => {
      // 152 + 2 + 152 = 306 septets: two parts by plain division, but '{' cannot start in the last septet of part 1.
      const c = Segments.count(`${a(152)}{${a(152)}`)
      assert.strictEqual(c.units, 306)
      assert.strictEqual(c.segments, 3)
      assert.strictEqual(c.remaining, 152)
    })

    it("the empty text has no parts", () => {
      assert.deepStrictEqual(Segments.count(""), {
        encoding: "gsm7",
        units: 0,
        segments: 0,
        perSegment: 160,
        remaining: 160
      })
    })
  })

  describe("Turkish shift tables", () => {
    it("155 Turkish letters fit in one part of 155 under locking shift", () => {
      assert.deepStrictEqual(Segments.count(turkish(155)), {
        encoding: "gsm7-turkish-locking-shift",
        units: 155,
        segments: 1,
        perSegment: 155,
        remaining: 0
      })
    })

    it("156 Turkish letters take two parts of 149", () => {
      assert.deepStrictEqual(Segments.count(turkish(156)), {
        encoding: "gsm7-turkish-locking-shift",
        units: 156,
        segments: 2,
        perSegment: 149,
        remaining: 142
      })
    })

    it("prefers locking shift when single shift would need more parts", () => {
      // Under single shift 'ş' costs 2 septets (156 in all: two parts); under locking shift it costs 1 (155: one part).
      const c = Segments.count(`ş${a(154)}`)
      assert.strictEqual(c.encoding, "gsm7-turkish-locking-shift")
      assert.strictEqual(c.units, 155)
      assert.strictEqual(c.segments, 1)
    })

    it("€ costs 1 septet under locking shift, extension characters still 2", () => {
      const c = Segments.count("ş€{")
      assert.strictEqual(c.encoding, "gsm7-turkish-locking-shift")
      assert.strictEqual(c.units, 4)
    })

    it("falls back to single shift when the text has a letter the locking table replaced", () => {
      // 'è' is not in the Turkish locking table (0x04 became €), so only single shift can encode this.
      const c = Segments.count("Şè")
      assert.strictEqual(c.encoding, "gsm7-turkish-single-shift")
      assert.strictEqual(c.units, 3)
      assert.strictEqual(c.perSegment, 155)
    })

    it("falls back to UCS-2 when a character is in no GSM table", () => {
      assert.strictEqual(Segments.count("şì").encoding, "gsm7-turkish-single-shift")
      assert.strictEqual(Segments.count("şì✓").encoding, "ucs2")
      assert.strictEqual(Segments.count("Merhaba ✓").encoding, "ucs2")
    })
  })

  describe("UCS-2", () => {
    it("70 Cyrillic characters fit in one part", () => {
      assert.deepStrictEqual(Segments.count(zhe(70)), {
        encoding: "ucs2",
        units: 70,
        segments: 1,
        perSegment: 70,
        remaining: 0
      })
    })

    it("71 Cyrillic characters take two parts of 67", () => {
      assert.deepStrictEqual(Segments.count(zhe(71)), {
        encoding: "ucs2",
        units: 71,
        segments: 2,
        perSegment: 67,
        remaining: 63
      })
    })

    it("an astral emoji counts 2 UTF-16 units", () => {
      assert.deepStrictEqual(Segments.count("😀"), {
        encoding: "ucs2",
        units: 2,
        segments: 1,
        perSegment: 70,
        remaining: 68
      })
    })

    it("a surrogate pair is not split across a part boundary", () => {
      // 66 + 2 + 66 = 134 units: two parts by plain division, but the emoji cannot start in the last unit of part 1.
      const c = Segments.count(`${zhe(66)}😀${zhe(66)}`)
      assert.strictEqual(c.units, 134)
      assert.strictEqual(c.segments, 3)
      assert.strictEqual(c.remaining, 66)
    })
  })

  describe("limits", () => {
    it("iletiMerkezi: 155 GSM-7 characters in one part, 156 in two", () => {
      assert.strictEqual(Segments.count(a(155), { limits: IletiMerkeziValidation.SegmentLimits }).segments, 1)
      const c = Segments.count(a(156), { limits: IletiMerkeziValidation.SegmentLimits })
      assert.strictEqual(c.segments, 2)
      assert.strictEqual(c.perSegment, 148)
    })

    it("iletiMerkezi: 65 Unicode characters in one part, 66 in two", () => {
      assert.strictEqual(Segments.count(zhe(65), { limits: IletiMerkeziValidation.SegmentLimits }).segments, 1)
      const c = Segments.count(zhe(66), { limits: IletiMerkeziValidation.SegmentLimits })
      assert.strictEqual(c.segments, 2)
      assert.strictEqual(c.perSegment, 62)
    })

    it("iletiMerkezi: 150 Turkish characters in one part, 151 in two", () => {
      const one = Segments.count(turkish(150), { limits: IletiMerkeziValidation.SegmentLimits })
      assert.strictEqual(one.encoding, "gsm7-turkish-locking-shift")
      assert.strictEqual(one.segments, 1)
      assert.strictEqual(one.perSegment, 150)
      const two = Segments.count(turkish(151), { limits: IletiMerkeziValidation.SegmentLimits })
      assert.strictEqual(two.segments, 2)
      assert.strictEqual(two.perSegment, 144)
    })

    it("standard limits are the 3GPP ones", () => {
      assert.deepStrictEqual(Segments.count(a(161), { limits: Segments.Standard }), Segments.count(a(161)))
      assert.strictEqual(Segments.count(turkish(156), { limits: Segments.Standard }).perSegment, 149)
    })

    it("a partial override changes only the encodings it names", () => {
      const limits = { ucs2: { single: 10, multi: 5 } }
      assert.strictEqual(Segments.count(zhe(11), { limits }).segments, 3)
      assert.strictEqual(Segments.count(a(160), { limits }).segments, 1)
    })
  })
})

/**
 * Deterministic get-report pages for `bench/xml-decode.ts`, in the simulator's shapes (docs/providers/iletimerkezi-api.md ("cancel-order, get-report, get-reports")): as one
 * XML or JSON document, or as XML generated lazily in UTF-8 chunks, so that a 50 MB document never exists in memory.
 */

/** Message `i` of the page: a `+90 53…` number and a status (90% delivered, 8% undelivered, 2% waiting). */
export const messageAt = (i: number): { readonly number: string; readonly status: number } => {
  // An integer hash (Murmur3's finaliser) of i: the same page on every run, with no state.
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h = (h ^ (h >>> 16)) >>> 0
  const r = h % 100
  return { number: `+9053${String(h % 100_000_000).padStart(8, "0")}`, status: r < 90 ? 111 : r < 98 ? 112 : 110 }
}

/** The page's order: its counters follow the messages' statuses. */
const orderOf = (count: number) => {
  let delivered = 0
  let undelivered = 0
  for (let i = 0; i < count; i++) {
    const s = messageAt(i).status
    if (s === 111) delivered++
    else if (s === 112) undelivered++
  }
  const waiting = count - delivered - undelivered
  return {
    id: "313656774",
    status: waiting > 0 ? 113 : 114,
    total: count,
    delivered,
    undelivered,
    waiting,
    submitAt: "2026-04-01 01:56:28",
    sendAt: "2026-04-01 01:56:28",
    sender: "APITEST",
    price: delivered
  }
}

const status = "<status><code>200</code><message>İşlem başarılı</message></status>"

const xmlHead = (count: number): string => {
  const o = orderOf(count)
  return (
    `<?xml version="1.0" encoding="UTF-8"?><response>${status}<order><id>${o.id}</id><status>${o.status}</status>` +
    `<total>${o.total}</total><delivered>${o.delivered}</delivered><undelivered>${o.undelivered}</undelivered>` +
    `<waiting>${o.waiting}</waiting><submitAt>${o.submitAt}</submitAt><sendAt>${o.sendAt}</sendAt>` +
    `<sender>${o.sender}</sender><price>${o.price}</price>`
  )
}

const xmlTail = "</order></response>"

const xmlMessage = (i: number): string => {
  const m = messageAt(i)
  return `<message><number>${m.number}</number><status>${m.status}</status></message>`
}

/** One page of `count` messages as an XML document, as the simulator writes it. */
export const reportXml = (count: number): string => {
  const parts: Array<string> = [xmlHead(count)]
  for (let i = 0; i < count; i++) parts.push(xmlMessage(i))
  parts.push(xmlTail)
  return parts.join("")
}

/** The same page as JSON (numbers as numbers, `message` as an array), as the simulator writes it. */
export const reportJson = (count: number): string =>
  JSON.stringify({
    response: {
      status: { code: 200, message: "İşlem başarılı" },
      order: { ...orderOf(count), message: Array.from({ length: count }, (_, i) => messageAt(i)) }
    }
  })

/** The number of messages for which the XML document is at least `bytes` long. */
export const messagesForBytes = (bytes: number): number => {
  const encoder = new TextEncoder()
  const fixed = encoder.encode(xmlHead(0) + xmlTail).length
  const each = encoder.encode(xmlMessage(0)).length
  return Math.ceil((bytes - fixed) / each)
}

/** The XML page of `count` messages as UTF-8 chunks of about `chunkBytes`, produced only as they are pulled. */
export function* reportXmlChunks(count: number, chunkBytes = 64 * 1024): Generator<Uint8Array> {
  const encoder = new TextEncoder()
  let text = xmlHead(count)
  for (let i = 0; i < count; i++) {
    text += xmlMessage(i)
    if (text.length >= chunkBytes) {
      yield encoder.encode(text)
      text = ""
    }
  }
  yield encoder.encode(text + xmlTail)
}

/** How many distinct row blocks `cycledXmlChunks` cycles through. */
export const cycleBlocks = 16

/**
 * The same kind of page, `count` messages, as UTF-8 chunks that cost nothing to produce: `cycleBlocks` blocks of
 * `rowsPerBlock` rows are encoded once and repeated, so message `i` is `messageAt(i % (cycleBlocks * rowsPerBlock))`.
 * Measuring a streaming decoder's heap needs a source that makes no garbage of its own: `reportXmlChunks` builds and
 * encodes every chunk, and that alone peaks at about 32 MiB of young-generation garbage.
 */
export const cycledXmlChunks = (count: number, chunkBytes = 64 * 1024) => {
  const encoder = new TextEncoder()
  const rowBytes = encoder.encode(xmlMessage(0)).length
  const rowsPerBlock = Math.max(1, Math.floor(chunkBytes / rowBytes))
  const blocks = Array.from({ length: cycleBlocks }, (_, b) => {
    let text = ""
    for (let j = 0; j < rowsPerBlock; j++) text += xmlMessage(b * rowsPerBlock + j)
    return encoder.encode(text)
  })
  const total = Math.ceil(count / rowsPerBlock) * rowsPerBlock
  const head = encoder.encode(xmlHead(total))
  const tail = encoder.encode(xmlTail)
  function* chunks(): Generator<Uint8Array> {
    yield head
    for (let b = 0; b < total / rowsPerBlock; b++) yield blocks[b % cycleBlocks]!
    yield tail
  }
  return { total, period: cycleBlocks * rowsPerBlock, chunks }
}

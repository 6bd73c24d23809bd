/**
 * Builds plain trees from `effect/encoding/Xml` events, one tree per element that matches a path.
 *
 * This is the hot path of every decoder, so it works on the event arrays directly: one reused frame per open
 * element, objects created only for elements that have children or attributes, and no per-node allocations beyond
 * the result itself.
 *
 * @internal
 */
import type { Xml } from "effect/encoding"
import type { Tree, TreeObject } from "../XmlCodec.ts"
import { XmlDecodeError } from "../XmlDecodeError.ts"

// Objects inherit nothing, so that `__proto__` or `constructor` are ordinary element names and a repeated name is
// found with a plain lookup. Instances of a constructor stay fast-mode objects in V8, unlike `Object.create(null)`.
// (A function declaration: an arrow function cannot be called with `new`.)
function NodeConstructor() {}
NodeConstructor.prototype = Object.freeze(Object.create(null))
const Node = NodeConstructor as unknown as new () => Record<string, unknown>

// V8 sizes the objects of a constructor after its first few: it reserves room for as many properties as the largest
// of them holds by then. Left to the documents, that is a page's header, with a dozen fields, and every row of the
// page (two to four fields) would carry the unused room (a report row's node took 96 bytes instead of 56). So the
// first few nodes are made here, with `inObjectFields` fields: nodes hold that many in the object, and any beyond in a
// separate array.
const inObjectFields = 4
for (let i = 0; i < 8; i++) {
  const node = new Node()
  for (let k = 0; k < inObjectFields; k++) node[`_${k}`] = ""
}

const isXmlSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

/** Trims XML whitespace (space, tab, CR, LF) only, unlike `String.prototype.trim`, which also trims NBSP. */
export const trimXml = (s: string): string => {
  const n = s.length
  if (n === 0 || (!isXmlSpace(s.charCodeAt(0)) && !isXmlSpace(s.charCodeAt(n - 1)))) return s
  let i = 0
  while (i < n && isXmlSpace(s.charCodeAt(i))) i++
  let j = n
  while (j > i && isXmlSpace(s.charCodeAt(j - 1))) j--
  return s.slice(i, j)
}

const isBlank = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    if (!isXmlSpace(s.charCodeAt(i))) return false
  }
  return true
}

class Frame {
  name = ""
  attributes: Readonly<Record<string, string>> = {}
  node: Record<string, unknown> | undefined = undefined
  text = ""
  /** The number of keys of `node`. */
  keys = 0
  /** The element name and key count of the last node whose layout this frame kept (see `keepShape`). */
  keptName = ""
  keptKeys = -1
}

// V8 gives each object layout a hidden class ("map"), made the first time a property is added to an object of the
// layout before it, and kept only while some object has it. Once a page's tree is garbage, a full GC frees the maps
// of its nodes (and those of this module's own per-decode objects), and throws away all optimised code that relied
// on them: the next page then runs unoptimised until V8 compiles the decoder again, which made a decode after a full
// GC cost about twice the CPU of one in the steady state. So one empty object of each node layout seen is kept (up to
// `maxShapes` layouts: a document with many more is unusual, and is only slower), and one Frame and one Builder.
// Only small layouts are kept (at most `maxShapeKeys` keys, names of `maxShapeChars` characters in all), the ones a
// page's repeated elements have: what is kept for the life of the process stays under 256 × 1 KiB of names, whatever
// the documents.
const maxShapes = 256
const maxShapeKeys = 16
const maxShapeChars = 1024
const shapes = new Map<string, object>()

/** The number of node layouts kept (for the tests of the bound). */
export const keptShapeCount = (): number => shapes.size

const keepShape = (node: Record<string, unknown>): void => {
  if (shapes.size >= maxShapes) return
  const keys = Object.keys(node)
  if (keys.length > maxShapeKeys) return
  const signature = keys.join(">")
  if (signature.length > maxShapeChars || shapes.has(signature)) return
  const kept = new Node()
  for (const key of keys) kept[key] = ""
  shapes.set(signature, kept)
}

/** A scalar outside the collected elements, or a collected element. */
export type Part =
  | { readonly _tag: "Scalar"; readonly path: ReadonlyArray<string>; readonly value: string }
  | {
      readonly _tag: "Item"
      readonly value: Tree
    }

/** How a `Builder` collects. */
export interface BuilderOptions {
  readonly maxElementSize: number
  readonly trim: boolean
  readonly allowDoctype: boolean
  /** When true, `out` holds `Part`s, with the scalars outside the collected elements; otherwise it holds trees. */
  readonly scalars: boolean
}

/**
 * Collects the elements at `path` (names from the root, `"*"` for any name) into trees, as `Xml.elements` does,
 * but straight into the decoded shape.
 */
export class Builder {
  out: Array<unknown> = []
  failure: XmlDecodeError | undefined = undefined
  /** The name of the last element that matched the path. */
  name = ""

  private readonly path: ReadonlyArray<string>
  private readonly maxElementSize: number
  private readonly trim: boolean
  private readonly allowDoctype: boolean
  private readonly scalars: boolean

  // Number of open elements, and how many of them, from the root, match the path
  private depth = 0
  private matched = 0
  // The frames of the collected element and its open descendants; `frames[open - 1]` is the innermost
  private readonly frames: Array<Frame> = []
  private open = 0
  private size = 0
  // An attribute map known to be empty: the decoder shares one for every tag without attributes
  private empty: Readonly<Record<string, string>> | undefined = undefined
  // Elements outside the collected ones, by depth, when collecting scalars
  private readonly outsideNames: Array<string> = []
  private readonly outsideText: Array<string> = []
  private readonly outsideParent: Array<boolean> = []

  constructor(path: ReadonlyArray<string>, options: BuilderOptions) {
    this.path = path
    this.maxElementSize = options.maxElementSize
    this.trim = options.trim
    this.allowDoctype = options.allowDoctype
    this.scalars = options.scalars
  }

  push(events: ReadonlyArray<Xml.Event>): void {
    if (this.failure !== undefined) return
    for (let i = 0; i < events.length; i++) {
      if (!this.add(events[i]!)) return
    }
  }

  /**
   * Adds one event; false when collecting has stopped with a failure. The event object is not kept (its name,
   * attributes and text are).
   */
  add(event: Xml.Event): boolean {
    switch (event._tag) {
      case "StartElement":
        return this.startElement(event.name, event.attributes)
      case "EndElement":
        this.endElement()
        return true
      case "Text":
        return this.text(event.text)
      case "Doctype": {
        if (!this.allowDoctype) {
          this.failure = new XmlDecodeError({
            reason: "Entity",
            message: `a DOCTYPE (<!DOCTYPE ${event.name}>) is not allowed`
          })
          return false
        }
        return true
      }
      default:
        return true
    }
  }

  /**
   * An element starts; false when it exceeds `maxElementSize`. `attributes` is kept; an attribute-less tag should
   * pass the same empty map every time.
   */
  startElement(name: string, attributes: Readonly<Record<string, string>>): boolean {
    const frames = this.frames
    const depth = this.depth++
    if (this.open === 0) {
      const segment = this.path[depth]
      if (this.matched !== depth || (segment !== "*" && segment !== name)) {
        if (this.scalars) this.startOutside(depth, name, attributes)
        return true
      }
      if (++this.matched < this.path.length) {
        if (this.scalars) this.startOutside(depth, name, attributes)
        return true
      }
      if (this.scalars && depth > 0) this.outsideParent[depth - 1] = true
      this.size = 0
      this.name = name
    }
    let frame = frames[this.open]
    if (frame === undefined) {
      frame = new Frame()
      frames.push(frame)
    }
    this.open++
    frame.name = name
    frame.node = undefined
    frame.text = ""
    frame.keys = 0
    frame.attributes = attributes
    let size = name.length
    if (attributes !== this.empty) {
      let none = true
      for (const key in attributes) {
        none = false
        size += key.length + attributes[key]!.length
      }
      if (none) this.empty = attributes
    }
    this.size += size
    if (this.size > this.maxElementSize) {
      this.limit()
      return false
    }
    return true
  }

  /** The innermost open element ends. */
  endElement(): void {
    const frames = this.frames
    if (this.open > 0) {
      const frame = frames[--this.open]!
      const value = this.finish(frame)
      if (this.open === 0) {
        this.out.push(this.scalars ? { _tag: "Item", value } : value)
      } else {
        const parent = frames[this.open - 1]!
        const node = parent.node ?? this.makeNode(parent)
        const previous = node[frame.name]
        if (previous === undefined) {
          node[frame.name] = value
          parent.keys++
        } else if (Array.isArray(previous)) previous.push(value)
        else node[frame.name] = [previous, value]
      }
    } else if (this.scalars) {
      this.endOutside(this.depth - 1)
    }
    if (this.matched === this.depth) this.matched--
    this.depth--
  }

  /** Character data; false when it exceeds `maxElementSize`. */
  text(text: string): boolean {
    if (this.open > 0) {
      const frame = this.frames[this.open - 1]!
      // Whitespace between child elements is indentation, and is dropped without being kept
      if (frame.node === undefined || !isBlank(text)) {
        this.size += text.length
        if (this.size > this.maxElementSize) {
          this.limit()
          return false
        }
        frame.text = frame.text === "" ? text : frame.text + text
      }
    } else if (this.scalars && this.depth > 0 && !this.outsideParent[this.depth - 1]) {
      this.outsideText[this.depth - 1] += text
    }
    return true
  }

  /** The frame's node, made with its attributes. */
  private makeNode(frame: Frame): Record<string, unknown> {
    const node = new Node()
    let keys = 0
    const attributes = frame.attributes
    if (attributes !== this.empty) {
      for (const key in attributes) {
        node[`@${key}`] = attributes[key]
        keys++
      }
    }
    frame.node = node
    frame.keys = keys
    return node
  }

  private finish(frame: Frame): Tree {
    const text = this.trim ? trimXml(frame.text) : frame.text
    let node = frame.node
    if (node === undefined) {
      if (frame.attributes === this.empty) return text
      node = this.makeNode(frame)
      // Only the shared empty map, seen first on another tag, can get here without attributes
      if (frame.keys === 0) return text
      if (text !== "") {
        node["#text"] = text
        frame.keys++
      }
    } else if (text !== "" && !isBlank(text)) {
      node["#text"] = text
      frame.keys++
    }
    // Elements of one name at one level mostly share a layout: the layout is looked up only when the name or the key
    // count changes
    if (frame.keys !== frame.keptKeys || frame.name !== frame.keptName) {
      keepShape(node)
      frame.keptKeys = frame.keys
      frame.keptName = frame.name
    }
    return node as TreeObject
  }

  private limit(): void {
    const element = this.frames[0]!.name
    this.failure = new XmlDecodeError({
      reason: "Limit",
      message: `element <${element}> exceeds maxElementSize of ${this.maxElementSize}`
    })
  }

  private startOutside(depth: number, name: string, attributes: Readonly<Record<string, string>>): void {
    if (depth > 0) this.outsideParent[depth - 1] = true
    this.outsideNames[depth] = name
    this.outsideText[depth] = ""
    this.outsideParent[depth] = false
    if (attributes === this.empty) return
    for (const key in attributes) {
      this.out.push({
        _tag: "Scalar",
        path: [...this.outsideNames.slice(0, depth + 1), `@${key}`],
        value: attributes[key]
      })
    }
  }

  private endOutside(depth: number): void {
    if (this.outsideParent[depth]) return
    const text = this.outsideText[depth]!
    this.out.push({
      _tag: "Scalar",
      path: this.outsideNames.slice(0, depth + 1),
      value: this.trim ? trimXml(text) : text
    })
  }
}

// See `maxShapes`: the layouts of a Frame and a Builder, kept alive
export const keptLayouts: ReadonlyArray<object> = [
  new Frame(),
  new Builder(["*"], { maxElementSize: 1, trim: true, allowDoctype: false, scalars: false })
]

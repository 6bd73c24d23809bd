export * as XmlCodec from "./XmlCodec.ts"
export * as XmlDecodeError from "./XmlDecodeError.ts"

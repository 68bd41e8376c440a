import PolicyRules

/// A typed cell from a self-describing format (JSON Lines, XES): scalars are typed, nested JSON
/// objects and arrays keep their JSON text.
public enum CellValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  /// A nested object or array, as written in the file.
  case json(String)
}

/// A syntax error in one JSON line, with its 1-based byte column (or a value the line cannot
/// hold: a number out of range).
public struct JSONLineError: Error, Sendable, Hashable {
  public var message: String
  public var column: Int
  /// False for well-formed JSON with a value that cannot be read (`1e400`).
  public var isSyntax = true
}

/// A strict hand-written parser for one JSON object per line (RFC 8259), keeping key order.
///
/// Hand-written rather than `JSONSerialization` because the result must keep the file's key
/// order (for a deterministic schema), report the column of an error and avoid `Any`.
struct JSONLineParser {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  private var depth = 0
  static let maxDepth = 64
  /// The 0-based byte offset of each member's value in the line, in the order of
  /// `parseObject`'s members: for messages about a value (`report --judgements`).
  private(set) var valueOffsets: [Int] = []

  // `bytes`: the caller's line, which outlives the parser (a local value of the read).
  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The members of the object on this line, in file order (a repeated key keeps its last value).
  mutating func parseObject() throws(JSONLineError) -> [(key: String, value: CellValue)] {
    skipWhitespace()
    guard peek == UInt8(ascii: "{") else { throw fail("expected an object") }
    index += 1
    var members: [(key: String, value: CellValue)] = []
    skipWhitespace()
    if peek == UInt8(ascii: "}") {
      index += 1
    } else {
      while true {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
        let key = try parseString()
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after key") }
        index += 1
        skipWhitespace()
        let offset = index
        let value = try parseMemberValue()
        if let existing = members.firstIndex(where: { $0.key == key }) {
          members[existing].value = value
          valueOffsets[existing] = offset
        } else {
          members.append((key, value))
          valueOffsets.append(offset)
        }
        skipWhitespace()
        if peek == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard peek == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        index += 1
        break
      }
    }
    skipWhitespace()
    guard index == bytes.count else { throw fail("unexpected text after the object") }
    return members
  }

  private mutating func parseMemberValue() throws(JSONLineError) -> CellValue {
    guard let byte = peek else { throw fail("unexpected end of line") }
    switch byte {
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      let start = index
      try skipValue()
      // A slice of the line, within it, copied into the string.
      return .json(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    default: return .number(try parseNumber())
    }
  }

  /// Validates and skips any value (used for nested objects and arrays).
  private mutating func skipValue() throws(JSONLineError) {
    skipWhitespace()
    guard let byte = peek else { throw fail("unexpected end of line") }
    switch byte {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      depth += 1
      guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
      defer { depth -= 1 }
      let isObject = byte == UInt8(ascii: "{")
      let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
      index += 1
      skipWhitespace()
      if peek == close {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        if isObject {
          guard peek == UInt8(ascii: "\"") else { throw fail("expected a string key") }
          _ = try parseString()
          skipWhitespace()
          guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after key") }
          index += 1
        }
        try skipValue()
        skipWhitespace()
        if peek == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard peek == close else { throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'") }
        index += 1
        return
      }
    default:
      _ = try parseMemberValue()
    }
  }

  private mutating func parseString() throws(JSONLineError) -> String {
    index += 1  // opening quote
    var scratch: [UInt8] = []
    let start = index
    var escaped = false
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let end = index
        index += 1
        // A slice of the line, within it, read during this call only.
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !escaped {
          guard UTF8Validation.isValid(raw) else {
            throw JSONLineError(message: "invalid UTF-8 in string", column: start + 1)
          }
          return String(decoding: raw, as: UTF8.self)
        }
        return String(decoding: scratch, as: UTF8.self)
      }
      if byte < 0x20 { throw fail("control character in string") }
      if byte == UInt8(ascii: "\\") {
        if !escaped {
          escaped = true
          // A slice of the line, within it, copied into `scratch`.
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        index += 1
        guard let code = peek else { break }
        index += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(code)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar), peek == UInt8(ascii: "\\"), index + 1 < bytes.count,
            bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid surrogate pair") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
          scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
          index -= 1
          throw fail("invalid escape")
        }
        continue
      }
      if escaped { scratch.append(byte) }
      index += 1
    }
    throw fail("unterminated string")
  }

  private mutating func hex4() throws(JSONLineError) -> UInt32 {
    guard bytes.count - index >= 4 else { throw fail("invalid \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw fail("invalid \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  private mutating func parseNumber() throws(JSONLineError) -> Double {
    let start = index
    if peek == UInt8(ascii: "-") { index += 1 }
    guard let first = peek, first >= 0x30, first <= 0x39 else { throw fail("unexpected character") }
    if first == 0x30 {
      index += 1
    } else {
      skipDigits()
    }
    if peek == UInt8(ascii: ".") {
      index += 1
      guard skipDigits() else { throw fail("expected digits after '.'") }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      index += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
      guard skipDigits() else { throw fail("expected digits in exponent") }
    }
    // The grammar is checked above: a number that does not parse is beyond a Double's range.
    guard let value = NumberParsing.parseDouble(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      throw JSONLineError(
        message: "number \(text.count > 24 ? text.prefix(24) + "…" : text) is out of range",
        column: start + 1,
        isSyntax: false)
    }
    return value
  }

  @discardableResult
  private mutating func skipDigits() -> Bool {
    let start = index
    while let byte = peek, byte >= 0x30, byte <= 0x39 { index += 1 }
    return index > start
  }

  private mutating func expectWord(_ word: StaticString) throws(JSONLineError) {
    let count = word.utf8CodeUnitCount
    guard bytes.count - index >= count else { throw fail("unexpected character") }
    for k in 0..<count where bytes[index + k] != word.utf8Start[k] { throw fail("unexpected character") }
    index += count
  }

  private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { index += 1 }
  }

  private func fail(_ message: String) -> JSONLineError {
    JSONLineError(message: index >= bytes.count ? "unexpected end of line" : message, column: index + 1)
  }
}

/// A JSON document built by hand and printed with sorted keys and two-space indentation, so
/// the machine formats (JSON, SARIF) are byte-for-byte stable without Codable.
indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// `.string` or `.null`.
  static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

  /// The document as text, ending in a newline.
  func rendered() -> String {
    // Written as UTF-8 bytes: appending scalar by scalar to a String dominated large reports.
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(into: &out, indent: 0)
    out.append(UInt8(ascii: "\n"))
    return String(decoding: out, as: UTF8.self)
  }

  private func write(into out: inout [UInt8], indent: Int) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .integer(let value): out.append(contentsOf: String(value).utf8)
    case .number(let value): out.append(contentsOf: JSONValue.numberText(value).utf8)
    case .string(let value): JSONValue.writeString(value, into: &out)
    case .array(let items):
      guard !items.isEmpty else {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(contentsOf: "[\n".utf8)
      for (i, item) in items.enumerated() {
        JSONValue.writeIndent(indent + 2, into: &out)
        item.write(into: &out, indent: indent + 2)
        if i != items.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      JSONValue.writeIndent(indent, into: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(contentsOf: "{\n".utf8)
      // Keys compare by UTF-8 bytes: the same order on every platform.
      let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for (i, key) in keys.enumerated() {
        JSONValue.writeIndent(indent + 2, into: &out)
        JSONValue.writeString(key, into: &out)
        out.append(contentsOf: ": ".utf8)
        members[key, default: .null].write(into: &out, indent: indent + 2)
        if i != keys.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      JSONValue.writeIndent(indent, into: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func writeIndent(_ count: Int, into out: inout [UInt8]) {
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
  }

  /// A JSON string literal, quotes included; the same escapes as `ReportEscaping.jsonString`.
  static func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var k = 0
      let n = bytes.count
      while k < n {
        let byte = bytes[k]
        switch byte {
        case 0x22: out.append(contentsOf: "\\\"".utf8)
        case 0x5C: out.append(contentsOf: "\\\\".utf8)
        case 0x0A: out.append(contentsOf: "\\n".utf8)
        case 0x0D: out.append(contentsOf: "\\r".utf8)
        case 0x09: out.append(contentsOf: "\\t".utf8)
        case 0x08: out.append(contentsOf: "\\b".utf8)
        case 0x0C: out.append(contentsOf: "\\f".utf8)
        case 0x00..<0x20: writeUnicodeEscape(UInt32(byte), into: &out)
        // U+2028 and U+2029 (E2 80 A8/A9), the line separators JavaScript treats as line breaks.
        case 0xE2 where k + 2 < n && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9):
          writeUnicodeEscape(bytes[k + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
          k += 2
        default: out.append(byte)
        }
        k += 1
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func writeUnicodeEscape(_ value: UInt32, into out: inout [UInt8]) {
    let digits = Array("0123456789ABCDEF".utf8)
    out.append(contentsOf: "\\u".utf8)
    for shift in [12, 8, 4, 0] { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
  }

  /// Integral values without a fraction; others in Swift's shortest round-trip form; non-finite
  /// values (which JSON cannot hold) as `null`.
  static func numberText(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

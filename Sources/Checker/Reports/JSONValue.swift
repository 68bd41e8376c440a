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
    var out = ""
    write(into: &out, indent: 0)
    out += "\n"
    return out
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .integer(let value): out += String(value)
    case .number(let value): out += JSONValue.numberText(value)
    case .string(let value): out += ReportEscaping.jsonString(value)
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += String(repeating: " ", count: indent + 2)
        item.write(into: &out, indent: indent + 2)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: " ", count: indent) + "]"
    case .object(let members):
      guard !members.isEmpty else {
        out += "{}"
        return
      }
      out += "{\n"
      // Keys compare by UTF-8 bytes: the same order on every platform.
      let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      for (i, key) in keys.enumerated() {
        out += String(repeating: " ", count: indent + 2) + ReportEscaping.jsonString(key) + ": "
        members[key, default: .null].write(into: &out, indent: indent + 2)
        out += i == keys.count - 1 ? "\n" : ",\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  /// Integral values without a fraction; others in Swift's shortest round-trip form; non-finite
  /// values (which JSON cannot hold) as `null`.
  static func numberText(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}

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
    ReportSink.collecting { sink in
      write(to: &sink, indent: 0)
      sink.write(byte: UInt8(ascii: "\n"))
    }
  }

  /// Writes the value as it stands on a line indented by `indent` (no trailing line break).
  func write(to sink: inout ReportSink, indent: Int) {
    switch self {
    case .null: sink.writeJSONNull()
    case .bool(let value): sink.writeJSONBool(value)
    case .integer(let value): sink.write(integer: value)
    case .number(let value): sink.writeJSONNumber(value)
    case .string(let value): sink.writeJSONString(value)
    case .array(let items):
      sink.writeJSONArray(items, indent: indent) { sink, item, indent in item.write(to: &sink, indent: indent)
      }
    case .object(let members):
      guard !members.isEmpty else {
        sink.write("{}")
        return
      }
      // Keys compare by UTF-8 bytes: the same order on every platform.
      let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for (i, key) in keys.enumerated() {
        sink.write(i == 0 ? "{\n" : ",\n")
        sink.writeSpaces(indent + 2)
        sink.writeJSONString(key)
        sink.write(": ")
        members[key, default: .null].write(to: &sink, indent: indent + 2)
      }
      sink.writeJSONObjectEnd(indent: indent)
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

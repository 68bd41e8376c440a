/// A value of a record field, a parameter or an expression result.
///
/// `null` means "absent or unusable": checks that need a null value report the case as
/// unverifiable rather than passed or violated.
public enum Value: Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case timestamp(Timestamp)
  /// A length of plain time, in milliseconds.
  case duration(Int64)

  public var isNull: Bool { if case .null = self { true } else { false } }

  public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
  public var number: Double? { if case .number(let n) = self { n } else { nil } }
  public var string: String? { if case .string(let s) = self { s } else { nil } }
  public var timestamp: Timestamp? { if case .timestamp(let t) = self { t } else { nil } }
  public var duration: Int64? { if case .duration(let d) = self { d } else { nil } }

  public var type: ValueType {
    switch self {
    case .null: .null
    case .bool: .bool
    case .number: .number
    case .string: .string
    case .timestamp: .timestamp
    case .duration: .duration
    }
  }

  /// Plain text for messages and reports (timestamps as UTC ISO 8601; reporters may localise).
  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let b): b ? "true" : "false"
    case .number(let n):
      n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    case .string(let s): s
    case .timestamp(let t): ISO8601Text.utc(t)
    case .duration(let ms): DurationText.describe(milliseconds: ms)
    }
  }
}

/// The static types of the expression language; `any` is a field whose type is known only from data.
public enum ValueType: String, Sendable, Hashable {
  case null, bool, number, string, timestamp, duration, any
}

/// One value of a judgement row as read, before it is bound: text, an integer or null, and the
/// 1-based column it starts at (for messages).
struct JudgementCell: Sendable, Hashable {
  enum Value: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
  }

  var value: Value
  var column: Int

  /// The text, or nil for null (an integer is written as its digits).
  var text: String? {
    switch value {
    case .null: nil
    case .text(let s): s
    case .integer(let n): String(n)
    }
  }
}

/// One lexical unit of an expression, with its 0-based Unicode-scalar offset in the text.
struct ExpressionToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case number(Double)
    case duration(Int64)
    case string(String)
    /// A field name, plain (`age`, `受理时间`, `a.b`) or backtick-quoted.
    case identifier(String)
    /// `$name`, without the dollar sign.
    case parameter(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case end
  }

  enum Keyword: String, Sendable, CaseIterable {
    case and, or, not, `in`, matches, `true`, `false`, null
  }

  enum Symbol: String, Sendable {
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case doubleAmpersand = "&&"
    case doubleBar = "||"
    case bang = "!"
  }

  var kind: Kind
  var offset: Int
  /// The token as written, for messages such as `unexpected token ')'`.
  var text: String
}

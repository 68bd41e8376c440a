/// Splits expression text into tokens. Offsets count Unicode scalars so that the rule loader can
/// add them to a YAML scalar's column.
struct ExpressionLexer {
  private let scalars: [Unicode.Scalar]
  private var position = 0

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
  }

  /// Milliseconds per duration-literal unit.
  static let durationUnits: [String: Double] = [
    "ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000,
  ]

  /// Every token of the text, ending with `.end`.
  static func tokenize(_ text: String) throws(ExpressionError) -> [ExpressionToken] {
    var lexer = ExpressionLexer(text)
    var tokens: [ExpressionToken] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    let index = position + ahead
    return index < scalars.count ? scalars[index] : nil
  }

  private func text(from start: Int) -> String {
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars[start..<position])
    return String(result)
  }

  static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic
  }

  /// Letters, `_`, digits of any script and combining marks (`e` + U+0301 is one letter).
  static func isIdentifierContinuation(_ scalar: Unicode.Scalar) -> Bool {
    if isIdentifierStart(scalar) || scalar.properties.numericType != nil { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark: return true
    default: return false
    }
  }

  static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    return scalar >= "0" && scalar <= "9"
  }

  private mutating func skipWhitespace() {
    while let scalar = peek(), scalar.properties.isWhitespace { position += 1 }
  }

  mutating func next() throws(ExpressionError) -> ExpressionToken {
    skipWhitespace()
    let start = position
    guard let scalar = peek() else { return ExpressionToken(kind: .end, offset: start, text: "") }
    if Self.isDigit(scalar) || (scalar == "." && Self.isDigit(peek(1))) {
      return try number(start: start)
    }
    if scalar == "\"" || scalar == "'" { return try string(start: start, quote: scalar) }
    if scalar == "`" { return try quotedName(start: start) }
    if scalar == "$" {
      position += 1
      guard let first = peek(), Self.isIdentifierStart(first) else {
        throw ExpressionError(message: "expected a parameter name after '$'", offset: start)
      }
      let name = word()
      return ExpressionToken(kind: .parameter(name), offset: start, text: "$" + name)
    }
    if Self.isIdentifierStart(scalar) {
      let name = word()
      let kind: ExpressionToken.Kind =
        ExpressionToken.Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name)
      return ExpressionToken(kind: kind, offset: start, text: name)
    }
    return try symbol(start: start)
  }

  /// Letters, digits and `_`, with single dots joining parts (`a.b` is one name).
  private mutating func word() -> String {
    let start = position
    while let scalar = peek() {
      if Self.isIdentifierContinuation(scalar) {
        position += 1
      } else if scalar == ".", let after = peek(1), Self.isIdentifierContinuation(after) {
        position += 1
      } else {
        break
      }
    }
    return text(from: start)
  }

  private mutating func number(start: Int) throws(ExpressionError) -> ExpressionToken {
    while Self.isDigit(peek()) { position += 1 }
    if peek() == ".", Self.isDigit(peek(1)) {
      position += 1
      while Self.isDigit(peek()) { position += 1 }
    }
    let digits = text(from: start)
    guard let value = Double(digits) else {
      throw ExpressionError(message: "invalid number '\(digits)'", offset: start)
    }
    // Beyond Double's range the digits would read as infinity, a value no field can hold.
    guard value.isFinite else {
      throw ExpressionError(message: "number is too large (\(digits.count) digits)", offset: start)
    }
    if let scalar = peek(), Self.isIdentifierStart(scalar) {
      let unitStart = position
      while let scalar = peek(), Self.isIdentifierContinuation(scalar) { position += 1 }
      let unit = text(from: unitStart)
      guard let perUnit = Self.durationUnits[unit] else {
        throw ExpressionError(
          message: "unknown unit '\(unit)' in '\(text(from: start))'; use ms, s, m, h, d or w",
          offset: unitStart)
      }
      let milliseconds = (value * perUnit).rounded()
      guard milliseconds.magnitude < 9.2e18 else {
        throw ExpressionError(message: "duration '\(text(from: start))' is too long", offset: start)
      }
      return ExpressionToken(kind: .duration(Int64(milliseconds)), offset: start, text: text(from: start))
    }
    if peek() == "%", !operandFollows(after: position + 1) {
      position += 1
      return ExpressionToken(kind: .number(value / 100), offset: start, text: text(from: start))
    }
    return ExpressionToken(kind: .number(value), offset: start, text: digits)
  }

  /// Whether an operand starts after `index` (skipping spaces): then `%` is modulo, not percent.
  private func operandFollows(after index: Int) -> Bool {
    var index = index
    while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
    guard index < scalars.count else { return false }
    let scalar = scalars[index]
    if Self.isDigit(scalar) || "(\"'`$.".unicodeScalars.contains(scalar) { return true }
    guard Self.isIdentifierStart(scalar) else { return false }
    var end = index
    while end < scalars.count, Self.isIdentifierContinuation(scalars[end]) { end += 1 }
    var name = String.UnicodeScalarView()
    name.append(contentsOf: scalars[index..<end])
    switch String(name) {
    case "and", "or", "not", "in", "matches": return false
    default: return true
    }
  }

  private mutating func string(start: Int, quote: Unicode.Scalar) throws(ExpressionError) -> ExpressionToken {
    position += 1
    var value = String.UnicodeScalarView()
    while true {
      guard let scalar = peek() else {
        throw ExpressionError(message: "unterminated string", offset: start)
      }
      position += 1
      if scalar == quote { break }
      guard scalar == "\\" else {
        value.append(scalar)
        continue
      }
      guard let escaped = peek() else {
        throw ExpressionError(message: "unterminated string", offset: start)
      }
      switch escaped {
      case "\"", "'", "\\": value.append(escaped)
      case "n": value.append("\n")
      case "t": value.append("\t")
      default:
        // Kept as written so that regular expressions read naturally: "^A\d+$".
        value.append("\\")
        value.append(escaped)
      }
      position += 1
    }
    return ExpressionToken(kind: .string(String(value)), offset: start, text: text(from: start))
  }

  private mutating func quotedName(start: Int) throws(ExpressionError) -> ExpressionToken {
    position += 1
    let nameStart = position
    while let scalar = peek(), scalar != "`" { position += 1 }
    guard peek() == "`" else {
      throw ExpressionError(message: "unterminated quoted name", offset: start)
    }
    let name = text(from: nameStart)
    position += 1
    guard !name.isEmpty else { throw ExpressionError(message: "empty quoted name", offset: start) }
    return ExpressionToken(kind: .identifier(name), offset: start, text: text(from: start))
  }

  private mutating func symbol(start: Int) throws(ExpressionError) -> ExpressionToken {
    let scalar = peek()!
    let next = peek(1)
    let symbol: ExpressionToken.Symbol
    var length = 1
    switch scalar {
    case "(": symbol = .leftParen
    case ")": symbol = .rightParen
    case "[": symbol = .leftBracket
    case "]": symbol = .rightBracket
    case ",": symbol = .comma
    case "+": symbol = .plus
    case "-": symbol = .minus
    case "*": symbol = .star
    case "/": symbol = .slash
    case "%": symbol = .percent
    case "=":
      guard next == "=" else {
        throw ExpressionError(message: "'=' is not an operator; use '=='", offset: start)
      }
      symbol = .equal
      length = 2
    case "!":
      if next == "=" {
        symbol = .notEqual
        length = 2
      } else {
        symbol = .bang
      }
    case "<":
      if next == "=" {
        symbol = .lessOrEqual
        length = 2
      } else if next == ">" {
        throw ExpressionError(message: "'<>' is not an operator; use '!='", offset: start)
      } else {
        symbol = .less
      }
    case ">":
      if next == "=" {
        symbol = .greaterOrEqual
        length = 2
      } else {
        symbol = .greater
      }
    case "&":
      guard next == "&" else {
        throw ExpressionError(message: "'&' is not an operator; use 'and'", offset: start)
      }
      symbol = .doubleAmpersand
      length = 2
    case "|":
      guard next == "|" else {
        throw ExpressionError(message: "'|' is not an operator; use 'or'", offset: start)
      }
      symbol = .doubleBar
      length = 2
    default:
      throw ExpressionError(message: "unexpected character '\(Character(scalar))'", offset: start)
    }
    position += length
    return ExpressionToken(kind: .symbol(symbol), offset: start, text: symbol.rawValue)
  }
}

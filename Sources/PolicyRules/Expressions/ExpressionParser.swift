/// A recursive-descent parser for the expression language.
///
/// Precedence, loosest first: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons with `in`, `not in`
/// and `matches` (not chainable), `+ -`, `* / %`, unary `-`, then literals, names, calls and
/// parentheses.
struct ExpressionParser {
  private let tokens: [ExpressionToken]
  private var index = 0
  private let parameters: [String: Value]
  /// Every field name the expression reads.
  private(set) var fieldNames: Set<String> = []

  static let parameterPrefix = "param."

  init(tokens: [ExpressionToken], parameters: [String: Value]) {
    self.tokens = tokens
    self.parameters = parameters
  }

  private var current: ExpressionToken { tokens[min(index, tokens.count - 1)] }

  private func peek(_ ahead: Int) -> ExpressionToken { tokens[min(index + ahead, tokens.count - 1)] }

  private mutating func advance() -> ExpressionToken {
    let token = current
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  private func isKeyword(_ keyword: ExpressionToken.Keyword, _ token: ExpressionToken? = nil) -> Bool {
    (token ?? current).kind == .keyword(keyword)
  }

  private func isSymbol(_ symbol: ExpressionToken.Symbol) -> Bool {
    current.kind == .symbol(symbol)
  }

  /// The error for a token that cannot stand where it is.
  private func unexpected(_ token: ExpressionToken) -> ExpressionError {
    if token.kind == .end {
      return ExpressionError(message: "unexpected end of expression", offset: token.offset)
    }
    return ExpressionError(message: "unexpected token '\(token.text)'", offset: token.offset)
  }

  /// Parses the whole token list.
  mutating func parse() throws(ExpressionError) -> ExpressionSyntax {
    if current.kind == .end {
      throw ExpressionError(message: "empty expression", offset: current.offset)
    }
    let syntax = try parseOr()
    guard current.kind == .end else { throw unexpected(current) }
    return syntax
  }

  private mutating func parseOr() throws(ExpressionError) -> ExpressionSyntax {
    var left = try parseAnd()
    while isKeyword(.or) || isSymbol(.doubleBar) {
      let offset = advance().offset
      let right = try parseAnd()
      left = .logical(.or, left, right, operatorOffset: offset)
    }
    return left
  }

  private mutating func parseAnd() throws(ExpressionError) -> ExpressionSyntax {
    var left = try parseNot()
    while isKeyword(.and) || isSymbol(.doubleAmpersand) {
      let offset = advance().offset
      let right = try parseNot()
      left = .logical(.and, left, right, operatorOffset: offset)
    }
    return left
  }

  private mutating func parseNot() throws(ExpressionError) -> ExpressionSyntax {
    if isKeyword(.not) || isSymbol(.bang) {
      let offset = advance().offset
      return .not(try parseNot(), offset: offset)
    }
    return try parseComparison()
  }

  /// Whether the current token starts a comparison, `in`, `not in` or `matches`.
  private var atComparison: Bool {
    if case .symbol(let symbol) = current.kind, let op = ExpressionOperator(symbol), op.isComparison {
      return true
    }
    return isKeyword(.in) || isKeyword(.matches) || (isKeyword(.not) && isKeyword(.in, peek(1)))
  }

  private mutating func parseComparison() throws(ExpressionError) -> ExpressionSyntax {
    let left = try parseAdditive()
    let result: ExpressionSyntax
    if case .symbol(let symbol) = current.kind, let op = ExpressionOperator(symbol), op.isComparison {
      let offset = advance().offset
      result = .binary(op, left, try parseAdditive(), operatorOffset: offset)
    } else if isKeyword(.in) {
      let offset = advance().offset
      result = .membership(left, try parseList(after: "in"), negated: false, operatorOffset: offset)
    } else if isKeyword(.not) {
      let offset = advance().offset
      guard isKeyword(.in) else {
        throw ExpressionError(message: "expected 'in' after 'not'", offset: current.offset)
      }
      _ = advance()
      result = .membership(left, try parseList(after: "not in"), negated: true, operatorOffset: offset)
    } else if isKeyword(.matches) {
      let offset = advance().offset
      result = .matches(left, try parsePattern(), operatorOffset: offset)
    } else {
      return left
    }
    if atComparison {
      throw ExpressionError(message: "comparisons cannot be chained; use 'and'", offset: current.offset)
    }
    return result
  }

  private mutating func parseList(after operatorName: String) throws(ExpressionError) -> [ExpressionSyntax] {
    guard isSymbol(.leftBracket) else {
      throw ExpressionError(
        message: "'\(operatorName)' needs a list such as [\"a\", \"b\"]", offset: current.offset)
    }
    let open = advance().offset
    var elements: [ExpressionSyntax] = []
    if isSymbol(.rightBracket) {
      _ = advance()
      return elements
    }
    while true {
      elements.append(try parseAdditive())
      if isSymbol(.comma) {
        _ = advance()
      } else if isSymbol(.rightBracket) {
        _ = advance()
        return elements
      } else {
        throw ExpressionError(message: "expected ']' to close '[' at offset \(open)", offset: current.offset)
      }
    }
  }

  /// The right side of `matches`: a string literal or string parameter, compiled now.
  private mutating func parsePattern() throws(ExpressionError) -> CompiledRegex {
    let token = current
    let pattern: String
    switch token.kind {
    case .string(let text):
      pattern = text
    case .parameter(let name):
      guard case .string(let text) = try parameterValue(name, written: token.text, offset: token.offset)
      else {
        throw ExpressionError(
          message: "'matches' needs a string parameter, '\(token.text)' is not one", offset: token.offset)
      }
      pattern = text
    default:
      throw ExpressionError(message: "'matches' needs a string literal on its right", offset: token.offset)
    }
    _ = advance()
    guard let regex = CompiledRegex(pattern) else {
      throw ExpressionError(message: "invalid regular expression '\(pattern)'", offset: token.offset)
    }
    return regex
  }

  private mutating func parseAdditive() throws(ExpressionError) -> ExpressionSyntax {
    var left = try parseMultiplicative()
    while isSymbol(.plus) || isSymbol(.minus) {
      let token = advance()
      let op: ExpressionOperator = token.kind == .symbol(.plus) ? .add : .subtract
      left = .binary(op, left, try parseMultiplicative(), operatorOffset: token.offset)
    }
    return left
  }

  private mutating func parseMultiplicative() throws(ExpressionError) -> ExpressionSyntax {
    var left = try parseUnary()
    while true {
      let op: ExpressionOperator
      switch current.kind {
      case .symbol(.star): op = .multiply
      case .symbol(.slash): op = .divide
      case .symbol(.percent): op = .remainder
      default: return left
      }
      let offset = advance().offset
      left = .binary(op, left, try parseUnary(), operatorOffset: offset)
    }
  }

  private mutating func parseUnary() throws(ExpressionError) -> ExpressionSyntax {
    if isSymbol(.minus) {
      let offset = advance().offset
      return .negate(try parseUnary(), offset: offset)
    }
    return try parsePrimary()
  }

  private mutating func parsePrimary() throws(ExpressionError) -> ExpressionSyntax {
    let token = current
    switch token.kind {
    case .number(let value):
      _ = advance()
      return .literal(.number(value), offset: token.offset)
    case .duration(let milliseconds):
      _ = advance()
      return .literal(.duration(milliseconds), offset: token.offset)
    case .string(let text):
      _ = advance()
      return .literal(.string(text), offset: token.offset)
    case .keyword(.true), .keyword(.false):
      _ = advance()
      return .literal(.bool(token.kind == .keyword(.true)), offset: token.offset)
    case .keyword(.null):
      _ = advance()
      return .literal(.null, offset: token.offset)
    case .parameter(let name):
      _ = advance()
      return .literal(
        try parameterValue(name, written: token.text, offset: token.offset), offset: token.offset)
    case .identifier(let name):
      _ = advance()
      if isSymbol(.leftParen) { return try parseCall(name: name, offset: token.offset) }
      // `param.x` is the other spelling of `$x`, unless quoted with backticks.
      if name.hasPrefix(Self.parameterPrefix), !token.text.hasPrefix("`") {
        let parameter = String(name.dropFirst(Self.parameterPrefix.count))
        return .literal(
          try parameterValue(parameter, written: name, offset: token.offset), offset: token.offset)
      }
      fieldNames.insert(name)
      return .field(name, offset: token.offset)
    case .symbol(.leftParen):
      _ = advance()
      let inner = try parseOr()
      guard isSymbol(.rightParen) else {
        throw ExpressionError(
          message: "expected ')' to close '(' at offset \(token.offset)", offset: current.offset)
      }
      _ = advance()
      return inner
    case .symbol(.leftBracket):
      throw ExpressionError(message: "a list is only allowed after 'in'", offset: token.offset)
    default:
      throw unexpected(token)
    }
  }

  private func parameterValue(_ name: String, written: String, offset: Int) throws(ExpressionError) -> Value {
    if let value = parameters[name] { return value }
    let prefix = written.hasPrefix("$") ? "$" : Self.parameterPrefix
    let suggestion = Suggestions.didYouMean(prefix + name, in: parameters.keys.sorted().map { prefix + $0 })
    throw ExpressionError(message: "undefined parameter '\(written)'\(suggestion)", offset: offset)
  }

  private mutating func parseCall(name: String, offset: Int) throws(ExpressionError) -> ExpressionSyntax {
    guard let function = ExpressionFunction(rawValue: name) else {
      let suggestion = Suggestions.didYouMean(name, in: ExpressionFunction.allCases.map(\.rawValue))
      throw ExpressionError(message: "unknown function '\(name)'\(suggestion)", offset: offset)
    }
    let open = advance().offset
    var arguments: [ExpressionSyntax] = []
    if isSymbol(.rightParen) {
      _ = advance()
    } else {
      while true {
        arguments.append(try parseOr())
        if isSymbol(.comma) {
          _ = advance()
        } else if isSymbol(.rightParen) {
          _ = advance()
          break
        } else {
          throw ExpressionError(
            message: "expected ')' to close '(' at offset \(open)", offset: current.offset)
        }
      }
    }
    guard arguments.count == function.arity else {
      let noun = function.arity == 1 ? "argument" : "arguments"
      throw ExpressionError(
        message: "'\(name)' takes \(function.arity) \(noun), got \(arguments.count)", offset: offset)
    }
    return .call(function, arguments, nameOffset: offset)
  }
}

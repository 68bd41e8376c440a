/// The parser of the expression language: recursive descent written as a loop over an explicit
/// stack of pending constructs, so no text, however deep, can exhaust the thread's stack.
///
/// Precedence, loosest first: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons with `in`, `not in`
/// and `matches` (not chainable), `+ -`, `* / %`, unary `-`, then literals, names, calls and
/// parentheses.
///
/// Depth is bounded here, once, for every later walk (`Expression.maxDepth`): every node knows
/// its height, and a node above the bound is an error at its operator, as is the 257th `(`,
/// call, `not` or `-` still open. Chains of `and` (or `or`) become balanced trees, so a long
/// list of conditions costs only the logarithm of its length in depth; arithmetic chains are
/// left-associative and count one level per operator.
struct ExpressionParser {
  /// A subexpression and the height of its tree: 0 for a literal or name, one more for each
  /// operator, call or pair of parentheses above it.
  private struct Parsed {
    var syntax: ExpressionSyntax
    var height: Int
  }

  /// The grammar's levels, loosest first; parsing one starts at its first token.
  private enum Level {
    case or, and, not, additive, multiplicative, unary
  }

  /// The operands of a chain, list or call collected so far. A class, so that adding one does
  /// not copy the array out of the `Pending` value that holds it.
  private final class Operands {
    var items: [Parsed] = []
    /// For chains: the offset of each operator between two operands.
    var offsets: [Int] = []
  }

  /// A construct waiting for the subexpression being parsed (what a recursive-descent
  /// function would hold in its frame).
  private enum Pending {
    /// Operands of an `or` (or `and`) chain so far, and the offsets of the operators between.
    case chain(ExpressionSyntax.LogicalOperator, Operands)
    case not(offset: Int)
    /// Waiting for a comparison's left side.
    case comparison
    case comparisonRight(ExpressionOperator, Parsed, offset: Int)
    /// Waiting for an element of the list after `in` / `not in`.
    case list(Parsed, negated: Bool, offset: Int, open: Int, Operands)
    /// Waiting for an operand of `+ -` (or `* / %`): the left side and operator, if any.
    case additive(Parsed, ExpressionOperator, offset: Int)
    case additiveStart
    case multiplicative(Parsed, ExpressionOperator, offset: Int)
    case multiplicativeStart
    case negate(offset: Int)
    case parenthesis(offset: Int)
    case call(ExpressionFunction, name: String, offset: Int, open: Int, Operands)

    /// Whether this construct counts toward `nesting` (it opens around what follows).
    var nests: Bool {
      switch self {
      case .not, .negate, .parenthesis, .call: true
      default: false
      }
    }
  }

  /// Either parse a level from the current token, or hand a finished subexpression up.
  private enum Step {
    case descend(Level)
    case deliver(Parsed)
  }

  private let tokens: [ExpressionToken]
  private var index = 0
  private let parameters: [String: Value]
  /// Every field name the expression reads.
  private(set) var fieldNames: Set<String> = []
  private var stack: [Pending] = []
  /// Parentheses, calls, `not` and unary `-` open around the current token.
  private var nesting = 0

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

  private static func tooDeep(at offset: Int) -> ExpressionError {
    ExpressionError(message: "expression nested deeper than \(Expression.maxDepth) levels", offset: offset)
  }

  /// Parses the whole token list.
  mutating func parse() throws(ExpressionError) -> ExpressionSyntax {
    if current.kind == .end {
      throw ExpressionError(message: "empty expression", offset: current.offset)
    }
    var step = Step.descend(.or)
    while true {
      switch step {
      case .descend(let level):
        step = try descend(level)
      case .deliver(let parsed):
        guard let pending = stack.popLast() else {
          guard current.kind == .end else { throw unexpected(current) }
          return parsed.syntax
        }
        if pending.nests { nesting -= 1 }
        step = try resume(pending, with: parsed)
      }
    }
  }

  /// Opens `pending` around what follows.
  private mutating func push(_ pending: Pending, at offset: Int) throws(ExpressionError) {
    if pending.nests {
      guard nesting < Expression.maxDepth else { throw Self.tooDeep(at: offset) }
      nesting += 1
    }
    stack.append(pending)
  }

  /// Starts `level` at the current token: pushes what waits for its first operand.
  private mutating func descend(_ level: Level) throws(ExpressionError) -> Step {
    switch level {
    case .or:
      try push(.chain(.or, Operands()), at: current.offset)
      return .descend(.and)
    case .and:
      try push(.chain(.and, Operands()), at: current.offset)
      return .descend(.not)
    case .not:
      if isKeyword(.not) || isSymbol(.bang) {
        let offset = current.offset
        try push(.not(offset: offset), at: offset)
        _ = advance()
        return .descend(.not)
      }
      try push(.comparison, at: current.offset)
      return .descend(.additive)
    case .additive:
      try push(.additiveStart, at: current.offset)
      return .descend(.multiplicative)
    case .multiplicative:
      try push(.multiplicativeStart, at: current.offset)
      return .descend(.unary)
    case .unary:
      if isSymbol(.minus) {
        let offset = current.offset
        try push(.negate(offset: offset), at: offset)
        _ = advance()
        return .descend(.unary)
      }
      return try primary()
    }
  }

  /// Continues `pending` now that `parsed`, the subexpression it waited for, is complete.
  private mutating func resume(_ pending: Pending, with parsed: Parsed) throws(ExpressionError) -> Step {
    switch pending {
    case .chain(let op, let operands):
      operands.items.append(parsed)
      let continues =
        op == .or ? isKeyword(.or) || isSymbol(.doubleBar) : isKeyword(.and) || isSymbol(.doubleAmpersand)
      guard continues else {
        return .deliver(try balanced(op, operands.items[...], offsets: operands.offsets[...]))
      }
      operands.offsets.append(advance().offset)
      try push(pending, at: current.offset)
      return .descend(op == .or ? .and : .not)
    case .not(let offset):
      return .deliver(try node([parsed], offset: offset) { .not(parsed.syntax, offset: offset) })
    case .comparison:
      return try comparison(after: parsed)
    case .comparisonRight(let op, let left, let offset):
      return try endComparison(binary(op, left, parsed, offset: offset))
    case .list(let left, let negated, let offset, let open, let elements):
      elements.items.append(parsed)
      if isSymbol(.comma) {
        _ = advance()
        try push(pending, at: current.offset)
        return .descend(.additive)
      }
      guard isSymbol(.rightBracket) else {
        throw ExpressionError(message: "expected ']' to close '[' at offset \(open)", offset: current.offset)
      }
      _ = advance()
      return try endComparison(membership(left, elements.items, negated: negated, offset: offset))
    case .additiveStart:
      return try additive(after: parsed)
    case .additive(let left, let op, let offset):
      return try additive(after: binary(op, left, parsed, offset: offset))
    case .multiplicativeStart:
      return try multiplicative(after: parsed)
    case .multiplicative(let left, let op, let offset):
      return try multiplicative(after: binary(op, left, parsed, offset: offset))
    case .negate(let offset):
      return .deliver(try node([parsed], offset: offset) { .negate(parsed.syntax, offset: offset) })
    case .parenthesis(let offset):
      guard isSymbol(.rightParen) else {
        throw ExpressionError(
          message: "expected ')' to close '(' at offset \(offset)", offset: current.offset)
      }
      _ = advance()
      // The parentheses count as a level: the depth is the nesting a reader sees.
      return .deliver(try node([parsed], offset: offset) { parsed.syntax })
    case .call(let function, let name, let offset, let open, let arguments):
      arguments.items.append(parsed)
      if isSymbol(.comma) {
        _ = advance()
        try push(pending, at: offset)
        return .descend(.or)
      }
      guard isSymbol(.rightParen) else {
        throw ExpressionError(message: "expected ')' to close '(' at offset \(open)", offset: current.offset)
      }
      _ = advance()
      return .deliver(try call(function, name: name, offset: offset, arguments.items))
    }
  }

  /// After a comparison's left side: its operator and right side, if any.
  private mutating func comparison(after left: Parsed) throws(ExpressionError) -> Step {
    if case .symbol(let symbol) = current.kind, let op = ExpressionOperator(symbol), op.isComparison {
      let offset = advance().offset
      try push(.comparisonRight(op, left, offset: offset), at: offset)
      return .descend(.additive)
    }
    if isKeyword(.in) || isKeyword(.not) {
      let negated = isKeyword(.not)
      let offset = advance().offset
      if negated {
        guard isKeyword(.in) else {
          throw ExpressionError(message: "expected 'in' after 'not'", offset: current.offset)
        }
        _ = advance()
      }
      guard isSymbol(.leftBracket) else {
        throw ExpressionError(
          message: "'\(negated ? "not in" : "in")' needs a list such as [\"a\", \"b\"]",
          offset: current.offset)
      }
      let open = advance().offset
      if isSymbol(.rightBracket) {
        _ = advance()
        return try endComparison(membership(left, [], negated: negated, offset: offset))
      }
      try push(.list(left, negated: negated, offset: offset, open: open, Operands()), at: current.offset)
      return .descend(.additive)
    }
    if isKeyword(.matches) {
      let offset = advance().offset
      let regex = try parsePattern()
      return try endComparison(
        node([left], offset: offset) { .matches(left.syntax, regex, operatorOffset: offset) })
    }
    return .deliver(left)
  }

  /// A finished comparison; another comparison right after it is an error.
  private func endComparison(_ result: Parsed) throws(ExpressionError) -> Step {
    if case .symbol(let symbol) = current.kind, let op = ExpressionOperator(symbol), op.isComparison {
      throw Self.chained(at: current.offset)
    }
    if isKeyword(.in) || isKeyword(.matches) || (isKeyword(.not) && isKeyword(.in, peek(1))) {
      throw Self.chained(at: current.offset)
    }
    return .deliver(result)
  }

  private static func chained(at offset: Int) -> ExpressionError {
    ExpressionError(message: "comparisons cannot be chained; use 'and'", offset: offset)
  }

  private func binary(
    _ op: ExpressionOperator, _ left: Parsed, _ right: Parsed, offset: Int
  ) throws(ExpressionError) -> Parsed {
    try node([left, right], offset: offset) { .binary(op, left.syntax, right.syntax, operatorOffset: offset) }
  }

  private func membership(
    _ left: Parsed, _ elements: [Parsed], negated: Bool, offset: Int
  ) throws(ExpressionError) -> Parsed {
    try node([left] + elements, offset: offset) {
      .membership(left.syntax, elements.map(\.syntax), negated: negated, operatorOffset: offset)
    }
  }

  /// After an operand of `+ -`: the next operator, or the chain is complete.
  private mutating func additive(after left: Parsed) throws(ExpressionError) -> Step {
    guard isSymbol(.plus) || isSymbol(.minus) else { return .deliver(left) }
    let token = advance()
    let op: ExpressionOperator = token.kind == .symbol(.plus) ? .add : .subtract
    try push(.additive(left, op, offset: token.offset), at: token.offset)
    return .descend(.multiplicative)
  }

  private mutating func multiplicative(after left: Parsed) throws(ExpressionError) -> Step {
    let op: ExpressionOperator
    switch current.kind {
    case .symbol(.star): op = .multiply
    case .symbol(.slash): op = .divide
    case .symbol(.percent): op = .remainder
    default: return .deliver(left)
    }
    let offset = advance().offset
    try push(.multiplicative(left, op, offset: offset), at: offset)
    return .descend(.unary)
  }

  /// A literal, name, parameter or complete empty call is delivered; `(` and a call with
  /// arguments open a construct.
  private mutating func primary() throws(ExpressionError) -> Step {
    let token = current
    switch token.kind {
    case .identifier(let name) where peek(1).kind == .symbol(.leftParen):
      guard let function = ExpressionFunction(rawValue: name) else {
        let suggestion = Suggestions.didYouMean(name, in: ExpressionFunction.allCases.map(\.rawValue))
        throw ExpressionError(message: "unknown function '\(name)'\(suggestion)", offset: token.offset)
      }
      _ = advance()
      let open = advance().offset
      if isSymbol(.rightParen) {
        _ = advance()
        return .deliver(try call(function, name: name, offset: token.offset, []))
      }
      try push(.call(function, name: name, offset: token.offset, open: open, Operands()), at: token.offset)
      return .descend(.or)
    case .symbol(.leftParen):
      try push(.parenthesis(offset: token.offset), at: token.offset)
      _ = advance()
      return .descend(.or)
    case .symbol(.leftBracket):
      throw ExpressionError(message: "a list is only allowed after 'in'", offset: token.offset)
    default:
      return .deliver(Parsed(syntax: try leaf(), height: 0))
    }
  }

  /// A literal, parameter or field name.
  private mutating func leaf() throws(ExpressionError) -> ExpressionSyntax {
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
      // `param.x` is the other spelling of `$x`, unless quoted with backticks.
      if name.hasPrefix(Self.parameterPrefix), !token.text.hasPrefix("`") {
        let parameter = String(name.dropFirst(Self.parameterPrefix.count))
        return .literal(
          try parameterValue(parameter, written: name, offset: token.offset), offset: token.offset)
      }
      fieldNames.insert(name)
      return .field(name, offset: token.offset)
    default:
      throw unexpected(token)
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
    do throws(LinearRegex.SyntaxError) {
      return try CompiledRegex(pattern)
    } catch {
      throw ExpressionError(
        message:
          "invalid regular expression '\(pattern)': \(error.message) at character \(error.position + 1)",
        offset: token.offset)
    }
  }

  private func parameterValue(_ name: String, written: String, offset: Int) throws(ExpressionError) -> Value {
    if let value = parameters[name] { return value }
    let prefix = written.hasPrefix("$") ? "$" : Self.parameterPrefix
    let suggestion = Suggestions.didYouMean(prefix + name, in: parameters.keys.sorted().map { prefix + $0 })
    throw ExpressionError(message: "undefined parameter '\(written)'\(suggestion)", offset: offset)
  }

  /// A complete call, checked for its number of arguments.
  private func call(
    _ function: ExpressionFunction, name: String, offset: Int, _ arguments: [Parsed]
  ) throws(ExpressionError) -> Parsed {
    guard arguments.count == function.arity else {
      let noun = function.arity == 1 ? "argument" : "arguments"
      throw ExpressionError(
        message: "'\(name)' takes \(function.arity) \(noun), got \(arguments.count)", offset: offset)
    }
    return try node(arguments, offset: offset) {
      .call(function, arguments.map(\.syntax), nameOffset: offset)
    }
  }

  /// A node over `children`, or the depth error at `offset` when it would pass the bound.
  private func node(
    _ children: [Parsed], offset: Int, _ make: () -> ExpressionSyntax
  ) throws(ExpressionError) -> Parsed {
    var height = 0
    for child in children { height = max(height, child.height) }
    guard height < Expression.maxDepth else { throw Self.tooDeep(at: offset) }
    return Parsed(syntax: make(), height: height + 1)
  }

  /// `a and b and c …` as a balanced tree: the same three-valued result, and the operands are
  /// still evaluated left to right up to the first deciding one. Recurses only to the
  /// logarithm of the chain's length.
  private func balanced(
    _ op: ExpressionSyntax.LogicalOperator, _ operands: ArraySlice<Parsed>, offsets: ArraySlice<Int>
  ) throws(ExpressionError) -> Parsed {
    if operands.count == 1 { return operands[operands.startIndex] }
    let half = operands.count / 2
    let split = operands.startIndex + half
    // `offsets[k]` is the operator between operands k and k + 1.
    let left = try balanced(
      op, operands[..<split], offsets: offsets[offsets.startIndex..<(offsets.startIndex + half - 1)])
    let right = try balanced(op, operands[split...], offsets: offsets[(offsets.startIndex + half)...])
    let offset = offsets[offsets.startIndex + half - 1]
    return try node([left, right], offset: offset) {
      .logical(op, left.syntax, right.syntax, operatorOffset: offset)
    }
  }
}

/// A parsed, type-checked expression of the rule language, e.g.
/// `category == "leak" and age >= 35`, `received_qty == manifest_qty or has("discrepancy_note")`,
/// `ceil(units / 10) * 1d`. The language is described in `Expressions/README.md`.
public struct Expression: Sendable, CustomStringConvertible {
  /// The text as written.
  public let source: String
  /// Fields the expression reads (for "unverifiable: field x missing" messages).
  public let fieldNames: Set<String>
  /// The static result type (`.any` when it depends on field types).
  public let resultType: ValueType
  /// The evaluable tree.
  let root: ExpressionNode

  /// How deeply an expression may nest: each pair of parentheses, call, operator and `not`
  /// above a literal or name is a level (a chain `a + b + c` is two; chains of `and` or `or`
  /// are balanced and count only the logarithm of their length). Deeper text is a parse error
  /// at the token that passes the bound.
  ///
  /// Invariant: no `ExpressionSyntax` or `ExpressionNode` tree is ever taller than this, so
  /// every recursive walk over one (type checking, lowering and folding, evaluation, compiling
  /// to `ExpressionCode`, `ExpressionSyntax.offset`, deallocation) recurses at most this deep. The
  /// depth tests run each walk at the bound on a thread with a 512 KiB stack, the size of a
  /// secondary thread's (and of a Dispatch worker's on macOS), in debug builds.
  public static let maxDepth = 256

  /// Parses and type-checks `text`. `parameters` are the rule's named parameters (referenced
  /// as `param.name` or `$name`) and become constants. Errors carry a 0-based offset, in Unicode
  /// scalars, inside `text`; the first error found is reported.
  public static func parse(
    _ text: String, parameters: [String: Value] = [:]
  ) -> Result<Expression, ExpressionError> {
    do throws(ExpressionError) {
      let tokens = try ExpressionLexer.tokenize(text)
      var parser = ExpressionParser(tokens: tokens, parameters: parameters)
      let syntax = try parser.parse()
      let type = try ExpressionTypeChecker.check(syntax)
      return .success(
        Expression(
          source: text, fieldNames: parser.fieldNames, resultType: type,
          root: ExpressionNode(lowering: syntax)))
    } catch {
      return .failure(error)
    }
  }

  public var description: String { source }
}

public struct ExpressionError: Error, Sendable, Hashable {
  public var message: String
  /// 0-based offset (in Unicode scalars) inside the expression text.
  public var offset: Int
  public init(message: String, offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// What an expression reads: record fields and the case's events.
public protocol ExpressionScope {
  /// A field of the record or case; `.null` when absent or empty.
  func field(_ name: String) -> Value
  /// Events of the case with this activity name, in time order (for `has`, `count`, `first`, `last`).
  func eventTimes(_ activity: String) -> [Timestamp]
  /// How many events of the case have this activity (`has`, `count`); scopes over many cases
  /// implement it without building `eventTimes`.
  func eventCount(_ activity: String) -> Int
  /// The IANA time zone `hour(t)` and `date(t)` read civil time in; `Asia/Shanghai` by default.
  var timeZoneIdentifier: String { get }
}

extension ExpressionScope {
  public var timeZoneIdentifier: String { "Asia/Shanghai" }
  public func eventCount(_ activity: String) -> Int { eventTimes(activity).count }
}

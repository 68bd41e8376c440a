import PolicyRules

/// A construct of a rule the compiler does not translate: the rule is refused rather than
/// compiled into a query that would judge differently.
public struct SQLRefusal: Error, Sendable, CustomStringConvertible {
  public var ruleID: String
  public var kind: String
  public var file: String
  public var mark: SourceMark
  /// The construct, as the rule writes it (`within: 6 working hours`, `matches`, …).
  public var construct: String

  /// `file:line:col: error: rule 'ID': cannot compile to SQL: construct`.
  public var description: String {
    "\(file):\(mark.line):\(mark.column): error: rule '\(ruleID)' (\(kind)): cannot compile to SQL: \(construct)"
  }
}

/// Why one construct cannot be compiled; the rule compiler adds the rule and its position.
struct Unsupported: Error {
  var construct: String
  init(_ construct: String) { self.construct = construct }
}

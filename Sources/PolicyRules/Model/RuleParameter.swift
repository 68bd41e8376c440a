/// A named threshold of a rule: written in the text, or assumed where the text is vague
/// (立即, 及时, 定期) so that a site profile can override it and reports can say so.
public struct RuleParameter: Sendable, Hashable {
  public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case duration(PolicyDuration)
    case number(Double)
    case text(String)

    /// Reads `30m` as a duration, `0.95` as a number, anything else as text.
    public init(parsing text: String) {
      if case .success(let d) = PolicyDuration.parse(text) {
        self = .duration(d)
      } else if let n = Double(text) {
        self = .number(n)
      } else if text.hasSuffix("%"), let n = Double(text.dropLast()) {
        self = .number(n / 100)
      } else {
        self = .text(text)
      }
    }

    public var description: String {
      switch self {
      case .duration(let d): d.description
      case .number(let n): Value.number(n).description
      case .text(let t): t
      }
    }

    /// The value as seen by expressions (calendar durations have no plain length: null).
    public var expressionValue: Value {
      switch self {
      case .duration(let d): d.fixedMilliseconds.map(Value.duration) ?? .null
      case .number(let n): .number(n)
      case .text(let t): .string(t)
      }
    }
  }

  /// Where the value in force came from.
  public enum Origin: String, Sendable, Hashable {
    /// Written in the regulation.
    case text
    /// Assumed by the rule library (the regulation is vague).
    case assumed
    /// Set by the site profile.
    case profile
  }

  public var name: String
  public var value: ParameterValue
  public var origin: Origin
  public var description: LocalizedText?

  public init(name: String, value: ParameterValue, origin: Origin, description: LocalizedText? = nil) {
    self.name = name
    self.value = value
    self.origin = origin
    self.description = description
  }
}

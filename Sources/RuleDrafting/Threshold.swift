/// A threshold read from a clause: a duration, period, target, fine, count, time of day, or a
/// vague word that stands for a number the text does not state.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case duration, period, target, money, count, timeOfDay = "time of day", repeatFine = "repeat fine"
    case vague
  }

  /// How the text bounds the value.
  public enum Relation: String, Sendable {
    /// 以内, 内, 不超过: at most this long after the start.
    case within
    /// 提前, 前: at least this long before a future date.
    case before
    /// 以上, 至少, 不少于.
    case atLeast = "at least"
    /// 超过 (a count beyond which something happens).
    case above
    /// 以下, 低于.
    case below
    /// 以后, 后: after the start.
    case after
    /// 每…: the interval of a repetition.
    case every
    /// A range (6-12个月): between the two values.
    case between
    case none
  }

  public var kind: Kind
  /// The value in the rule language's words: `24h`, `3 working days`, `month`, `>= 95%`,
  /// `50 CNY per occurrence`; for a vague word, the assumed default.
  public var normalized: String
  public var relation: Relation
  /// Character offsets in the line it was read from.
  public var range: Range<Int>
  /// The text of the span (reading form) and the name of the reading rule, for `--explain`.
  public var text: String
  public var rule: String
  /// For a duration: its length in minutes when it has a fixed one (not months); for money and
  /// targets, the amount.
  public var amount: Double?
  /// For a vague word: the parameter name it becomes and the English gloss.
  public var parameter: String?
  public var gloss: String?

  /// True when the text writes the number (catalogue `E`), false for a vague word (`A`).
  public var stated: Bool { kind != .vague }

  public var description: String {
    relation == .none || kind == .target ? normalized : "\(normalized) (\(relation.rawValue))"
  }
}

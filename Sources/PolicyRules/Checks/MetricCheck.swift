/// A rate or count per period and group against a target: callback rate ≥ 30 % per month,
/// ≤ 5 discounted orders per advisor per week, absence on 3 consecutive days.
public struct MetricCheck: CheckKind {
  public static let name = "metric"
  public static let keys = ["measure", "counts", "date", "every", "group", "target", "consecutive"]
  public static let summary = LocalizedText(
    zh: "按周期、分组计算比率或计数并与目标比较（可要求连续若干周期）",
    en: "a rate or count per period and group against a target (optionally over consecutive periods)")

  public enum Measure: String, Sendable, CaseIterable {
    case rate, count
  }

  public enum Comparison: String, Sendable, CaseIterable {
    case atLeast = ">=", above = ">", atMost = "<=", below = "<", equal = "=="

    public func holds(_ value: Double, _ target: Double) -> Bool {
      let epsilon = 1e-9
      switch self {
      case .atLeast: return value >= target - epsilon
      case .above: return value > target + epsilon
      case .atMost: return value <= target + epsilon
      case .below: return value < target - epsilon
      case .equal: return abs(value - target) <= epsilon
      }
    }
  }

  public var measure: Measure
  /// Rate: the numerator condition over the cases in scope. Count: which cases count (default all).
  public var counts: Expression?
  /// Dates each case into a period.
  public var date: TimePoint
  public var every: PeriodicCheck.Period
  public var group: String?
  public var comparison: Comparison
  /// Rates in 0...1.
  public var target: Double
  public var targetText: String
  /// A finding only when the target is missed in this many consecutive periods of a group.
  public var consecutive: Int

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    measure = m["measure"].flatMap { context.choice($0, "measure", Measure.self) } ?? .rate
    counts = m["counts"].flatMap { context.expression($0, "counts") }
    let date = context.required(m, "date", in: "metric check").flatMap { TimePoint.read($0, "date", context) }
    let every = context.required(m, "every", in: "metric check").flatMap {
      context.choice($0, "every", PeriodicCheck.Period.self)
    }
    group = m["group"].flatMap { context.string($0, "group") }
    consecutive = m["consecutive"].flatMap { context.integer($0, "consecutive", minimum: 1) } ?? 1
    var target: (Comparison, Double, String)?
    if let t = context.required(m, "target", in: "metric check"), var text = context.string(t, "target") {
      // `>= $satisfaction_target`: the number may be a parameter.
      if let dollar = text.firstIndex(of: "$") {
        let reference = String(text[dollar...]).trimmingSpaces
        if let value = context.parameterText(reference, at: t) {
          text = String(text[..<dollar]) + value
        }
      }
      target = Self.parseTarget(text)
      if target == nil {
        context.error(
          "target must be a comparison and a number, e.g. '>= 95%' or '<= 5', found '\(text)'", at: t.mark)
      }
    }
    if measure == .rate && counts == nil && m["counts"] == nil {
      context.error("a rate metric needs 'counts' (the numerator condition)", at: m.mark)
    }
    guard let date, let every, let target else { return nil }
    self.date = date
    self.every = every
    (comparison, self.target, targetText) = target
    if measure == .rate {
      // Rates read as percentages whether written `95%`, `0.95` or through a parameter.
      let percent = (self.target * 10_000).rounded() / 100
      targetText = "\(comparison.rawValue) \(Value.number(percent).description)%"
    }
  }

  static func parseTarget(_ text: String) -> (Comparison, Double, String)? {
    let trimmed = text.trimmingSpaces
    for op in [Comparison.atLeast, .atMost, .equal, .above, .below] where trimmed.hasPrefix(op.rawValue) {
      var number = String(trimmed.dropFirst(op.rawValue.count)).trimmingSpaces
      var scale = 1.0
      if number.hasSuffix("%") {
        number.removeLast()
        scale = 0.01
      }
      guard let value = Double(number.trimmingSpaces) else { return nil }
      return (op, value * scale, trimmed)
    }
    return nil
  }

  public func expectation(_ language: Language) -> String {
    let what = counts?.source ?? (language == .zh ? "案例数" : "cases")
    let per = group.map { language == .zh ? "，按 \($0) 分组" : " per \($0)" } ?? ""
    let run =
      consecutive > 1
      ? (language == .zh
        ? "，连续 \(consecutive) 期未达标即违规" : ", violated after \(consecutive) consecutive misses") : ""
    return language == .zh
      ? "每\(every.chinese)\(measure == .rate ? "比率" : "计数")（\(what)）\(targetText)\(per)\(run)"
      : "\(measure.rawValue) of \(what) \(targetText) every \(every.rawValue)\(per)\(run)"
  }
}

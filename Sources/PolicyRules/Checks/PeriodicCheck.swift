import Foundation

/// Something must happen for every entity in every period (a stock count per warehouse per
/// month, a work log per staff member per working day), optionally before a time of day, and
/// optionally with bounds on the interval between occurrences (a survey every 6–12 months).
public struct PeriodicCheck: CheckKind {
  public static let name = "periodic"
  public static let keys = ["entity", "occurrence", "every", "at_least", "before", "interval", "entities"]
  public static let summary = LocalizedText(
    zh: "每个对象每个周期须至少发生若干次（日、工作日、周、月、季、年；可限间隔上下限、截止时刻）",
    en:
      "per entity per period (day, working day, week, month, quarter, year) at least n occurrences; optional interval bounds and time of day"
  )

  public enum Period: String, Sendable, CaseIterable {
    case day
    case workingDay = "working_day"
    case week, month, quarter
    case halfYear = "half_year"
    case year

    /// 日, 工作日, 周, 月 … for Chinese text.
    public var chinese: String {
      switch self {
      case .day: "日"
      case .workingDay: "工作日"
      case .week: "周"
      case .month: "月"
      case .quarter: "季度"
      case .halfYear: "半年"
      case .year: "年"
      }
    }
  }

  /// Field holding the entity id (warehouse, employee, system); nil ⇒ one entity for all.
  public var entity: String?
  public var occurrence: TimePoint
  public var every: Period?
  public var atLeast: Int
  /// Latest local time of day an occurrence counts for its day (minutes after midnight).
  public var beforeMinute: Int?
  public var minInterval: PolicyDuration?
  public var maxInterval: PolicyDuration?
  /// Entities expected even when they have no occurrence (e.g. every warehouse).
  public var expectedEntities: [String]

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    entity = m["entity"].flatMap { context.string($0, "entity") }
    let occurrence = context.required(m, "occurrence", in: "periodic check").flatMap {
      TimePoint.read($0, "occurrence", context)
    }
    every = m["every"].flatMap { context.choice($0, "every", Period.self) }
    atLeast = m["at_least"].flatMap { context.integer($0, "at_least", minimum: 1) } ?? 1
    beforeMinute = m["before"].flatMap { TimeOfDayScope.clock($0, "before", context) }
    expectedEntities = m["entities"].map { context.strings($0, "entities") } ?? []
    if let node = m["interval"], let im = context.mapping(node, "interval", allowed: ["min", "max"]) {
      minInterval = im["min"].flatMap { context.duration($0, "interval.min") }
      maxInterval = im["max"].flatMap { context.duration($0, "interval.max") }
    }
    if m["every"] == nil && m["interval"] == nil {
      context.error("a periodic check needs 'every' or 'interval'", at: m.mark)
    }
    guard let occurrence else { return nil }
    self.occurrence = occurrence
  }

  public func expectation(_ language: Language) -> String {
    var parts: [String] = []
    if let every {
      parts.append(
        language == .zh
          ? "每\(every.chinese)至少 \(atLeast) 次 \(occurrence.description)"
          : "at least \(atLeast) × \(occurrence.description) every \(every.rawValue)")
    }
    if let beforeMinute {
      parts.append(
        String(
          format: language == .zh ? "%02d:%02d 前" : "before %02d:%02d", beforeMinute / 60, beforeMinute % 60))
    }
    if let minInterval {
      parts.append((language == .zh ? "间隔不少于 " : "interval ≥ ") + minInterval.description)
    }
    if let maxInterval {
      parts.append((language == .zh ? "间隔不超过 " : "interval ≤ ") + maxInterval.description)
    }
    return parts.joined(separator: "; ")
  }
}

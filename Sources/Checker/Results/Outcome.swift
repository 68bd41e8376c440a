/// How one obligation of one case (or entity and period) was judged.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
  /// Met.
  case passed
  /// Not met, or due before the cut-off and not met by then.
  case violated
  /// Not yet due at the audit cut-off (`--as-of`): neither passed nor violated.
  case pending
  /// Could not be judged: a field the check needs is missing or invalid.
  case unverifiable
  /// Violated, but covered by a valid waiver.
  case waived
}

/// Counts of outcomes for a rule, a clause or a group.
public struct OutcomeCounts: Sendable, Hashable, Codable {
  public var passed = 0
  public var violated = 0
  public var pending = 0
  public var unverifiable = 0
  public var waived = 0
  /// Judgements (of any outcome) whose counting passed a day outside their calendar's holiday
  /// data (`covers`): weekly hours were assumed there. Not an outcome: counted besides them.
  public var outsideCalendarData = 0

  public init() {}

  /// Obligations the rule applied to.
  public var applicable: Int { passed + violated + pending + unverifiable + waived }

  /// passed / (passed + violated): the compliance rate over what could be judged, or nil.
  /// Waived findings count as neither; pending and unverifiable are reported apart.
  public var complianceRate: Double? {
    let judged = passed + violated
    return judged == 0 ? nil : Double(passed) / Double(judged)
  }

  public mutating func add(_ outcome: Outcome, count: Int = 1) {
    switch outcome {
    case .passed: passed += count
    case .violated: violated += count
    case .pending: pending += count
    case .unverifiable: unverifiable += count
    case .waived: waived += count
    }
  }

  /// These counts and `other`'s.
  public func adding(_ other: OutcomeCounts) -> OutcomeCounts {
    var sum = self
    sum.add(other)
    return sum
  }

  public mutating func add(_ other: OutcomeCounts) {
    passed += other.passed
    violated += other.violated
    pending += other.pending
    unverifiable += other.unverifiable
    waived += other.waived
    outsideCalendarData += other.outsideCalendarData
  }
}

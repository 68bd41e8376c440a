import PolicyRules

/// A stored run's period, as trends and the HTML report's history read it.
public struct StoredPeriod: Sendable, Hashable {
  public var runID: Int
  public var ruleSet: String
  /// `2024-09`, or `2024-09-01..2024-09-15`.
  public var label: String
  /// ISO 8601 UTC, start inclusive and end exclusive (nil: a run without a period).
  public var start: String?
  public var end: String?
  public var groupField: String?

  public init(runID: Int, ruleSet: String, label: String, start: String?, end: String?, groupField: String?) {
    self.runID = runID
    self.ruleSet = ruleSet
    self.label = label
    self.start = start
    self.end = end
    self.groupField = groupField
  }

  /// The period directly follows `earlier` (no gap between them).
  func follows(_ earlier: StoredPeriod) -> Bool { earlier.end != nil && earlier.end == start }
}

/// Compliance per clause (or rule, or clause and group) per period, from the stored runs that
/// are not superseded, with the change from the previous period of the same series.
public struct ComplianceTrend: Sendable {
  public struct Point: Sendable, Hashable {
    public var period: StoredPeriod
    public var counts: OutcomeCounts
    /// `passed / (passed + violated)`, nil when nothing could be judged.
    public var rate: Double? { counts.complianceRate }
    /// The rate minus the previous point's (nil for the first, or when either is unknown).
    public var change: Double?
    /// Violations minus the previous point's.
    public var violationChange: Int?
  }

  public struct Series: Sendable, Hashable {
    /// The clause or rule id.
    public var id: String
    /// The group, for a trend by group (`--group`).
    public var group: String?
    public var points: [Point]
  }

  public var series: [Series]

  /// One series per key of `counts` (run id → key → counts), its points in period order. When
  /// two runs (of different rule sets) cover the same period for a key, the later run counts.
  public init(periods: [StoredPeriod], counts: [Int: [SeriesKey: OutcomeCounts]]) {
    let ordered = periods.sorted {
      ($0.start ?? "", $0.end ?? "", $0.runID) < ($1.start ?? "", $1.end ?? "", $1.runID)
    }
    var byKey: [SeriesKey: [Point]] = [:]
    for period in ordered {
      for (key, value) in counts[period.runID] ?? [:] {
        var points = byKey[key, default: []]
        let point = Point(period: period, counts: value)
        if let last = points.last, last.period.start == period.start, last.period.end == period.end {
          points[points.count - 1] = point
        } else {
          points.append(point)
        }
        byKey[key] = points
      }
    }
    series = byKey.map { key, points in
      var points = points
      for k in points.indices.dropFirst() {
        let previous = points[k - 1]
        if let now = points[k].rate, let before = previous.rate { points[k].change = now - before }
        points[k].violationChange = points[k].counts.violated - previous.counts.violated
      }
      return Series(id: key.id, group: key.group, points: points)
    }.sorted {
      $0.id != $1.id ? NaturalOrder.less($0.id, $1.id) : ($0.group ?? "") < ($1.group ?? "")
    }
  }

  /// What a series follows: a clause or rule id, and a group for trends by group.
  public struct SeriesKey: Sendable, Hashable {
    public var id: String
    public var group: String?
    public init(id: String, group: String? = nil) {
      self.id = id
      self.group = group
    }
  }
}

/// What identifies a finding across runs: its rule and subject (the case id, or the entity of
/// a periodic or metric rule). For repeat offenders by group, the group stands as the subject.
public struct FindingIdentity: Sendable, Hashable, Comparable {
  public var ruleID: String
  public var subject: String

  public init(ruleID: String, subject: String) {
    self.ruleID = ruleID
    self.subject = subject
  }

  public static func < (a: FindingIdentity, b: FindingIdentity) -> Bool {
    a.ruleID != b.ruleID ? NaturalOrder.less(a.ruleID, b.ruleID) : NaturalOrder.less(a.subject, b.subject)
  }
}

/// The audit's place in the store's history, for the HTML report: compliance per clause over
/// the periods, the violations new and resolved since the previous period, and repeat offenders.
public struct StoreHistory: Sendable {
  /// Periods up to the audit's, one series per clause.
  public var trend: ComplianceTrend
  public var current: StoredPeriod
  /// The stored period just before the audit's (none when that period was not audited).
  public var previous: StoredPeriod?
  /// Violated now, not in the previous period (rule + subject).
  public var new: [FindingIdentity] = []
  /// Violated in the previous period, not now.
  public var resolved: [FindingIdentity] = []
  /// Subjects and groups violating a rule in this and the periods just before it.
  public var repeatSubjects: [RepeatOffender] = []
  public var repeatGroups: [RepeatOffender] = []

  public struct RepeatOffender: Sendable, Hashable {
    public var identity: FindingIdentity
    /// Consecutive periods with a violation, ending with the audit's.
    public var periods: Int
  }

  /// Periods in a row that make a repeat offender.
  public static let repeatThreshold = 3

  /// Violations new in `current` and those of `previous` gone from it.
  static func changes(previous: Set<FindingIdentity>, current: Set<FindingIdentity>) -> (
    new: [FindingIdentity], resolved: [FindingIdentity]
  ) {
    (current.subtracting(previous).sorted(), previous.subtracting(current).sorted())
  }

  /// The identities violating in the last `threshold` or more sets of `chain` (consecutive
  /// periods, oldest first, the audit's last), with the length of their run.
  static func repeatOffenders(_ chain: [Set<FindingIdentity>], threshold: Int = repeatThreshold)
    -> [RepeatOffender]
  {
    guard let last = chain.last, chain.count >= threshold else { return [] }
    var found: [RepeatOffender] = []
    for identity in last {
      var streak = 0
      for set in chain.reversed() {
        guard set.contains(identity) else { break }
        streak += 1
      }
      if streak >= threshold { found.append(RepeatOffender(identity: identity, periods: streak)) }
    }
    return found.sorted { $0.periods != $1.periods ? $0.periods > $1.periods : $0.identity < $1.identity }
  }
}

import PolicyRules

/// What a report needs to know about a rule, copied from the rule model.
public struct RuleSummary: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var message: LocalizedText
  public var clause: ClauseReference
  public var severity: Severity
  public var kind: String
  public var tags: [String]
  /// Rule file path and the line of the rule's `id`, for SARIF rule locations.
  public var file: String
  public var line: Int
  /// Parameter name → value text, for parameters marked assumed.
  public var assumedParameters: [String: String]

  public init(
    id: String, title: LocalizedText, message: LocalizedText, clause: ClauseReference,
    severity: Severity, kind: String, tags: [String], file: String, line: Int,
    assumedParameters: [String: String]
  ) {
    self.id = id
    self.title = title
    self.message = message
    self.clause = clause
    self.severity = severity
    self.kind = kind
    self.tags = tags
    self.file = file
    self.line = line
    self.assumedParameters = assumedParameters
  }
}

/// One row of a metric rule: a rate or count for a period and group against its target.
public struct MetricRow: Sendable, Hashable {
  public var period: String
  public var group: String
  public var numerator: Int
  public var denominator: Int
  /// The measured value (a rate in 0...1, or a count).
  public var value: Double
  /// e.g. `>= 95%`, `< 0.5%`, `<= 5`.
  public var target: String
  public var met: Bool
  /// Cases counting against the target.
  public var againstCases: [String]

  public init(
    period: String, group: String, numerator: Int, denominator: Int, value: Double, target: String,
    met: Bool, againstCases: [String]
  ) {
    self.period = period
    self.group = group
    self.numerator = numerator
    self.denominator = denominator
    self.value = value
    self.target = target
    self.met = met
    self.againstCases = againstCases
  }
}

/// The results of one rule over the dataset.
public struct RuleResult: Sendable, Hashable {
  public var rule: RuleSummary
  public var counts: OutcomeCounts
  /// The rule applied to at least one case (or entity and period) of the audit.
  public var isExercised: Bool { counts.applicable > 0 }
  /// Every non-passed judgement, sorted by subject.
  public var findings: [Finding]
  public var metricRows: [MetricRow]
  /// Every judgement's outcome per value of the group field (`--group-by`; nil: cases without
  /// one, and judgements not about a case, such as a periodic rule's entities): counts only,
  /// adding up to `counts` (but for `outsideCalendarData`). Empty when the audit has no group field.
  public var countsByGroup: [String?: OutcomeCounts] = [:]
  /// The violated findings by severity and by group, counted when the result is made: the
  /// summary figures of every report rest on these, so they hold when the findings are not
  /// kept (`AuditEngine.keepsFindings`).
  public internal(set) var violations: ViolationTally

  public init(rule: RuleSummary, counts: OutcomeCounts, findings: [Finding], metricRows: [MetricRow] = []) {
    self.rule = rule
    self.counts = counts
    self.findings = findings
    self.metricRows = metricRows
    self.violations = ViolationTally(findings)
  }

  /// The result without its findings, its counts and tallies as they were.
  func withoutFindings() -> RuleResult {
    var result = self
    result.findings = []
    return result
  }

  /// The figures of the same rule over other cases added to these (its findings are not kept).
  mutating func add(_ other: RuleResult) {
    counts.add(other.counts)
    countsByGroup.merge(other.countsByGroup) { $0.adding($1) }
    violations.add(other.violations)
  }
}

/// Violated findings counted by severity and by group (nil: none, or an empty one); a key is
/// there only with a count.
public struct ViolationTally: Sendable, Hashable {
  public var bySeverity: [Severity: Int] = [:]
  public var byGroup: [String?: Int] = [:]

  init(_ findings: [Finding]) {
    for finding in findings where finding.outcome == .violated {
      bySeverity[finding.severity, default: 0] += 1
      let group = finding.group.flatMap { $0.isEmpty ? nil : $0 }
      byGroup[group, default: 0] += 1
    }
  }

  mutating func add(_ other: ViolationTally) {
    bySeverity.merge(other.bySeverity, uniquingKeysWith: +)
    byGroup.merge(other.byGroup, uniquingKeysWith: +)
  }

  /// The most severe violation's severity; nil without violations.
  var worst: Severity? { bySeverity.keys.max() }
}

/// Counts per clause (a clause may be encoded by several rules).
public struct ClauseResult: Sendable, Hashable {
  public var clause: ClauseReference
  public var ruleIDs: [String]
  public var counts: OutcomeCounts

  public init(clause: ClauseReference, ruleIDs: [String], counts: OutcomeCounts) {
    self.clause = clause
    self.ruleIDs = ruleIDs
    self.counts = counts
  }
}

/// The audit run: what was read, over which period, and every rule's results. Every report
/// format renders this one model.
public struct AuditResult: Sendable {
  public var toolVersion: String
  public var ruleFiles: [String]
  public var dataFiles: [String]
  /// Audit period, inclusive start and exclusive end, in the dataset's zone.
  public var periodStart: Timestamp?
  public var periodEnd: Timestamp?
  /// The cut-off: obligations due after it are pending.
  public var asOf: Timestamp
  public var timeZoneIdentifier: String
  public var counts: ReadCounts
  public var rejections: [RowRejection]
  public var caseCount: Int
  public var rules: [RuleResult]
  public var clauses: [ClauseResult]
  /// Waivers past their expiry: listed, not applied.
  public var expiredWaivers: [WaiverReference]

  public init(
    toolVersion: String, ruleFiles: [String], dataFiles: [String], periodStart: Timestamp?,
    periodEnd: Timestamp?, asOf: Timestamp, timeZoneIdentifier: String, counts: ReadCounts,
    rejections: [RowRejection], caseCount: Int, rules: [RuleResult], clauses: [ClauseResult],
    expiredWaivers: [WaiverReference]
  ) {
    self.toolVersion = toolVersion
    self.ruleFiles = ruleFiles
    self.dataFiles = dataFiles
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.asOf = asOf
    self.timeZoneIdentifier = timeZoneIdentifier
    self.counts = counts
    self.rejections = rejections
    self.caseCount = caseCount
    self.rules = rules
    self.clauses = clauses
    self.expiredWaivers = expiredWaivers
  }

  /// Names the rules use that the dataset lacks (`RuleDataCheck`): warnings with the rule file's
  /// `file:line:column`, in rule order.
  public var dataWarnings: [Diagnostic] = []
  /// Wall time of binding the rules to the dataset's names (for `--timings`).
  public var bindingSeconds = 0.0

  /// Totals over all rules.
  public var totals: OutcomeCounts {
    rules.reduce(into: OutcomeCounts()) { $0.add($1.counts) }
  }

  /// Rules that applied to no case of the data (no obligation judged): listed apart in every
  /// report, since a 0 % or — for them says nothing about compliance.
  public var notExercised: [RuleResult] { rules.filter { !$0.isExercised } }
}

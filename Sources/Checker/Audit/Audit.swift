import PolicyRules

/// One audit: rules × dataset × period ⇒ the results model every report renders.
public struct Audit: Sendable {
  public static let toolVersion = "0.1.0"

  public var library: RuleLibrary
  public var context: EvaluationContext
  public var waivers: WaiverSet
  /// The case field findings are grouped by (nil: none).
  public var groupField: String?
  public var threads: Int
  /// Keep every finding (`AuditEngine.keepsFindings`); off when the reports show only figures.
  public var keepsFindings = true

  public init(
    library: RuleLibrary, context: EvaluationContext, waivers: WaiverSet = WaiverSet(),
    groupField: String? = "team",
    threads: Int = 0
  ) {
    self.library = library
    self.context = context
    self.waivers = waivers
    self.groupField = groupField
    self.threads = threads
  }

  /// The engine that judges this audit's rules.
  var engine: AuditEngine {
    var engine = AuditEngine(
      rules: library.rules, context: context, groupField: groupField, waivers: waivers, threads: threads)
    engine.keepsFindings = keepsFindings
    return engine
  }

  /// The context for a dataset: its files and zone, the library's calendars, period and cut-off.
  public static func context(
    for dataset: Dataset, library: RuleLibrary, asOf: Timestamp, periodStart: Timestamp?,
    periodEnd: Timestamp?
  ) -> EvaluationContext {
    var context = EvaluationContext(
      asOf: asOf, periodStart: periodStart, periodEnd: periodEnd, calendars: library.calendars,
      timeZoneIdentifier: dataset.timeZoneIdentifier, files: dataset.files)
    context.rowKeys = dataset.rowKeys
    return context
  }

  /// Audits the dataset; hand it over (`consume`) to let its cases go once they are judged.
  public func run(_ dataset: consuming Dataset, progress: (@Sendable (Int, Int) -> Void)? = nil)
    -> AuditResult
  {
    var engine = engine
    engine.progress = progress
    let caseCount = dataset.caseCount
    // Names are bound once per rule before any case is judged (the warnings name what is missing).
    let bindingStart = ContinuousClock.now
    let binding = RuleDataCheck.bind(library.rules, to: DatasetSchema(dataset.table))
    let bindingTime = ContinuousClock.now - bindingStart
    var summary = copy dataset
    summary.table = .empty
    let rules = engine.evaluate(consume dataset)
    return result(
      rules, summary: summary, caseCount: caseCount, dataWarnings: binding.diagnostics,
      bindingTime: bindingTime)
  }

  /// The results model of judged rules over a dataset (`summary`: its counts, rejections and
  /// files, without cases).
  func result(
    _ rules: [RuleResult], summary: Dataset, caseCount: Int, dataWarnings: [Diagnostic], bindingTime: Duration
  ) -> AuditResult {
    var result = AuditResult(
      toolVersion: Self.toolVersion, ruleFiles: library.files, dataFiles: summary.files,
      periodStart: context.periodStart, periodEnd: context.periodEnd, asOf: context.asOf,
      timeZoneIdentifier: summary.timeZoneIdentifier, counts: summary.counts, rejections: summary.rejections,
      caseCount: caseCount, rules: rules, clauses: Self.clauses(rules),
      expiredWaivers: waivers.expired(asOf: context.asOf))
    result.dataWarnings = dataWarnings
    result.bindingSeconds =
      Double(bindingTime.components.seconds) + Double(bindingTime.components.attoseconds) / 1e18
    return result
  }

  /// Rules grouped by clause, in natural clause order.
  static func clauses(_ rules: [RuleResult]) -> [ClauseResult] {
    var order: [String] = []
    var byClause: [String: ClauseResult] = [:]
    for rule in rules {
      let id = rule.rule.clause.id
      if byClause[id] == nil {
        order.append(id)
        byClause[id] = ClauseResult(clause: rule.rule.clause, ruleIDs: [], counts: OutcomeCounts())
      }
      byClause[id]!.ruleIDs.append(rule.rule.id)
      byClause[id]!.counts.add(rule.counts)
    }
    return order.sorted(by: NaturalOrder.less).map { byClause[$0]! }
  }
}

import Dispatch
import Foundation
import PolicyRules

/// Runs every rule over a dataset and builds the one results model all reports render.
///
/// Case checks run over chunks of cases on all cores; population checks (periodic, metric,
/// tiers) run one rule per task. Results are merged in case and rule order, so the output is
/// the same whatever the thread count.
public struct AuditEngine: Sendable {
  public var rules: [Rule]
  public var context: EvaluationContext
  /// A case field that names the team or group for breakdowns (default `team`; cases without it
  /// have no group).
  public var groupField: String?
  public var waivers: WaiverSet
  public var threads: Int
  /// Called with (done, total) work units as evaluation proceeds, from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(
    rules: [Rule], context: EvaluationContext, groupField: String? = nil, waivers: WaiverSet = WaiverSet(),
    threads: Int = 0
  ) {
    self.rules = rules
    self.context = context
    self.groupField = groupField
    self.waivers = waivers
    self.threads = threads
  }

  /// Judges every rule; `RuleResult`s come in rule order.
  ///
  /// The cases are needed only for judging: a caller that hands over the dataset (`consume`)
  /// lets its table go before the findings are built, which lowers peak memory on large audits.
  public func evaluate(_ dataset: consuming Dataset) -> [RuleResult] {
    var (judgements, rows, passed) = judge(dataset, keepingPassed: false)
    dataset.table = .empty
    // Findings are built on all workers, a large rule's in one piece per worker, and joined in
    // order: a large audit has ~100k of them, each phrased in two languages. A rule's first piece
    // becomes its list, so with one worker nothing is copied.
    let workers = workerCount
    let pieces = rules.indices.flatMap { r in
      let count = judgements[r].count
      let parts = max(1, min(workers, count / 4096))
      return (0..<parts).map { part in (rule: r, range: count * part / parts..<count * (part + 1) / parts) }
    }
    let built = ConcurrentResults<([Finding], OutcomeCounts)>(count: pieces.count)
    do {
      // The judgements go once their findings are built, before the pieces are joined.
      let input = judgements
      judgements = []
      Parallel.run(pieces.count, workers: workers) { p in
        let (r, range) = pieces[p]
        built.set(p, findings(rules[r], input[r][range]))
      }
    }
    var findingsPerRule: [[Finding]?] = Array(repeating: nil, count: rules.count)
    var countsPerRule = Array(repeating: OutcomeCounts(), count: rules.count)
    for (p, piece) in pieces.enumerated() {
      guard let (found, pieceCounts) = built.take(p) else { continue }
      if findingsPerRule[piece.rule] == nil {
        findingsPerRule[piece.rule] = found
      } else {
        findingsPerRule[piece.rule]! += found
      }
      countsPerRule[piece.rule].add(pieceCounts)
    }
    return rules.indices.map { r in
      countsPerRule[r].passed += passed[r]
      return RuleResult(
        rule: RuleSummary(rules[r]), counts: countsPerRule[r], findings: findingsPerRule[r] ?? [],
        metricRows: rows[r])
    }
  }

  /// The `--threads` setting, or every core.
  private var workerCount: Int {
    threads > 0 ? threads : max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Every judgement of every rule that belongs to this audit (period and validity), in order.
  func judge(_ dataset: Dataset) -> (judgements: [[Judgement]], rows: [[MetricRow]]) {
    let judged = judge(dataset, keepingPassed: true)
    return (judged.judgements, judged.rows)
  }

  /// Like `judge(_:)`; without `keepingPassed`, passed judgements of case rules are only counted
  /// (`passed`, per rule): they are most of a large audit and a report shows only their number.
  func judge(_ dataset: Dataset, keepingPassed: Bool) -> (
    judgements: [[Judgement]], rows: [[MetricRow]], passed: [Int]
  ) {
    // Views hold the table unowned: keep it alive until every judgement is made.
    let table = dataset.table
    defer { withExtendedLifetime(table) {} }
    // Views are made as cases are judged rather than kept for all cases at once.
    let caseCount = table.caseCount
    let (asOf, zone) = (context.asOf, context.timeZoneIdentifier)
    let view = { @Sendable (index: Int, lookups: CaseLookups) in CaseView(lookups, index, asOf: asOf) }
    let lookups = { @Sendable in CaseLookups(table, timeZoneIdentifier: zone) }
    let calendars = rules.map { context.calendar(for: $0) }
    let workers = workerCount

    // Case checks run over chunks of cases × all case rules; population checks (periodic,
    // metric, tiers) one task per rule. Workers claim tasks as they finish, population rules (the
    // longest tasks) first, so neither kind waits for the other.
    let caseRules = rules.indices.filter { rules[$0].check is any CaseCheckEvaluation }
    let populationRules = rules.indices.filter { rules[$0].check is any PopulationCheckEvaluation }
    let populationCount = populationRules.count
    let chunkCount = caseCount == 0 ? 0 : min(caseCount, workers * 8)
    let chunkResults = ConcurrentResults<([[Judgement]], [Int])>(count: chunkCount)
    let populationResults = ConcurrentResults<([Judgement], [MetricRow], Int)>(count: populationCount)
    let done = { @Sendable in
      if let progress {
        progress(chunkResults.completed + populationResults.completed, chunkCount + populationCount)
      }
    }
    Parallel.runClaiming(populationCount + chunkCount, workers: workers) { task in
      if task < populationCount {
        populationResults.set(
          task, judgePopulation(populationRules[task], table, view, lookups(), calendars, keepingPassed))
      } else {
        let chunk = task - populationCount
        let cases = caseCount * chunk / chunkCount..<caseCount * (chunk + 1) / chunkCount
        chunkResults.set(
          chunk, judgeCases(cases, caseRules, table, view, lookups(), calendars, keepingPassed))
      }
      done()
    }
    var judgements = Array(repeating: [Judgement](), count: rules.count)
    var rows = Array(repeating: [MetricRow](), count: rules.count)
    var passed = Array(repeating: 0, count: rules.count)
    for chunk in 0..<chunkCount {
      guard let (perRule, passedPerRule) = chunkResults.take(chunk) else { continue }
      for (slot, r) in caseRules.enumerated() {
        if judgements[r].isEmpty { judgements[r] = perRule[slot] } else { judgements[r] += perRule[slot] }
        passed[r] += passedPerRule[slot]
      }
    }
    for (slot, r) in populationRules.enumerated() {
      if let (found, metricRows, passedHere) = populationResults.take(slot) {
        judgements[r] = found
        rows[r] = metricRows
        passed[r] += passedHere
      }
    }
    for r in rules.indices { judgements[r].removeAll { !belongs($0, rules[r], calendars[r]) } }
    return (judgements, rows, passed)
  }

  /// One chunk of cases judged by every case rule: per case rule, the judgements kept and the
  /// number of passed ones that belong to the audit.
  private func judgeCases(
    _ cases: Range<Int>, _ caseRules: [Int], _ table: CaseTable, _ view: (Int, CaseLookups) -> CaseView,
    _ cache: CaseLookups, _ calendars: [WorkCalendar], _ keepingPassed: Bool
  ) -> ([[Judgement]], [Int]) {
    // Each rule is cast and boxed once per chunk, so the per-case loop neither casts existentials
    // nor copies `Rule` values, and workers do not share the boxes' reference counts.
    let caseSlots = caseRules.compactMap { r in
      (rules[r].check as? any CaseCheckEvaluation).map {
        CaseRuleSlot(rule: rules[r], check: $0, calendar: calendars[r], types: recordTypes(rules[r], table))
      }
    }
    var perRule = Array(repeating: [Judgement](), count: caseSlots.count)
    var passedPerRule = Array(repeating: 0, count: caseSlots.count)
    var sink = JudgementSink(keepsPassed: keepingPassed)
    for index in cases {
      let view = view(index, cache)
      for (slot, ruleSlot) in caseSlots.enumerated() {
        guard inScope(view, ruleSlot.rule, ruleSlot.calendar, ruleSlot.types) else { continue }
        sink.removeAll()
        ruleSlot.check.judge(
          view, rule: ruleSlot.rule, calendar: ruleSlot.calendar, context: context, into: &sink)
        for anchor in sink.passedAnchors where belongs(anchor, ruleSlot.rule, ruleSlot.calendar) {
          passedPerRule[slot] += 1
        }
        for judgement in sink.judgements { perRule[slot].append(grouped(judgement, view)) }
      }
    }
    return (perRule, passedPerRule)
  }

  /// One population rule over the cases in its scope: the judgements kept, the metric rows and
  /// the number of passed judgements that belong to the audit.
  private func judgePopulation(
    _ r: Int, _ table: CaseTable, _ view: (Int, CaseLookups) -> CaseView, _ cache: CaseLookups,
    _ calendars: [WorkCalendar], _ keepingPassed: Bool
  ) -> ([Judgement], [MetricRow], Int) {
    let rule = rules[r]
    guard let check = rule.check as? any PopulationCheckEvaluation else { return ([], [], 0) }
    let types = recordTypes(rule, table)
    var scoped: [CaseView] = []
    for index in 0..<table.caseCount {
      let candidate = view(index, cache)
      if inScope(candidate, rule, calendars[r], types) { scoped.append(candidate) }
    }
    // As for case rules, passed judgements are only counted unless asked for.
    var sink = JudgementSink(keepsPassed: keepingPassed)
    let metricRows = check.judge(scoped, rule: rule, calendar: calendars[r], context: context, into: &sink)
    let passedHere = sink.passedAnchors.lazy.filter { belongs($0, rule, calendars[r]) }.count
    let found = sink.judgements
    // Only judgements a report lists need their case's group.
    let tagged = Set(found.lazy.filter { keepingPassed || $0.outcome != .passed }.map(\.subject))
    var byID: [String: CaseView] = [:]
    for view in scoped where tagged.contains(view.id) && byID[view.id] == nil { byID[view.id] = view }
    return (found.map { j in byID[j.subject].map { grouped(j, $0) } ?? j }, metricRows, passedHere)
  }

  /// The judgement's anchor lies in the audit period and the rule's validity.
  private func belongs(_ judgement: Judgement, _ rule: Rule, _ calendar: WorkCalendar) -> Bool {
    belongs(judgement.anchor, rule, calendar)
  }

  /// A judgement with this anchor belongs to the audit (no anchor: always).
  private func belongs(_ anchor: Timestamp?, _ rule: Rule, _ calendar: WorkCalendar) -> Bool {
    guard let anchor else { return true }
    if !context.inPeriod(anchor) { return false }
    if rule.validFrom == nil && rule.validTo == nil { return true }
    let date = calendar.civilDate(of: anchor)
    if let from = rule.validFrom, date < from { return false }
    if let to = rule.validTo, date > to { return false }
    return true
  }

  /// Whether the rule applies to the case: its record type, a `when` that holds (false or null ⇒
  /// not applicable, Rules/README.md), and the time-of-day window.
  /// `types` is `recordTypes(rule, table)`.
  private func inScope(_ view: CaseView, _ rule: Rule, _ calendar: WorkCalendar, _ types: [Bool]) -> Bool {
    guard types[view.recordTypeIndex] else { return false }
    if let condition = rule.scope.condition, view.holds(condition) != true { return false }
    if let window = rule.scope.timeOfDay {
      guard case .at(let t, _) = view.resolve(window.at, context) else { return false }
      let minute = calendar.minuteOfDay(of: t)
      guard minute >= window.fromMinute && minute < window.toMinute else { return false }
    }
    return true
  }

  /// Per record type of the table, whether the rule's scope includes it (compared once per audit
  /// rather than by name for every case).
  private func recordTypes(_ rule: Rule, _ table: CaseTable) -> [Bool] {
    table.recordTypes.map { rule.scope.recordTypes.isEmpty || rule.scope.recordTypes.contains($0) }
  }

  /// Tags a judgement with the case's team or group for breakdowns.
  private func grouped(_ judgement: Judgement, _ view: CaseView) -> Judgement {
    var tagged = judgement
    let field = view.field(groupField ?? "team")
    tagged.group = field.isNull ? nil : field.description
    return tagged
  }

  /// Applies waivers, counts outcomes and turns non-passed judgements into findings.
  private func findings(_ rule: Rule, _ judgements: ArraySlice<Judgement>) -> ([Finding], OutcomeCounts) {
    var counts = OutcomeCounts()
    var findings: [Finding] = []
    let expected = LocalizedText(zh: rule.check.expectation(.zh), en: rule.check.expectation(.en))
    let assumed = rule.assumedParameters.map { "\($0.name)=\($0.value)" }
    for judgement in judgements {
      var outcome = judgement.outcome
      var waiver: WaiverReference?
      if outcome == .violated, !waivers.waivers.isEmpty,
        let w = waivers.waiver(for: rule.id, subject: judgement.subject, asOf: context.asOf)
      {
        outcome = .waived
        waiver = w
      }
      counts.add(outcome)
      guard outcome != .passed else { continue }
      var penalty: Penalty?
      if outcome == .violated || outcome == .waived {
        penalty = rule.penalty
        if let fine = judgement.fine {
          penalty = Penalty(
            amount: fine, currency: rule.penalty?.currency ?? "CNY", perOccurrence: true,
            doubledOnRepeat: rule.penalty?.doubledOnRepeat ?? false)
        }
      }
      var finding = Finding(
        ruleID: rule.id, clauseID: rule.clause.id, subject: judgement.subject, outcome: outcome,
        severity: judgement.severity ?? rule.severity, expected: judgement.expected ?? expected,
        actual: judgement.actual,
        evidence: context.withFiles(judgement.evidence), deadline: judgement.deadline,
        penalty: penalty, assumedParameters: assumed, period: judgement.period, waiver: waiver,
        time: judgement.anchor, group: judgement.group)
      // The explanation is phrased when a report asks for it.
      finding.deadlineCalendar = judgement.deadlineCalendar.map(ExplanationCalendar.init)
      findings.append(finding)
    }
    return (findings, counts)
  }
}

extension RuleSummary {
  public init(_ rule: Rule) {
    var assumed: [String: String] = [:]
    for p in rule.assumedParameters { assumed[p.name] = p.value.description }
    self.init(
      id: rule.id, title: rule.title, message: rule.message, clause: rule.clause, severity: rule.severity,
      kind: rule.kind,
      tags: rule.tags, file: rule.file, line: rule.mark.line, assumedParameters: assumed)
  }
}

/// A case rule resolved once per audit: its check already cast, its calendar looked up.
private final class CaseRuleSlot: @unchecked Sendable {
  let rule: Rule
  let check: any CaseCheckEvaluation
  let calendar: WorkCalendar
  /// Per record type of the table, whether the rule applies.
  let types: [Bool]

  init(rule: Rule, check: any CaseCheckEvaluation, calendar: WorkCalendar, types: [Bool]) {
    self.rule = rule
    self.check = check
    self.calendar = calendar
    self.types = types
  }
}

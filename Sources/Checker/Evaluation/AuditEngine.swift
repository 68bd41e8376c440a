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
  /// have no group; nil: no grouping).
  public var groupField: String?
  public var waivers: WaiverSet
  public var threads: Int
  /// Called with (done, total) work units as evaluation proceeds, from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?
  /// Keep every finding in the results. Without it each rule's findings go once they are
  /// counted (`RuleResult.violations`), rule by rule and part by part: for reports that show
  /// only figures (the text summary), whose audits then hold no finding at all.
  public var keepsFindings = true

  public init(
    rules: [Rule], context: EvaluationContext, groupField: String? = "team", waivers: WaiverSet = WaiverSet(),
    threads: Int = 0
  ) {
    Self.requireEvaluators(in: CheckEvaluators.all)
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
    var judged = judgeInPieces(dataset, keepingPassed: false)
    dataset.table = .empty
    return results(&judged.lists, rows: judged.rows, passed: judged.passed, byGroup: judged.byGroup)
  }

  /// The results of every rule from its judgements (`lists`, taken), metric rows, passed
  /// counts and counts per group.
  func results(
    _ lists: inout [[[Judgement]]], rows: [[MetricRow]], passed: [Int], byGroup: [[String?: OutcomeCounts]]
  ) -> [RuleResult] {
    var byGroup = byGroup
    let workers = workerCount
    let target = findingPieceTarget ?? Self.pieceTarget(lists, workers)
    var results: [RuleResult] = []
    for r in rules.indices {
      // The rule's judgements are handed over (`lists` keeps none), so the findings take their
      // texts and evidence without copying them, and their memory goes once the rule is done.
      // Every list is held once (passed `inout`), so taking judgements out never copies a list.
      var pieces = Self.pieces(of: &lists[r], target: target)
      var (findings, counts) = findings(rules[r], &pieces, workers: workers)
      counts.passed += passed[r]
      if !waivers.waivers.isEmpty { Self.moveWaived(findings, in: &byGroup[r]) }
      var result = RuleResult(
        rule: RuleSummary(rules[r]), counts: counts, findings: findings, metricRows: rows[r])
      result.countsByGroup = byGroup[r]
      results.append(keepsFindings ? result : result.withoutFindings())
    }
    return results
  }

  /// Groups counted violations before waivers applied (in `findings`): each waived finding's
  /// violation counts as waived in its group.
  private static func moveWaived(_ findings: [Finding], in byGroup: inout [String?: OutcomeCounts]) {
    guard !byGroup.isEmpty else { return }
    for finding in findings where finding.outcome == .waived {
      let key = finding.group?.isEmpty == true ? nil : finding.group
      byGroup[key, default: OutcomeCounts()].violated -= 1
      byGroup[key, default: OutcomeCounts()].waived += 1
    }
  }

  /// The kinds of `CheckKinds.all` that `CheckEvaluators.all` lacks (none in a sound build).
  static let kindsWithoutEvaluator = CheckEvaluators.missing(CheckKinds.all)

  /// Stops the program when `table` lacks an evaluator for a kind of `CheckKinds.all`: the
  /// engine never starts with one missing, whose rules it would skip without a word.
  static func requireEvaluators(in table: [String: CheckEvaluator]) {
    let missing = CheckEvaluators.missing(CheckKinds.all, in: table)
    precondition(missing.isEmpty, "check kinds without an evaluator: \(missing.joined(separator: ", "))")
  }

  /// Overrides the number of judgements per piece of findings (tests: many small pieces).
  var findingPieceTarget: Int?

  /// Judgements per piece of findings: a few pieces per worker, so that workers that claim them
  /// finish close together, but not so small that a piece's set-up shows.
  private static func pieceTarget(_ lists: [[[Judgement]]], _ workers: Int) -> Int {
    let total = lists.reduce(0) { sum, rule in rule.reduce(sum) { $0 + $1.count } }
    return max(1024, total / max(1, workers * 8))
  }

  /// One piece of findings to build: judgements `range` of list `list` of rule `rule`.
  struct FindingPiece: Equatable {
    var rule: Int
    var list: Int
    var range: Range<Int>
  }

  /// Every non-empty list cut into pieces of at most `target` judgements (as equal as the cut
  /// allows), in rule, list and position order, so findings land in that order.
  static func findingPieces(listCounts: [[Int]], target: Int) -> [FindingPiece] {
    var pieces: [FindingPiece] = []
    for (r, counts) in listCounts.enumerated() {
      for (l, count) in counts.enumerated() where count > 0 {
        let parts = (count - 1) / max(1, target) + 1
        for part in 0..<parts {
          pieces.append(
            FindingPiece(rule: r, list: l, range: count * part / parts..<count * (part + 1) / parts))
        }
      }
    }
    return pieces
  }

  /// One rule's lists of judgements as the pieces `findingPieces` gives, each a list of its own
  /// in order; `lists` is left empty. A list cut in several has its judgements moved
  /// (`removeLast`), not copied.
  static func pieces(of lists: inout [[Judgement]], target: Int) -> [[Judgement]] {
    defer { lists = [] }
    let cuts = findingPieces(listCounts: [lists.map(\.count)], target: target)
    var pieces: [[Judgement]] = []
    var index = cuts.count
    // From the last piece back, so each is taken from the end of its list.
    while index > 0 {
      index -= 1
      let cut = cuts[index]
      if cut.range.count == lists[cut.list].count {
        var whole: [Judgement] = []
        swap(&whole, &lists[cut.list])
        pieces.append(whole)
        continue
      }
      var piece: [Judgement] = []
      piece.reserveCapacity(cut.range.count)
      for _ in cut.range { piece.append(lists[cut.list].removeLast()) }
      piece.reverse()
      pieces.append(piece)
    }
    pieces.reverse()
    return pieces
  }

  /// The rule's findings, one for every judgement that did not pass, in the pieces' order; and
  /// the counts of every outcome. The pieces are built on the workers into the rule's list, each
  /// into its own range, so no finding is copied once built.
  private func findings(_ rule: Rule, _ pieces: inout [[Judgement]], workers: Int) -> (
    [Finding], OutcomeCounts
  ) {
    // Where each piece's findings start (and the last ends): every judgement that did not pass
    // is one. Read through the buffers: copying a judgement out would retain all it holds.
    var offsets = [0]
    for p in pieces.indices {
      let count = pieces[p].withUnsafeBufferPointer { list in  // read in place, during the call
        var count = 0
        for k in list.indices where list[k].outcome != .passed { count += 1 }
        return count
      }
      offsets.append(offsets[offsets.count - 1] + count)
    }
    let (starts, total) = (offsets, offsets[offsets.count - 1])
    // Each piece is handed to the worker that claims it (`take`), which consumes it.
    let counts = ConcurrentResults<OutcomeCounts>(count: pieces.count)
    let taken = ConcurrentResults<[Judgement]>(count: pieces.count)
    for p in pieces.indices.reversed() { taken.set(p, pieces.removeLast()) }
    let rule = UncheckedSendable(rule)
    let built = [Finding](uninitializedCapacity: total) { buffer, initialized in
      // Lent to the workers for this call only: each initializes the range of its piece, and the
      // ranges cover the list (`starts`, `total`), so it is whole when the call returns.
      let output = UncheckedSendable(buffer)
      Parallel.runClaiming(starts.count - 1, workers: workers) { p in
        let range = UnsafeMutableBufferPointer(rebasing: output.value[starts[p]..<starts[p + 1]])
        counts.set(p, findings(rule.value, from: taken, p, into: range))
      }
      initialized = total
    }
    var sum = OutcomeCounts()
    for p in 0..<starts.count - 1 { counts.take(p).map { sum.add($0) } }
    return (built, sum)
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
    let judged = judgeInPieces(dataset, keepingPassed: keepingPassed)
    return (judged.lists.map { Array($0.joined()) }, judged.rows, judged.passed)
  }

  /// Every judgement of every rule that belongs to the audit, in the lists workers made them in
  /// (per rule, in order: one per chunk of cases, or one for a population rule); with the metric
  /// rows, the number of passed judgements that belong to the audit, (with a group field)
  /// every judgement's outcome per group as judged, before waivers, and for the lists of case
  /// rules the case (table index) each judgement is about.
  ///
  /// The one place judgements are placed in the audit: the rule's scope is applied before a case
  /// is judged, the period and the rule's validity (`ScopedRule.belongs`) to every judgement made.
  func judgeInPieces(_ dataset: Dataset, keepingPassed: Bool) -> (
    lists: [[[Judgement]]], rows: [[MetricRow]], passed: [Int], byGroup: [[String?: OutcomeCounts]],
    cases: [[[Int32]]]
  ) {
    // Views hold the table unowned: keep it alive until every judgement is made.
    let table = dataset.table
    defer { withExtendedLifetime(table) {} }
    let (caseRules, populationRules, tables) = bind(table)
    // Views are made as cases are judged rather than kept for all cases at once.
    let caseCount = table.caseCount
    let (asOf, zone) = (context.asOf, context.timeZoneIdentifier)
    let view = { @Sendable (index: Int, lookups: CaseLookups) in CaseView(lookups, index, asOf: asOf) }
    let workers = workerCount

    // Case checks run over chunks of cases × all case rules; population checks (periodic,
    // metric, tiers) one task per rule. Workers claim tasks as they finish, population rules (the
    // longest tasks) first, so neither kind waits for the other.
    let populationCount = populationRules.count
    let chunkCount = caseCount == 0 ? 0 : min(caseCount, workers * 8)
    let chunkResults = ConcurrentResults<([[Judgement]], [Int], [[String?: OutcomeCounts]], [[Int32]])>(
      count: chunkCount)
    let populationResults = ConcurrentResults<([Judgement], [MetricRow], Int, [String?: OutcomeCounts])>(
      count: populationCount)
    let done = { @Sendable in
      if let progress {
        progress(chunkResults.completed + populationResults.completed, chunkCount + populationCount)
      }
    }
    // Every task reads through lookups of its own.
    let lookups = { @Sendable in CaseLookups(table, timeZoneIdentifier: zone, tables: tables) }
    Parallel.runClaiming(populationCount + chunkCount, workers: workers) { task in
      if task < populationCount {
        populationResults.set(
          task, judgePopulation(populationRules[task], table, view, lookups(), keepingPassed))
      } else {
        let chunk = task - populationCount
        let cases = caseCount * chunk / chunkCount..<caseCount * (chunk + 1) / chunkCount
        chunkResults.set(chunk, judgeCases(cases, caseRules, view, lookups(), keepingPassed))
      }
      done()
    }
    var lists = Array(repeating: [[Judgement]](), count: rules.count)
    var rows = Array(repeating: [MetricRow](), count: rules.count)
    var passed = Array(repeating: 0, count: rules.count)
    var byGroup = Array(repeating: [String?: OutcomeCounts](), count: rules.count)
    var cases = Array(repeating: [[Int32]](), count: rules.count)
    for chunk in 0..<chunkCount {
      guard let (perRule, passedPerRule, groupsPerRule, casesPerRule) = chunkResults.take(chunk) else {
        continue
      }
      for (slot, r) in caseRules.map(\.index).enumerated() {
        lists[r].append(perRule[slot])
        cases[r].append(casesPerRule[slot])
        passed[r] += passedPerRule[slot]
        byGroup[r].merge(groupsPerRule[slot]) { $0.adding($1) }
      }
    }
    for (slot, r) in populationRules.map(\.index).enumerated() {
      if let (found, metricRows, passedHere, groups) = populationResults.take(slot) {
        lists[r] = [found]
        rows[r] = metricRows
        passed[r] += passedHere
        byGroup[r] = groups
      }
    }
    return (lists, rows, passed, byGroup, cases)
  }

  /// Binds every rule to the table, once, before any case is judged: the rules judged case by
  /// case and those judged over all cases, each with its scope and bound check, and the tables
  /// their plans refer to.
  private func bind(_ table: CaseTable) -> ([CaseRule], [PopulationRule], PlanTables) {
    var binder = PlanBinder(table)
    var caseRules: [CaseRule] = []
    var populationRules: [PopulationRule] = []
    for (r, rule) in rules.enumerated() {
      let appliesTo = table.recordTypes.map {
        rule.scope.recordTypes.isEmpty || rule.scope.recordTypes.contains($0)
      }
      let scope = RuleScope(
        rule, context.calendar(for: rule), appliesTo: appliesTo, groupField: groupField, &binder)
      switch CheckEvaluators.evaluator(for: rule.check) {
      case .perCase(let bind):
        caseRules.append(CaseRule(index: r, scope: scope, check: bind(rule.check, appliesTo, &binder)))
      case .population(let bind):
        populationRules.append(
          PopulationRule(index: r, scope: scope, check: bind(rule.check, appliesTo, &binder)))
      }
    }
    return (caseRules, populationRules, binder.tables())
  }

  /// One chunk of cases judged by every case rule: per case rule, the judgements kept that belong
  /// to the audit, the number of passed ones that do, and (with a group field) the outcomes of
  /// both per group.
  private func judgeCases(
    _ cases: Range<Int>, _ caseRules: [CaseRule], _ view: (Int, CaseLookups) -> CaseView,
    _ cache: CaseLookups, _ keepingPassed: Bool
  ) -> ([[Judgement]], [Int], [[String?: OutcomeCounts]], [[Int32]]) {
    // Each task makes its own slots: the per-case loop then retains and releases objects only
    // this worker touches, rather than reference counts every core shares.
    let slots = caseRules.map { $0.check.slot($0.scope) }
    var perRule = Array(repeating: [Judgement](), count: slots.count)
    var passedPerRule = Array(repeating: 0, count: slots.count)
    var casesPerRule = Array(repeating: [Int32](), count: slots.count)
    var tally = groupField.map { GroupTally(field: $0, ruleCount: slots.count, table: cache.table) }
    var sink = JudgementSink(keepsPassed: keepingPassed)
    // The rules of each record type: a case meets only those that may apply to it.
    let rulesOfType = cache.table.recordTypes.indices.map { t in
      caseRules.indices.filter { caseRules[$0].scope.applies(toType: t) }
    }
    for index in cases {
      let view = view(index, cache)
      var caseGroup = -1
      for k in rulesOfType[view.recordTypeIndex] {
        let slot = slots[k]
        let scope = slot.scope
        guard scope.applies(to: view, context) else { continue }
        sink.removePassedAnchors()
        // The check appends straight to the rule's list (lent to the sink for the call).
        sink.exchangeJudgements(with: &perRule[k])
        let kept = sink.judgements.count
        slot.judge(view, context, &sink)
        let passedHere = scope.place(&sink, from: kept, context)
        passedPerRule[k] += passedHere
        // Judgements are counted for the case's group here, where they are counted at all.
        if tally != nil, passedHere > 0 || sink.judgements.count > kept {
          if caseGroup < 0 { caseGroup = tally?.group(of: view) ?? -1 }
          tally?.add(.passed, rule: k, group: caseGroup, count: passedHere)
          for j in kept..<sink.judgements.count {
            tally?.add(sink.judgements[j].outcome, rule: k, group: caseGroup)
          }
        }
        if sink.judgements.count > kept {
          sink.setGroup(scope.group(of: view), from: kept)
          casesPerRule[k].append(
            contentsOf: repeatElement(Int32(truncatingIfNeeded: index), count: sink.judgements.count - kept))
        }
        sink.exchangeJudgements(with: &perRule[k])
      }
    }
    let groups = tally?.countsByGroup(cache.table) ?? Array(repeating: [:], count: slots.count)
    return (perRule, passedPerRule, groups, casesPerRule)
  }

  /// One population rule over the cases in its scope: the judgements kept that belong to the
  /// audit, the metric rows, the number of passed judgements that do, and (with a group field)
  /// the outcomes of both per group (of the case a judgement names; none for other subjects).
  private func judgePopulation(
    _ populationRule: PopulationRule, _ table: CaseTable, _ view: (Int, CaseLookups) -> CaseView,
    _ cache: CaseLookups, _ keepingPassed: Bool
  ) -> ([Judgement], [MetricRow], Int, [String?: OutcomeCounts]) {
    let rule = rules[populationRule.index]
    let scope = populationRule.scope
    // Room for every case up front, so the list never grows by copying; room never used is never
    // touched (so it takes no memory).
    var scoped: [CaseView] = []
    scoped.reserveCapacity(table.caseCount)
    for index in 0..<table.caseCount where scope.applies(toType: table.recordTypeIndex(of: index)) {
      let candidate = view(index, cache)
      if scope.applies(to: candidate, context) { scoped.append(candidate) }
    }
    // As for case rules, passed judgements are only counted unless asked for.
    var sink = JudgementSink(keepsPassed: keepingPassed, recordsPassedCases: groupField != nil)
    let metricRows = populationRule.check.judge(scoped, rule, scope.calendar, context, &sink)
    var tally = groupField.map { GroupTally(field: $0, ruleCount: 1, table: table) }
    if var counting = tally {
      for (k, anchor) in sink.passedAnchors.enumerated() where scope.belongs(anchor, context) {
        let caseIndex = Int(sink.passedCases[k])
        let group = caseIndex < 0 ? counting.group(named: nil) : counting.group(of: view(caseIndex, cache))
        counting.add(.passed, rule: 0, group: group)
      }
      tally = counting
    }
    let passedHere = scope.place(&sink, from: 0, context)
    let found = sink.judgements
    // Only judgements a report lists, or a group counts, need their case's group.
    let tagged = Set(
      found.lazy.filter { keepingPassed || self.groupField != nil || $0.outcome != .passed }.map(\.subject))
    var byID: [String: CaseView] = [:]
    if !tagged.isEmpty {
      // Ids are compared by hash first: a set of texts compares the id with every entry it probes,
      // and comparing an ASCII case id with non-ASCII text takes the slow Unicode path.
      let taggedHashes = Set(tagged.lazy.map(\.hashValue))
      for view in scoped {
        let id = view.id
        guard taggedHashes.contains(id.hashValue), tagged.contains(id), byID[id] == nil else { continue }
        byID[id] = view
      }
    }
    let judged = found.map { j in byID[j.subject].map { grouped(j, scope.group(of: $0)) } ?? j }
    guard var counting = tally else { return (judged, metricRows, passedHere, [:]) }
    for judgement in judged {
      counting.add(judgement.outcome, rule: 0, group: counting.group(named: judgement.group))
    }
    return (judged, metricRows, passedHere, counting.countsByGroup(cache.table)[0])
  }

  /// Tags a judgement with the case's team or group for breakdowns.
  private func grouped(_ judgement: Judgement, _ group: String?) -> Judgement {
    var tagged = judgement
    tagged.group = group
    return tagged
  }

  /// Applies waivers, counts outcomes and turns the judgements that did not pass into findings,
  /// which initialize `output` in full (it has room for exactly those; a piece that did not fill
  /// it stops the program rather than leave a finding uninitialized). The judgements are taken
  /// from the end of the list, so each hands its texts and evidence to its finding.
  private func findings(
    _ rule: Rule, from pieces: ConcurrentResults<[Judgement]>, _ piece: Int,
    into output: UnsafeMutableBufferPointer<Finding>
  ) -> OutcomeCounts {
    // The piece's only holder from here on, so `popLast` moves judgements out.
    var list = pieces.take(piece) ?? []
    var counts = OutcomeCounts()
    var next = output.count
    let expected = LocalizedText(zh: rule.check.expectation(.zh), en: rule.check.expectation(.en))
    let assumed = rule.assumedParameters.map { "\($0.name)=\($0.value)" }
    while let judgement = list.popLast() {
      let (outcome, waiver) = waivers.applied(
        to: judgement.outcome, rule: rule.id, subject: judgement.subject, asOf: context.asOf)
      counts.add(outcome)
      if judgement.calendarGap != nil { counts.outsideCalendarData += 1 }
      guard outcome != .passed else { continue }
      next -= 1
      output.initializeElement(
        at: next, to: finding(judgement, outcome: outcome, waiver: waiver, rule, expected, assumed))
    }
    precondition(next == 0, "a piece of findings did not fill its range")
    return counts
  }

  /// The finding a judgement that did not pass makes, with the rule's metadata.
  private func finding(
    _ judgement: consuming Judgement, outcome: Outcome, waiver: WaiverReference?, _ rule: Rule,
    _ expected: LocalizedText, _ assumed: [String]
  ) -> Finding {
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
      actual: judgement.actual, evidence: context.resolvingFiles(judgement.evidence),
      deadline: judgement.deadline,
      penalty: penalty, assumedParameters: assumed, period: judgement.period, waiver: waiver,
      time: judgement.anchor, group: judgement.group)
    // The explanation is phrased when a report asks for it.
    finding.deadlineCalendar = judgement.deadlineCalendar.map(ExplanationCalendar.init)
    finding.calendarGap = judgement.calendarGap
    return finding
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

/// A rule's scope bound to the dataset: per record type, whether the rule applies and its
/// `when`, time-of-day window and group field bound to that type; and the rule's validity.
/// Built once per audit and read by every worker.
final class RuleScope: Sendable {
  /// The scope for one record type the rule applies to.
  struct TypePlan: Sendable {
    let condition: ExpressionProgram?
    let window: BoundPoint?
    /// The engine's group field (`AuditEngine.groupField`).
    let group: BoundField?
  }

  let calendar: WorkCalendar
  /// By record type; nil where the rule does not apply.
  private let types: [TypePlan?]
  private let fromMinute: Int
  private let toMinute: Int
  private let validFrom: CivilDate?
  private let validTo: CivilDate?
  private let hasValidity: Bool

  init(
    _ rule: Rule, _ calendar: WorkCalendar, appliesTo: [Bool], groupField: String?,
    _ binder: inout PlanBinder
  ) {
    self.calendar = calendar
    let scope = rule.scope
    types = appliesTo.indices.map { t in
      guard appliesTo[t] else { return nil }
      return binder.binding(type: t) { binder in
        TypePlan(
          condition: scope.condition.map { binder.expression($0) },
          window: scope.timeOfDay.map { binder.point($0.at) }, group: groupField.map { binder.field($0) })
      }
    }
    fromMinute = scope.timeOfDay?.fromMinute ?? 0
    toMinute = scope.timeOfDay?.toMinute ?? 0
    validFrom = rule.validFrom
    validTo = rule.validTo
    hasValidity = rule.validFrom != nil || rule.validTo != nil
  }

  /// Whether the rule applies to the case: its record type, a `when` that holds (false or null ⇒
  /// not applicable, Rules/README.md), and the time-of-day window.
  /// Whether the rule may apply to cases of record type `t` (`applies(to:_:)` tells for a case).
  func applies(toType t: Int) -> Bool { types[t] != nil }

  @inline(__always)
  func applies(to view: CaseView, _ context: EvaluationContext) -> Bool {
    guard let plan = types[view.recordTypeIndex] else { return false }
    if let condition = plan.condition, view.holds(condition) != true { return false }
    if let window = plan.window {
      guard case .at(let t, _) = view.resolve(window, context) else { return false }
      let minute = calendar.minuteOfDay(of: t)
      guard minute >= fromMinute && minute < toMinute else { return false }
    }
    return true
  }

  /// Places in the audit what a check put into `sink`: drops the judgements kept from `kept` on
  /// that do not belong to it (`belongs`), and returns how many of the passed judgements only
  /// counted do. The one place judgements are filtered by period and validity.
  @inline(__always)
  func place(_ sink: inout JudgementSink, from kept: Int, _ context: EvaluationContext) -> Int {
    sink.removeJudgements(from: kept) { !belongs($0, context) }
    var passed = 0
    for anchor in sink.passedAnchors where belongs(anchor, context) { passed += 1 }
    return passed
  }

  /// A judgement with this anchor belongs to the audit: in its period and the rule's validity
  /// (no anchor: always).
  @inline(__always)
  func belongs(_ anchor: Timestamp?, _ context: EvaluationContext) -> Bool {
    guard let anchor else { return true }
    if !context.inPeriod(anchor) { return false }
    if !hasValidity { return true }
    let date = calendar.civilDate(of: anchor)
    if let validFrom, date < validFrom { return false }
    if let validTo, date > validTo { return false }
    return true
  }

  /// The case's team or group for breakdowns (none without a group field or value).
  func group(of view: CaseView) -> String? {
    guard let group = types[view.recordTypeIndex]?.group else { return nil }
    let field = view.field(group)
    return field.isNull ? nil : field.description
  }
}

/// A rule judged case by case: its index, scope and bound check.
struct CaseRule: Sendable {
  var index: Int
  var scope: RuleScope
  var check: BoundCaseCheck
}

/// A rule judged over all cases in its scope: its index, scope and bound check.
struct PopulationRule: Sendable {
  var index: Int
  var scope: RuleScope
  var check: BoundPopulationCheck
}

/// A case rule as one task judges it: its scope, and its check called as its own type
/// (`TypedCaseRuleSlot`) rather than through an existential on every case.
class CaseRuleSlot {
  let scope: RuleScope

  init(scope: RuleScope) { self.scope = scope }

  func judge(_ view: CaseView, _ context: EvaluationContext, _ sink: inout JudgementSink) {}
}

final class TypedCaseRuleSlot<Check: CaseCheckEvaluation>: CaseRuleSlot {
  let check: Check
  let plans: PlansByType<Check.Plan>
  let calendar: WorkCalendar

  init(check: Check, plans: PlansByType<Check.Plan>, scope: RuleScope) {
    self.check = check
    self.plans = plans
    self.calendar = scope.calendar
    super.init(scope: scope)
  }

  override func judge(_ view: CaseView, _ context: EvaluationContext, _ sink: inout JudgementSink) {
    check.judge(view, plans, calendar: calendar, context: context, into: &sink)
  }
}

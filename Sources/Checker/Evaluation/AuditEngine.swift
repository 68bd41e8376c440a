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

  public init(
    rules: [Rule], context: EvaluationContext, groupField: String? = "team", waivers: WaiverSet = WaiverSet(),
    threads: Int = 0
  ) {
    // A kind without an evaluator would have its rules skipped without a word.
    precondition(
      Self.kindsWithoutEvaluator.isEmpty,
      "check kinds without an evaluator: \(Self.kindsWithoutEvaluator.joined(separator: ", "))")
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
    var (lists, rows, passed, byGroup) = judgeInPieces(dataset, keepingPassed: false)
    dataset.table = .empty
    // Findings are built on all workers, straight into their rule's list, so none is copied
    // after it is built. The judgements of every rule are cut into pieces of similar size, all
    // built in one pass, so that no core waits for one rule's slowest piece.
    // The lists are this function's alone: findings take the judgements over (moved, not copied),
    // leaving vacated ones that cost nothing to destroy with the lists.
    let bases = lists.indices.map { r in
      lists[r].indices.map { l in
        SharedBuffer(start: lists[r][l].withUnsafeMutableBufferPointer { $0.baseAddress })
      }
    }
    let workers = workerCount
    let pieces = Self.findingPieces(
      listCounts: lists.map { $0.map(\.count) },
      target: findingPieceTarget ?? Self.pieceTarget(lists, workers))
    // Where each piece's findings start in its rule's list: every judgement that did not pass is
    // one. Read in place (a lazy filter would hand the predicate a copy of each).
    var starts: [Int] = []
    var totals = Array(repeating: 0, count: rules.count)
    for piece in pieces {
      starts.append(totals[piece.rule])
      totals[piece.rule] += lists[piece.rule][piece.list].withUnsafeBufferPointer { list in
        var count = 0
        for index in piece.range where list[index].outcome != .passed { count += 1 }
        return count
      }
    }
    let pieceStarts = starts
    let counts = ConcurrentResults<OutcomeCounts>(count: pieces.count)
    let built = Self.withUninitializedLists(of: Finding.self, counts: totals) { outputs in
      Parallel.runClaiming(pieces.count, workers: workers) { p in
        let piece = pieces[p]
        guard let judgements = bases[piece.rule][piece.list].start else { return }
        counts.set(
          p,
          findings(
            rules[piece.rule], taking: judgements + piece.range.lowerBound,
            count: piece.range.count, into: outputs[piece.rule].start.map { $0 + pieceStarts[p] }))
      }
    }
    withExtendedLifetime(lists) {}
    var ruleCounts = Array(repeating: OutcomeCounts(), count: rules.count)
    for (p, piece) in pieces.enumerated() { counts.take(p).map { ruleCounts[piece.rule].add($0) } }
    if !waivers.waivers.isEmpty {
      for r in rules.indices { Self.moveWaived(built[r], in: &byGroup[r]) }
    }
    return rules.indices.map { r in
      ruleCounts[r].passed += passed[r]
      var result = RuleResult(
        rule: RuleSummary(rules[r]), counts: ruleCounts[r], findings: built[r], metricRows: rows[r])
      result.countsByGroup = byGroup[r]
      return result
    }
  }

  /// Groups counted violations before waivers applied (in `findings`): each waived finding's
  /// violation counts as waived in its group.
  private static func moveWaived(_ findings: [Finding], in byGroup: inout [String?: OutcomeCounts]) {
    guard !byGroup.isEmpty else { return }
    findings.withUnsafeBufferPointer { findings in
      for index in findings.indices where findings[index].outcome == .waived {
        let group = findings[index].group
        let key = group?.isEmpty == true ? nil : group
        byGroup[key, default: OutcomeCounts()].violated -= 1
        byGroup[key, default: OutcomeCounts()].waived += 1
      }
    }
  }

  /// The kinds of `CheckKinds.all` that `CheckEvaluators.all` lacks (none in a sound build).
  static let kindsWithoutEvaluator = CheckEvaluators.missing(CheckKinds.all)

  /// Overrides the number of judgements per piece of findings (tests: many small pieces).
  var findingPieceTarget: Int?

  /// Judgements per piece of findings: a few pieces per worker, so that workers that claim them
  /// finish close together, but not so small that a piece's set-up (the rule's texts) shows.
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

  /// Lists of `counts[i]` elements each, which `fill` initializes in full through the storage it
  /// is given (nil for an empty list), all at once (so one parallel pass can fill every list).
  static func withUninitializedLists<Element>(
    of type: Element.Type, counts: [Int], _ fill: ([SharedBuffer<Element>]) -> Void
  ) -> [[Element]] {
    var storage: [SharedBuffer<Element>] = []
    var lists: [[Element]] = []
    // Each list's storage exists only inside its initializer, so they are opened one inside another.
    func open(_ index: Int) {
      guard index < counts.count else {
        fill(storage)
        return
      }
      let list = [Element](unsafeUninitializedCapacity: counts[index]) { buffer, initialized in
        storage.append(SharedBuffer(start: counts[index] > 0 ? buffer.baseAddress : nil))
        open(index + 1)
        initialized = counts[index]
      }
      lists.append(list)
    }
    open(0)
    // The innermost list was finished first.
    return lists.reversed()
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
    let (lists, rows, passed, _) = judgeInPieces(dataset, keepingPassed: keepingPassed)
    return (lists.map { Array($0.joined()) }, rows, passed)
  }

  /// Every judgement of every rule that belongs to the audit, in the lists workers made them in
  /// (per rule, in order: one per chunk of cases, or one for a population rule); with the metric
  /// rows, the number of passed judgements that belong to the audit, and (with a group field)
  /// every judgement's outcome per group as judged, before waivers.
  ///
  /// The one place judgements are placed in the audit: the rule's scope is applied before a case
  /// is judged, the period and the rule's validity (`ScopedRule.belongs`) to every judgement made.
  private func judgeInPieces(_ dataset: Dataset, keepingPassed: Bool) -> (
    lists: [[[Judgement]]], rows: [[MetricRow]], passed: [Int], byGroup: [[String?: OutcomeCounts]]
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
    let (caseRules, populationRules) = Self.evaluations(of: rules)
    let populationCount = populationRules.count
    let chunkCount = caseCount == 0 ? 0 : min(caseCount, workers * 8)
    let chunkResults = ConcurrentResults<([[Judgement]], [Int], [[String?: OutcomeCounts]])>(
      count: chunkCount)
    let populationResults = ConcurrentResults<([Judgement], [MetricRow], Int, [String?: OutcomeCounts])>(
      count: populationCount)
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
    var lists = Array(repeating: [[Judgement]](), count: rules.count)
    var rows = Array(repeating: [MetricRow](), count: rules.count)
    var passed = Array(repeating: 0, count: rules.count)
    var byGroup = Array(repeating: [String?: OutcomeCounts](), count: rules.count)
    for chunk in 0..<chunkCount {
      guard let (perRule, passedPerRule, groupsPerRule) = chunkResults.take(chunk) else { continue }
      for (slot, r) in caseRules.map(\.index).enumerated() {
        lists[r].append(perRule[slot])
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
    return (lists, rows, passed, byGroup)
  }

  /// The rules judged case by case and those judged over all cases, each with its evaluator.
  private static func evaluations(of rules: [Rule]) -> ([CaseRule], [PopulationRule]) {
    var caseRules: [CaseRule] = []
    var populationRules: [PopulationRule] = []
    for (r, rule) in rules.enumerated() {
      switch CheckEvaluators.evaluator(for: rule.check) {
      case .perCase(let slot): caseRules.append(CaseRule(index: r, slot: slot))
      case .population(let evaluation):
        populationRules.append(PopulationRule(index: r, evaluation: evaluation))
      }
    }
    return (caseRules, populationRules)
  }

  /// One chunk of cases judged by every case rule: per case rule, the judgements kept that belong
  /// to the audit, the number of passed ones that do, and (with a group field) the outcomes of
  /// both per group.
  private func judgeCases(
    _ cases: Range<Int>, _ caseRules: [CaseRule], _ table: CaseTable, _ view: (Int, CaseLookups) -> CaseView,
    _ cache: CaseLookups, _ calendars: [WorkCalendar], _ keepingPassed: Bool
  ) -> ([[Judgement]], [Int], [[String?: OutcomeCounts]]) {
    // Each rule is cast and resolved once per chunk, so the per-case loop neither casts
    // existentials nor copies parts of `Rule` (whose storage every worker shares, so copies would
    // contend for its reference counts), and workers do not share the slots.
    let caseSlots = caseRules.map { rule in
      rule.slot(rules[rule.index].check, ScopedRule(rules[rule.index], calendars[rule.index], table))
    }
    var perRule = Array(repeating: [Judgement](), count: caseSlots.count)
    var passedPerRule = Array(repeating: 0, count: caseSlots.count)
    var tally = groupField.map {
      GroupTally(field: $0, ruleCount: caseSlots.count, recordTypes: table.recordTypes.count, lookups: cache)
    }
    var sink = JudgementSink(keepsPassed: keepingPassed)
    // The slots are read unretained (`caseSlots` keeps them alive), so the per-case loop does not
    // retain and release each slot for every case and rule.
    let unretained = caseSlots.map { Unmanaged.passUnretained($0) }
    withExtendedLifetime(caseSlots) {
      for index in cases {
        let view = view(index, cache)
        var caseGroup = -1
        for slot in unretained.indices {
          unretained[slot]._withUnsafeGuaranteedRef { ruleSlot in
            guard ruleSlot.scope.applies(to: view, context) else { return }
            sink.removePassedAnchors()
            // The check appends straight to the rule's list (lent to the sink for the call).
            sink.exchangeJudgements(with: &perRule[slot])
            let kept = sink.judgements.count
            ruleSlot.judge(view, context, &sink)
            sink.removeJudgements(from: kept) { !ruleSlot.scope.belongs($0, context) }
            var passedHere = 0
            for anchor in sink.passedAnchors where ruleSlot.scope.belongs(anchor, context) {
              passedHere += 1
            }
            passedPerRule[slot] += passedHere
            // Judgements are counted for the case's group here, where they are counted at all.
            if tally != nil, passedHere > 0 || sink.judgements.count > kept {
              if caseGroup < 0 { caseGroup = tally?.group(of: view) ?? -1 }
              tally?.add(.passed, rule: slot, group: caseGroup, count: passedHere)
              for k in kept..<sink.judgements.count {
                tally?.add(sink.judgements[k].outcome, rule: slot, group: caseGroup)
              }
            }
            if sink.judgements.count > kept { sink.setGroup(group(of: view), from: kept) }
            sink.exchangeJudgements(with: &perRule[slot])
          }
        }
      }
    }
    let groups = tally?.countsByGroup(cache.columns) ?? Array(repeating: [:], count: caseSlots.count)
    return (perRule, passedPerRule, groups)
  }

  /// One population rule over the cases in its scope: the judgements kept that belong to the
  /// audit, the metric rows, the number of passed judgements that do, and (with a group field)
  /// the outcomes of both per group (of the case a judgement names; none for other subjects).
  private func judgePopulation(
    _ populationRule: PopulationRule, _ table: CaseTable, _ view: (Int, CaseLookups) -> CaseView,
    _ cache: CaseLookups,
    _ calendars: [WorkCalendar], _ keepingPassed: Bool
  ) -> ([Judgement], [MetricRow], Int, [String?: OutcomeCounts]) {
    let r = populationRule.index
    let rule = rules[r]
    let check = populationRule.evaluation(rule.check)
    let scope = ScopedRule(rule, calendars[r], table)
    // Room for every case up front, so the list never grows by copying; room never used is never
    // touched (so it takes no memory).
    var scoped: [CaseView] = []
    scoped.reserveCapacity(table.caseCount)
    for index in 0..<table.caseCount {
      let candidate = view(index, cache)
      if scope.applies(to: candidate, context) { scoped.append(candidate) }
    }
    // As for case rules, passed judgements are only counted unless asked for.
    var sink = JudgementSink(keepsPassed: keepingPassed, recordsPassedCases: groupField != nil)
    let metricRows = check.judge(scoped, rule: rule, calendar: calendars[r], context: context, into: &sink)
    var passedHere = 0
    var tally = groupField.map {
      GroupTally(field: $0, ruleCount: 1, recordTypes: table.recordTypes.count, lookups: cache)
    }
    for (k, anchor) in sink.passedAnchors.enumerated() where scope.belongs(anchor, context) {
      passedHere += 1
      guard var counting = tally.take() else { continue }
      let caseIndex = Int(sink.passedCases[k])
      let group = caseIndex < 0 ? counting.group(named: nil) : counting.group(of: view(caseIndex, cache))
      counting.add(.passed, rule: 0, group: group)
      tally = counting
    }
    sink.removeJudgements(from: 0) { !scope.belongs($0, context) }
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
    let judged = found.map { j in byID[j.subject].map { grouped(j, $0) } ?? j }
    guard var counting = tally else { return (judged, metricRows, passedHere, [:]) }
    for judgement in judged {
      counting.add(judgement.outcome, rule: 0, group: counting.group(named: judgement.group))
    }
    return (judged, metricRows, passedHere, counting.countsByGroup(cache.columns)[0])
  }

  /// Tags a judgement with the case's team or group for breakdowns.
  private func grouped(_ judgement: Judgement, _ view: CaseView) -> Judgement {
    var tagged = judgement
    tagged.group = group(of: view)
    return tagged
  }

  /// The case's team or group for breakdowns.
  private func group(of view: CaseView) -> String? {
    guard let groupField else { return nil }
    let field = view.field(groupField)
    return field.isNull ? nil : field.description
  }

  /// Applies waivers, counts outcomes and turns the judgements that did not pass into findings,
  /// initializing them at `output` onwards (as many as `evaluate` counted).
  ///
  /// The `count` judgements at `judgements` are taken over: each is moved out and replaced by a
  /// vacated one (moving its text and evidence into the finding rather than copying them retained
  /// every part of it, and destroying the judgements released them all again).
  private func findings(
    _ rule: Rule, taking judgements: UnsafeMutablePointer<Judgement>, count: Int,
    into output: UnsafeMutablePointer<Finding>?
  ) -> OutcomeCounts {
    var counts = OutcomeCounts()
    var next = output
    let expected = LocalizedText(zh: rule.check.expectation(.zh), en: rule.check.expectation(.en))
    let assumed = rule.assumedParameters.map { "\($0.name)=\($0.value)" }
    // Texts every finding of the rule holds are copied for the piece: pieces are built on all
    // workers at once, and findings sharing the rule's storage would make the cores contend for
    // its reference count (and so would reports reading them).
    let (ruleID, clauseID) = (rule.id.unshared, rule.clause.id.unshared)
    let files = context.files.count <= 256 ? context.files.map(\.unshared) : context.files
    let (ruleSeverity, rulePenalty) = (rule.severity, rule.penalty)
    for index in 0..<count {
      var judgement = (judgements + index).move()
      (judgements + index).initialize(to: Judgement.vacated)
      var outcome = judgement.outcome
      var waiver: WaiverReference?
      if outcome == .violated, !waivers.waivers.isEmpty,
        let w = waivers.waiver(for: ruleID, subject: judgement.subject, asOf: context.asOf)
      {
        outcome = .waived
        waiver = w
      }
      counts.add(outcome)
      if judgement.calendarGap != nil { counts.outsideCalendarData += 1 }
      guard outcome != .passed, let output = next else { continue }
      var penalty: Penalty?
      if outcome == .violated || outcome == .waived {
        penalty = rulePenalty
        if let fine = judgement.fine {
          penalty = Penalty(
            amount: fine, currency: rulePenalty?.currency ?? "CNY", perOccurrence: true,
            doubledOnRepeat: rulePenalty?.doubledOnRepeat ?? false)
        }
      }
      // The judgement's parts are moved into the finding (swapped out, not copied), and the finding
      // is built where it belongs.
      var subject = ""
      swap(&subject, &judgement.subject)
      var actual = LocalizedText(zh: "", en: "")
      swap(&actual, &judgement.actual)
      var evidence: [Evidence] = []
      swap(&evidence, &judgement.evidence)
      output.initialize(
        to: Finding(
          ruleID: ruleID, clauseID: clauseID, subject: consume subject, outcome: outcome,
          severity: judgement.severity ?? ruleSeverity, expected: judgement.expected.take() ?? expected,
          // The evidence is handed over (consumed): a copy left behind made its list shared, and
          // filling in the paths then copied the whole list.
          actual: consume actual, evidence: context.resolvingFiles(consume evidence, in: files),
          deadline: judgement.deadline.take(),
          penalty: penalty, assumedParameters: assumed, period: judgement.period.take(), waiver: waiver,
          time: judgement.anchor, group: judgement.group.take()))
      // The explanation is phrased when a report asks for it.
      output.pointee.deadlineCalendar = judgement.deadlineCalendar.take().map(ExplanationCalendar.init)
      output.pointee.calendarGap = judgement.calendarGap
      next = output + 1
    }
    return counts
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

/// A rule's scope resolved once per task: which record types it applies to, and whether it has a
/// condition, a time-of-day window or a validity (most rules have none of them).
///
/// Workers share the rules' storage; the per-case loop reads these fields of a task's own object
/// rather than parts of `Rule` (copying a `Rule` retained all it holds, on every core at once).
final class ScopedRule: @unchecked Sendable {
  let calendar: WorkCalendar
  /// Per record type of the table, whether the rule applies (compared once per task rather than
  /// by name for every case).
  private let types: [Bool]
  private let condition: PolicyRules.Expression?
  private let window: TimeOfDayScope?
  private let validFrom: CivilDate?
  private let validTo: CivilDate?
  private let hasValidity: Bool

  init(_ rule: Rule, _ calendar: WorkCalendar, _ table: CaseTable) {
    self.calendar = calendar
    types = table.recordTypes.map { rule.scope.recordTypes.isEmpty || rule.scope.recordTypes.contains($0) }
    condition = rule.scope.condition
    window = rule.scope.timeOfDay
    validFrom = rule.validFrom
    validTo = rule.validTo
    hasValidity = rule.validFrom != nil || rule.validTo != nil
  }

  /// Whether the rule applies to the case: its record type, a `when` that holds (false or null ⇒
  /// not applicable, Rules/README.md), and the time-of-day window.
  @inline(__always)
  func applies(to view: CaseView, _ context: EvaluationContext) -> Bool {
    guard types[view.recordTypeIndex] else { return false }
    if condition != nil, condition?.evaluate(in: view).bool != true { return false }
    if let window {
      guard case .at(let t, _) = view.resolve(window.at, context) else { return false }
      let minute = calendar.minuteOfDay(of: t)
      guard minute >= window.fromMinute && minute < window.toMinute else { return false }
    }
    return true
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
}

/// A rule judged case by case: its index and how to make its per-task slot.
struct CaseRule {
  var index: Int
  var slot: @Sendable (any CheckKind, ScopedRule) -> CaseRuleSlot
}

/// A rule judged over all cases in its scope: its index and its check as a population evaluation.
struct PopulationRule {
  var index: Int
  var evaluation: @Sendable (any CheckKind) -> any PopulationCheckEvaluation
}

/// A buffer workers fill in disjoint parts.
struct SharedBuffer<Element>: @unchecked Sendable {
  let start: UnsafeMutablePointer<Element>?
}

/// A case rule resolved once per chunk: its scope, and its check called as its own type
/// (`TypedCaseRuleSlot`) rather than through an existential on every case.
class CaseRuleSlot: @unchecked Sendable {
  let scope: ScopedRule

  init(scope: ScopedRule) { self.scope = scope }

  func judge(_ view: CaseView, _ context: EvaluationContext, _ sink: inout JudgementSink) {}
}

final class TypedCaseRuleSlot<Check: CaseCheckEvaluation>: CaseRuleSlot, @unchecked Sendable {
  let check: Check
  let calendar: WorkCalendar

  init(check: Check, scope: ScopedRule) {
    self.check = check
    self.calendar = scope.calendar
    super.init(scope: scope)
  }

  override func judge(_ view: CaseView, _ context: EvaluationContext, _ sink: inout JudgementSink) {
    check.judge(view, calendar: calendar, context: context, into: &sink)
  }
}

import PolicyRules
import Testing

@testable import Checker

/// Engine-level behaviour shared by every kind: waivers and deterministic results.
@Suite struct AuditEngineEvaluationTests {
  typealias F = EvaluationFixture

  @Test func validWaiverWaivesExpiredWaiverDoesNot() {
    let rule = F.rule("check: {kind: deadline, start: call_received, end: arrived, within: 24h}")
    let cases = [
      F.case("A", events: ["call_received @ 2024-09-10 10:00", "arrived @ 2024-09-12 10:00"]),
      F.case("B", events: ["call_received @ 2024-09-10 10:00", "arrived @ 2024-09-12 10:00"]),
      F.case("C", events: ["call_received @ 2024-09-10 10:00", "arrived @ 2024-09-10 12:00"]),
    ]
    let waivers = WaiverSet(waivers: [
      // expires on the cut-off's date: still valid that day
      Waiver(
        rulePattern: "T-*", subjectPattern: "A", reason: "客户要求改期", approver: "王经理",
        expires: CivilDate(year: 2024, month: 10, day: 1), source: "waivers.yaml:2"),
      // expired the day before the cut-off
      Waiver(
        rulePattern: "T-1", subjectPattern: "B", reason: "系统故障", approver: "王经理",
        expires: CivilDate(year: 2024, month: 9, day: 30), source: "waivers.yaml:3"),
      // covers a passed case: changes nothing
      Waiver(
        rulePattern: "*", subjectPattern: "C", reason: "—", approver: "王经理",
        expires: CivilDate(year: 2025, month: 1, day: 1), source: "waivers.yaml:4"),
    ])
    let engine = F.engine([rule], asOf: "2024-10-01 23:59", waivers: waivers)
    let result = engine.evaluate(F.dataset(cases))[0]
    var expected = OutcomeCounts()
    expected.add(.passed)
    expected.add(.waived)
    expected.add(.violated)
    #expect(result.counts == expected)
    #expect(result.findings.map { "\($0.subject): \($0.outcome.rawValue)" } == ["A: waived", "B: violated"])
    #expect(result.findings.first?.waiver?.source == "waivers.yaml:2")
    #expect(result.findings.last?.waiver == nil)
    // one day later the first waiver has expired too
    let later = F.engine([rule], asOf: "2024-10-02 00:00", waivers: waivers).evaluate(F.dataset(cases))[0]
    #expect(later.findings.map { "\($0.subject): \($0.outcome.rawValue)" } == ["A: violated", "B: violated"])
  }

  /// Rules of case and population kinds over enough cases to split into several chunks.
  static let rules = [
    F.rule("check: {kind: deadline, start: call_received, end: arrived, within: 24h}", id: "R-deadline"),
    F.rule("check: {kind: response, trigger: email_received, response: reply, within: 4h}", id: "R-response"),
    F.rule(
      """
      check:
        kind: tiers
        value: minutes_late
        repeat_key: code
        subject: team
        bands: [{above: 0, up_to: 30, severity: minor, fine: 10}, {above: 30, severity: major, fine: 50}]
      """, id: "R-tiers"),
    F.rule(
      "check: {kind: metric, measure: rate, counts: 'has(\"arrived\")', date: call_received, every: week, group: team, target: '>= 60%'}",
      id: "R-metric"),
    F.rule(
      "check: {kind: periodic, entity: team, occurrence: call_received, every: week, at_least: 3}",
      id: "R-periodic"),
  ]

  static var cases: [F.CaseSpec] {
    (0..<60).map { n in
      let day = 1 + n % 28
      let hour = 8 + n % 9
      let call = "2024-09-\(day < 10 ? "0" : "")\(day) \(hour < 10 ? "0" : "")\(hour):00"
      var events = ["email_received @ \(call)", "call_received @ \(call)"]
      if n % 3 != 0 { events.append("arrived @ 2024-09-\(day < 10 ? "0" : "")\(day) 23:00") }
      if n % 4 != 0 { events.append("reply @ 2024-09-\(day < 10 ? "0" : "")\(day) 23:30") }
      if n % 5 == 0 { events.reverse() }
      return F.case(
        "case-\(n)", [("team", "T\(n % 4)"), ("minutes_late", "\(n % 7 * 9)"), ("code", "P\(n % 2)")],
        events: events)
    }
  }

  func summary(_ results: [RuleResult]) -> [String] {
    results.flatMap { r in
      ["\(r.rule.id) \(r.counts)"]
        + r.findings.map {
          "\(r.rule.id) \($0.subject) \($0.period ?? "") \($0.outcome) \($0.penalty?.amount ?? 0)"
        }
        + r.metricRows.map {
          "\($0.period) \($0.group) \($0.numerator)/\($0.denominator) \($0.met) \($0.againstCases)"
        }
    }
  }

  @Test func sameResultsWithOneOrTwoThreadsAndReversedInput() {
    let period = ("2024-09-01 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(Self.cases)
    let one = F.engine(Self.rules, asOf: "2024-09-20 00:00", period: period, threads: 1).evaluate(dataset)
    let two = F.engine(Self.rules, asOf: "2024-09-20 00:00", period: period, threads: 2).evaluate(dataset)
    #expect(one == two)
    let reversed = F.dataset(Self.cases.reversed())
    let back = F.engine(Self.rules, asOf: "2024-09-20 00:00", period: period, threads: 2).evaluate(reversed)
    #expect(summary(back) == summary(one))
    // the run judged something of every kind
    #expect(one.allSatisfy { $0.counts.applicable > 0 })
    #expect(one.map(\.counts.pending).reduce(0, +) > 0)
  }
}

/// Outcomes per group: every judgement counted for its case's group, passed ones included
/// (only counted), so that a group's compliance rate is as a clause's.
@Suite struct GroupCountsTests {
  typealias F = EvaluationFixture
  static let period = ("2024-09-01 00:00", "2024-10-01 00:00")

  /// The five outcomes of a count (`outsideCalendarData` is not an outcome).
  static func outcomes(_ counts: OutcomeCounts) -> [Int] {
    [counts.passed, counts.violated, counts.pending, counts.unverifiable, counts.waived]
  }

  static func sum(_ byGroup: [String?: OutcomeCounts]) -> OutcomeCounts {
    byGroup.values.reduce(into: OutcomeCounts()) { $0.add($1) }
  }

  @Test(arguments: [1, 2])
  func groupsAddUpToEachRuleAndAgreeWithTheFindings(threads: Int) {
    let results = F.engine(
      AuditEngineEvaluationTests.rules, asOf: "2024-09-20 00:00", period: Self.period, threads: threads
    ).evaluate(F.dataset(AuditEngineEvaluationTests.cases))
    for result in results {
      #expect(!result.countsByGroup.isEmpty, "\(result.rule.id) has no group counts")
      #expect(
        Self.outcomes(Self.sum(result.countsByGroup)) == Self.outcomes(result.counts), "\(result.rule.id)")
      // The judgements that became findings are in their finding's group.
      var fromFindings: [String?: OutcomeCounts] = [:]
      for finding in result.findings {
        fromFindings[finding.group, default: OutcomeCounts()].add(finding.outcome)
      }
      for (group, counts) in result.countsByGroup {
        var notPassed = counts
        notPassed.passed = 0
        #expect(
          Self.outcomes(notPassed) == Self.outcomes(fromFindings[group] ?? OutcomeCounts()),
          "\(result.rule.id) \(group ?? "nil")")
      }
    }
  }

  /// Passes per team, worked out from how the fixture's cases are built, for a case rule
  /// (deadline) and a population rule judging cases (tiers); a periodic rule's entities have no group.
  @Test func passedJudgementsCountForTheirCasesGroup() {
    let results = F.engine(
      AuditEngineEvaluationTests.rules, asOf: "2024-09-20 00:00", period: Self.period, threads: 2
    ).evaluate(F.dataset(AuditEngineEvaluationTests.cases))
    var deadlinePassed: [String?: Int] = [:]
    var tiersPassed: [String?: Int] = [:]
    for n in 0..<60 {
      let team = "T\(n % 4)"
      // Cases with an arrival arrive the same evening, within 24 h (passed when before the cut-off).
      if n % 3 != 0 && 1 + n % 28 < 20 { deadlinePassed[team, default: 0] += 1 }
      // Not late at all, and the case exists at the cut-off (its call is before 2024-09-20).
      if n % 7 == 0 && 1 + n % 28 < 20 { tiersPassed[team, default: 0] += 1 }
    }
    let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.rule.id, $0.countsByGroup) })
    #expect(byID["R-deadline"]?.mapValues(\.passed).filter { $0.value > 0 } == deadlinePassed)
    #expect(byID["R-tiers"]?.mapValues(\.passed).filter { $0.value > 0 } == tiersPassed)
    #expect(byID["R-periodic"]?.keys.map { $0 } == [nil])
  }

  @Test func aWaivedViolationCountsAsWaivedInItsGroup() {
    let waivers = WaiverSet(waivers: [
      Waiver(
        rulePattern: "R-deadline", subjectPattern: "case-3", reason: "—", approver: "王经理",
        expires: CivilDate(year: 2025, month: 1, day: 1), source: "waivers.yaml:2")
    ])
    let rules = [AuditEngineEvaluationTests.rules[0]]
    let cases = AuditEngineEvaluationTests.cases
    let plain = F.engine(rules, asOf: "2024-09-20 00:00", period: Self.period).evaluate(F.dataset(cases))[0]
    let waived = F.engine(rules, asOf: "2024-09-20 00:00", period: Self.period, waivers: waivers)
      .evaluate(F.dataset(cases))[0]
    var expected = plain.countsByGroup
    expected["T3"]?.violated -= 1
    expected["T3"]?.waived += 1
    #expect(waived.countsByGroup == expected)
    #expect(waived.countsByGroup["T3"]?.waived == 1)
  }

  @Test func noGroupFieldNoGroupCounts() {
    var engine = F.engine(AuditEngineEvaluationTests.rules, asOf: "2024-09-20 00:00", period: Self.period)
    engine.groupField = nil
    let results = engine.evaluate(F.dataset(AuditEngineEvaluationTests.cases))
    #expect(results.allSatisfy { $0.countsByGroup.isEmpty })
  }
}

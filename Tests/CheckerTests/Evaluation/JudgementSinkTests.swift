import PolicyRules
import Testing

@testable import Checker

/// Passed judgements counted by anchor alone (`JudgementSink`) must give the counts of the full path.
@Suite struct JudgementSinkTests {
  typealias F = EvaluationFixture

  @Test func passedJudgementsAreCountedWithoutBeingBuilt() {
    var sink = JudgementSink(keepsPassed: false)
    var built = 0
    let anchor = Timestamp(milliseconds: 5)
    sink.add(.passed, anchor: anchor) {
      built += 1
      return Judgement(.passed, subject: "A", anchor: anchor, actual: Say.met)
    }
    sink.add(.violated, anchor: anchor) {
      built += 1
      return Judgement(.violated, subject: "B", anchor: anchor, actual: Say.met)
    }
    sink.add(Judgement(.passed, subject: "C", anchor: nil, actual: Say.met))
    #expect(built == 1)
    #expect(sink.judgements.map(\.subject) == ["B"])
    #expect(sink.passedAnchors == [anchor, nil])
    sink.removeAll()
    #expect(sink.isEmpty)
  }

  /// The engine lends a rule's list to the sink so checks append to it directly: judgements go to
  /// the list lent, passed ones are still only counted, and groups are set on the new ones only.
  @Test func exchangedListsCollectJudgementsInPlace() {
    var sink = JudgementSink(keepsPassed: false)
    var ruleList = [Judgement(.violated, subject: "earlier", anchor: nil, actual: Say.met)]
    var otherList: [Judgement] = []
    sink.exchangeJudgements(with: &ruleList)
    #expect(ruleList.isEmpty)
    let kept = sink.judgements.count
    sink.add(.violated, anchor: nil) { Judgement(.violated, subject: "A", anchor: nil, actual: Say.met) }
    sink.add(.passed, anchor: Timestamp(milliseconds: 1)) {
      Judgement(.passed, subject: "P", anchor: nil, actual: Say.met)
    }
    sink.add(Judgement(.pending, subject: "B", anchor: nil, actual: Say.met))
    sink.setGroup("team-1", from: kept)
    sink.exchangeJudgements(with: &ruleList)
    #expect(ruleList.map(\.subject) == ["earlier", "A", "B"])
    #expect(ruleList.map(\.group) == [nil, "team-1", "team-1"])
    #expect(sink.passedAnchors == [Timestamp(milliseconds: 1)])
    // The next rule's list starts from the sink's own (empty) one.
    sink.removePassedAnchors()
    sink.exchangeJudgements(with: &otherList)
    sink.add(Judgement(.violated, subject: "C", anchor: nil, actual: Say.met))
    sink.exchangeJudgements(with: &otherList)
    #expect(otherList.map(\.subject) == ["C"])
    #expect(sink.isEmpty)
  }

  @Test func keepingPassedBuildsEveryJudgement() {
    var sink = JudgementSink(keepsPassed: true)
    sink.add(.passed, anchor: nil) { Judgement(.passed, subject: "A", anchor: nil, actual: Say.met) }
    #expect(sink.judgements.map(\.subject) == ["A"])
    #expect(sink.passedAnchors.isEmpty)
  }

  /// Every case kind plus the population kinds of the engine tests, over cases that pass and fail.
  static let mixed = [
    F.rule("check: {kind: response, trigger: email_received, response: reply, within: 12h}", id: "R-reply"),
    F.rule("check: {kind: precedence, action: reply, requires: [arrived]}", id: "R-precedence"),
    F.rule(
      "check: {kind: sequence, steps: [call_received, arrived, reply], complete: true}", id: "R-sequence"),
    F.rule("check: {kind: fields, required: [team], patterns: {code: '^P[0]$'}}", id: "R-fields"),
    F.rule("check: {kind: condition, assert: 'minutes_late < 40'}", id: "R-condition"),
    F.rule(
      "check: {kind: escalation, start: call_received, done: arrived, within: 10h, escalation: reply, escalate_within: 1h}",
      id: "R-escalation"),
  ]
  static let rules = AuditEngineEvaluationTests.rules + mixed

  @Test func countsMatchTheFullPath() {
    let period = ("2024-09-05 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(AuditEngineEvaluationTests.cases)
    for threads in [1, 2] {
      let engine = F.engine(Self.rules, asOf: "2024-09-20 00:00", period: period, threads: threads)
      let counted = engine.evaluate(dataset)
      let full = engine.judge(dataset).judgements
      for (r, result) in counted.enumerated() {
        var expected = OutcomeCounts()
        for judgement in full[r] { expected.add(judgement.outcome) }
        #expect(result.counts == expected, "\(result.rule.id) with \(threads) threads")
        #expect(
          result.findings.map(\.subject) == full[r].filter { $0.outcome != .passed }.map(\.subject),
          "\(result.rule.id)")
      }
      // Both paths saw passed and failed judgements of every case kind.
      for result in counted where Self.mixed.contains(where: { $0.id == result.rule.id }) {
        #expect(
          result.counts.passed > 0 && result.counts.applicable > result.counts.passed,
          "\(result.rule.id) \(result.counts)")
      }
    }
  }

  /// The full path keeps the evidence of passed judgements (rule examples and `explain` show it).
  @Test func passedJudgementsKeepTheirEvidenceWhenKept() {
    let rule = F.rule("check: {kind: deadline, start: call_received, end: arrived, within: 24h}")
    let cases = [F.case("A", events: ["call_received @ 2024-09-10 10:00", "arrived @ 2024-09-10 12:00"])]
    let judgements = F.judgements(rule, cases)
    #expect(judgements.map(\.outcome) == [.passed])
    #expect(judgements.first?.evidence.map(\.label) == ["call_received", "arrived"])
    #expect(judgements.first?.deadline != nil)
  }
}

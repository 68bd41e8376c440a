import Foundation
import PolicyRules

/// Figures several reports share, derived once from an `AuditResult` in a fixed order, so every
/// format shows the same numbers.
struct ReportFacts: Sendable {
  /// A clause with the rules that encode it and their findings, in result order.
  struct ClauseSection: Sendable {
    var clause: ClauseReference
    var counts: OutcomeCounts
    var rules: [RuleResult]
  }

  let result: AuditResult
  let options: ReportOptions
  let clock: ReportClock
  let sections: [ClauseSection]

  init(_ result: AuditResult, options: ReportOptions) {
    self.result = result
    self.options = options
    self.clock = ReportClock(timeZoneIdentifier: options.timeZoneIdentifier)
    var sections: [ClauseSection] = result.clauses.map { clauseResult in
      ClauseSection(
        clause: clauseResult.clause, counts: clauseResult.counts,
        rules: result.rules.filter { $0.rule.clause.id == clauseResult.clause.id })
    }
    // A rule whose clause the evaluator did not list still gets a section, after the listed ones.
    for rule in result.rules where !sections.contains(where: { $0.clause.id == rule.rule.clause.id }) {
      var counts = OutcomeCounts()
      for other in result.rules where other.rule.clause.id == rule.rule.clause.id { counts.add(other.counts) }
      sections.append(
        ClauseSection(
          clause: rule.rule.clause, counts: counts,
          rules: result.rules.filter { $0.rule.clause.id == rule.rule.clause.id }))
    }
    self.sections = sections
  }

  /// Where every finding is, in clause then rule order: tables that pick and reorder findings
  /// hold these places, not copies of the findings (a large run has 100,000+).
  var findingPlaces: [FindingPlace] {
    var places: [FindingPlace] = []
    for (s, section) in sections.enumerated() {
      for (r, ruleResult) in section.rules.enumerated() {
        for index in ruleResult.findings.indices {
          places.append(FindingPlace(section: Int32(s), rule: Int32(r), index: Int32(index)))
        }
      }
    }
    return places
  }

  /// The finding at `place` and its rule, read in place.
  func withFinding<T>(at place: FindingPlace, _ body: (RuleSummary, UnsafePointer<Finding>) -> T) -> T {
    let ruleResult = sections[Int(place.section)].rules[Int(place.rule)]
    return ruleResult.findings.withUnsafeBufferPointer { findings in
      body(ruleResult.rule, findings.baseAddress.unsafelyUnwrapped + Int(place.index))
    }
  }

  /// Clauses with at least one violation, most violated first (ties by clause id), at most `limit`.
  func mostViolatedClauses(limit: Int = 5) -> [ClauseSection] {
    let violated = sections.filter { $0.counts.violated > 0 }
    let sorted = violated.sorted {
      $0.counts.violated != $1.counts.violated
        ? $0.counts.violated > $1.counts.violated : $0.clause.id < $1.clause.id
    }
    return Array(sorted.prefix(limit))
  }

  /// A clause ranked by how much it needs attention, with what the rank rests on.
  struct Attention: Sendable {
    var section: ClauseSection
    /// The most severe of its violations.
    var severity: Severity
    var score: Double
  }

  /// How much a clause needs attention: `weight(severity) × (1 − compliance) × log2(1 + violations)`,
  /// with weights critical 4, major 3, minor 2, info 1 for its most severe violation
  /// (documented in README.md, "Reports"). A clause that fails often in proportion outranks one
  /// with many violations among many passes (98 % compliant); volume counts, but only
  /// logarithmically; severity multiplies.
  static func attentionScore(_ counts: OutcomeCounts, severity: Severity) -> Double {
    guard counts.violated > 0, let rate = counts.complianceRate else { return 0 }
    let weight: Double =
      switch severity {
      case .critical: 4
      case .major: 3
      case .minor: 2
      case .info: 1
      }
    return weight * (1 - rate) * log2(Double(counts.violated) + 1)
  }

  /// `4.5`: a score with one decimal, by integer arithmetic as `percentText`.
  static func scoreText(_ score: Double) -> String {
    let tenths = Int((score * 10).rounded(.toNearestOrAwayFromZero))
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// Clauses with violations, most in need of attention first (ties: more violations, then
  /// clause id), at most `limit`.
  func clausesNeedingAttention(limit: Int = 10) -> [Attention] {
    var ranked: [Attention] = []
    for section in sections where section.counts.violated > 0 {
      var severity = Severity.info
      for rule in section.rules {
        if let worst = rule.violations.worst, worst > severity { severity = worst }
      }
      ranked.append(
        Attention(
          section: section, severity: severity,
          score: ReportFacts.attentionScore(section.counts, severity: severity)))
    }
    ranked.sort {
      if $0.score != $1.score { return $0.score > $1.score }
      if $0.section.counts.violated != $1.section.counts.violated {
        return $0.section.counts.violated > $1.section.counts.violated
      }
      return $0.section.clause.id < $1.section.clause.id
    }
    return Array(ranked.prefix(limit))
  }

  /// Judgements per group over all rules (`RuleResult.countsByGroup`: every outcome, passed
  /// included, so each group has a compliance rate as a clause has), most violations first (ties
  /// by name), then those without a group; empty when no judgement has a group (no group field,
  /// or the data has no value in it).
  var outcomesByGroup: [(group: String?, counts: OutcomeCounts)] {
    var counts: [String?: OutcomeCounts] = [:]
    for rule in result.rules { counts.merge(rule.countsByGroup) { $0.adding($1) } }
    let ungrouped = counts.removeValue(forKey: nil)
    guard !counts.isEmpty else { return [] }
    let named: [(group: String?, counts: OutcomeCounts)] = counts.sorted {
      $0.value.violated != $1.value.violated ? $0.value.violated > $1.value.violated : $0.key! < $1.key!
    }.map { ($0.key, $0.value) }
    guard let ungrouped, ungrouped.applicable > 0 else { return named }
    return named + [(nil, ungrouped)]
  }

  /// Violated findings per severity, most severe first; every severity listed.
  var violationsBySeverity: [(severity: Severity, count: Int)] {
    var counts: [Severity: Int] = [:]
    for rule in result.rules { counts.merge(rule.violations.bySeverity, uniquingKeysWith: +) }
    return Severity.allCases.reversed().map { ($0, counts[$0] ?? 0) }
  }

  /// Violated findings per group, most first, then those without a group (`nil`, when there are
  /// any), so the counts add up to the violations.
  var violationsByGroup: [(group: String?, count: Int)] {
    var counts: [String?: Int] = [:]
    for rule in result.rules { counts.merge(rule.violations.byGroup, uniquingKeysWith: +) }
    let ungrouped = counts.removeValue(forKey: nil) ?? 0
    let named: [(group: String?, count: Int)] = counts.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key! < $1.key!
    }.map { ($0.key, $0.value) }
    return ungrouped > 0 ? named + [(nil, ungrouped)] : named
  }

  /// `S0-24-yearly · 年度政策评估 (S0-24)`: a rule that applied to no case.
  static func notExercisedText(_ rule: RuleSummary, language: Language) -> String {
    "\(rule.id) · \(rule.title[language]) (\(rule.clause.id))"
  }

  /// `not exercised 4 · past calendar data 2`, or nil when both are 0: the summary figures of
  /// rules the data never reached and of judgements counted past a calendar's holiday data.
  func coverageFigures(_ language: Language) -> String? {
    var parts: [String] = []
    let unexercised = result.notExercised.count
    if unexercised > 0 { parts.append("\(ReportStrings.notExercised[language]) \(unexercised)") }
    let outside = result.totals.outsideCalendarData
    if outside > 0 { parts.append("\(ReportStrings.outsideCalendarData[language]) \(outside)") }
    return parts.isEmpty ? nil : parts.joined(separator: " · ")
  }

  /// `87.5%`, or `—` when nothing could be judged. Rounded half away from zero, by integer
  /// arithmetic so the text cannot vary with floating-point printing.
  static func percentText(_ rate: Double?, decimals: Int = 1) -> String {
    guard let rate, rate.isFinite, abs(rate) < 1e12 else { return "—" }
    var scale = 1
    for _ in 0..<max(0, decimals) { scale *= 10 }
    let scaled = Int((rate * 100 * Double(scale)).rounded(.toNearestOrAwayFromZero))
    let sign = scaled < 0 ? "-" : ""
    let magnitude = abs(scaled)
    guard decimals > 0 else { return "\(sign)\(magnitude)%" }
    let fraction = String(magnitude % scale + scale).dropFirst()
    return "\(sign)\(magnitude / scale).\(fraction)%"
  }

  /// `⚠ assumed: immediate=30m` / `⚠ 假定阈值: immediate=30m`, or nil when the finding rests on
  /// no assumed parameter (`writeAssumedNote` as a string).
  static func assumedNote(_ finding: Finding, rule: RuleSummary, language: Language) -> String? {
    guard !finding.assumedParameters.isEmpty else { return nil }
    return ReportSink.collecting { writeAssumedNote(finding, rule: rule, language: language, to: &$0) }
  }

  /// `500 CNY`, plus `per case` / `doubled on repeat` notes.
  static func penaltyText(_ penalty: Penalty, language: Language) -> String {
    ReportSink.collecting { writePenalty(penalty, language: language, to: &$0) }
  }

  /// `data/helpdesk.csv:12`, or `postgres:tickets#T0042` for a database row with a key.
  static func locationText(_ evidence: Evidence) -> String { evidence.location }

  /// `data/helpdesk.csv:12 Take in charge ticket 2024-09-12 16:00 (Li Lei)`
  func evidenceText(_ evidence: Evidence) -> String {
    ReportSink.collecting { writeEvidence(evidence, to: &$0) }
  }

  /// `reason — approver, expires 2024-12-31 (waivers.yaml:3)`
  static func waiverText(_ waiver: WaiverReference, language: Language) -> String {
    "\(waiver.reason) — \(ReportStrings.approver[language]) \(waiver.approver), "
      + "\(ReportStrings.expires[language]) \(CivilMath.dateText(waiver.expires)) (\(waiver.source))"
  }

  /// `2024-09-01 00:00 – 2024-10-01 00:00`, or `—`.
  /// The audit period; without one every record in the data is judged.
  func periodText(_ language: Language) -> String {
    switch (result.periodStart, result.periodEnd) {
    case (let start?, let end?): "\(clock.minuteText(start)) – \(clock.minuteText(end))"
    case (let start?, nil): "\(clock.minuteText(start)) –"
    case (nil, let end?): "– \(clock.minuteText(end))"
    case (nil, nil): ReportStrings.wholeData[language]
    }
  }

  /// The file a rejection's row came from.
  func fileName(of rejection: RowRejection) -> String {
    let index = Int(rejection.source.file)
    return result.dataFiles.indices.contains(index) ? result.dataFiles[index] : "#\(index)"
  }

  /// `data/helpdesk.csv:7: reason`, with the column when known; a database row with a key
  /// `postgres:tickets#T0042: reason`.
  func rejectionText(_ rejection: RowRejection) -> String {
    "\(rejection.location(file: fileName(of: rejection))): \(rejection.reason)"
  }

  /// `S2-26 文件 第十四条`
  /// A list of files for a report header: all of them when few, else a count and their common
  /// folder ("116 files under Rules/"); the JSON and SARIF reports keep the full list.
  static func fileSummary(_ files: [String], _ language: Language) -> String {
    guard files.count > 4 else { return files.joined(separator: ", ") }
    let folders = files.map { $0.split(separator: "/", omittingEmptySubsequences: false).dropLast() }
    var common = Array(folders[0])
    for folder in folders.dropFirst() {
      var n = 0
      while n < common.count && n < folder.count && common[n] == folder[folder.startIndex + n] { n += 1 }
      common.removeLast(common.count - n)
    }
    var order: [String] = []
    var counts: [String: Int] = [:]
    for folder in folders {
      let name = folder.isEmpty ? "./" : folder.joined(separator: "/") + "/"
      if counts[name] == nil { order.append(name) }
      counts[name, default: 0] += 1
    }
    if common.isEmpty || order.count <= 3 {
      let groups = order.map { "\($0) (\(counts[$0]!))" }.joined(separator: ", ")
      return language == .zh ? "\(files.count) 个文件：\(groups)" : "\(files.count) files: \(groups)"
    }
    let place = common.joined(separator: "/") + "/"
    return language == .zh ? "\(place) 下 \(files.count) 个文件" : "\(files.count) files under \(place)"
  }

  static func clauseHeading(_ clause: ClauseReference) -> String {
    [clause.id, clause.document, clause.article].filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// A metric value: rates (targets written with `%`) as percentages, counts as integers.
  static func metricValueText(_ row: MetricRow) -> String {
    row.target.contains("%") ? percentText(row.value, decimals: 2) : JSONValue.numberText(row.value)
  }
}

/// A finding's place in `ReportFacts.sections`: its section, its rule there, its index in the
/// rule's findings.
struct FindingPlace: Sendable {
  var section: Int32
  var rule: Int32
  var index: Int32
}

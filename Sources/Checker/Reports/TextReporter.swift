import PolicyRules

/// The terminal summary, one screen for a month: run figures and data problems, the clauses that
/// most need attention (ranked by `ReportFacts.attentionScore`, each with document and article),
/// violations by severity and, when the data has groups, findings per group. With `details`
/// (`--details`) it goes on with every clause's figures and the findings grouped by clause.
/// Fits 100 columns.
public struct TextReporter: Reporter {
  public static let name = "text"
  public static let fileExtension = "txt"

  /// Terminal width the layout aims for.
  static let columns = 100
  /// Findings printed per rule in the detailed listing; the file reports list every one.
  static let findingsPerRule = 10
  /// Clauses in the attention list.
  static let attentionClauses = 10
  /// Groups in the summary's group table; the rest are counted in one line.
  static let summaryGroups = 8

  public init() {}

  /// Only `--details` lists findings; the summary shows figures.
  public func showsFindings(_ options: ReportOptions) -> Bool { options.details }

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the summary section by section: the writer holds one section's lines at most.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    var writer = TextWriter(facts: ReportFacts(result, options: options), options: options)
    func section(_ body: (inout TextWriter) -> Void) {
      body(&writer)
      sink.write(writer.out)
      writer.out.removeAll(keepingCapacity: true)
    }
    section { $0.writeHeader() }
    section { $0.writeFigures() }
    section { $0.writeAttention() }
    section { $0.writeSeverities() }
    section { $0.writeGroups() }
    if options.details {
      section { $0.writeClauseTable() }
      section { $0.writeFindings() }
      section { $0.writeNotExercised() }
    }
    section { $0.writeExpiredWaivers() }
    if !options.details { section { $0.writeDetailsHint() } }
  }
}

/// Builds the text report line by line, a section at a time.
private struct TextWriter {
  let facts: ReportFacts
  let options: ReportOptions
  var out = ""

  init(facts: ReportFacts, options: ReportOptions) {
    self.facts = facts
    self.options = options
  }

  private var language: Language { options.language }
  private var result: AuditResult { facts.result }

  private enum Style: String {
    case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35", cyan = "36"
  }

  /// Style marks are private-use placeholders until `line` has made record text safe; only
  /// then do they become escape sequences, so record text can never emit its own.
  private func styled(_ text: String, _ style: Style) -> String {
    options.colour ? "\u{E000}\(style.rawValue)\u{E001}\(text)\u{E000}0\u{E001}" : text
  }

  private func style(of outcome: Outcome) -> Style {
    switch outcome {
    case .passed: .green
    case .violated: .red
    case .pending: .yellow
    case .unverifiable: .magenta
    case .waived: .cyan
    }
  }

  private mutating func line(_ text: String = "") { out += TextWriter.terminalSafe(text) + "\n" }

  /// Control characters from record text (escape sequences, bells, carriage returns) shown as
  /// U+FFFD; style placeholders turned into SGR sequences.
  static func terminalSafe(_ text: String) -> String {
    var out = ""
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      switch scalar.value {
      case 0xE000:
        var code = ""
        while let next = scalars.next(), next.value != 0xE001 { code.unicodeScalars.append(next) }
        // Only our own codes (digits) become sequences; anything else is dropped.
        if !code.isEmpty, code.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
          out += "\u{1B}[\(code)m"
        }
      case 0xE001: continue
      case _ where TerminalText.isControl(scalar): out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private mutating func heading(_ text: String) {
    line()
    line(styled(text, .bold))
    line(String(repeating: "─", count: min(TextReporter.columns, max(8, TerminalText.width(text)))))
  }

  private mutating func wrapped(_ label: String, _ text: String, indent: Int) {
    let prefix = String(repeating: " ", count: indent) + label + ": "
    let continuation = String(repeating: " ", count: indent + TerminalText.width(label) + 2)
    for part in TerminalText.wrap(
      text, firstPrefix: prefix, indent: continuation, columns: TextReporter.columns)
    {
      line(part)
    }
  }

  mutating func writeHeader() {
    line(styled("policy-check \(result.toolVersion) · \(ReportStrings.reportTitle[language])", .bold))
    wrapped(
      ReportStrings.period[language], "\(facts.periodText(language)) (\(options.timeZoneIdentifier))",
      indent: 0)
    wrapped(ReportStrings.asOf[language], facts.clock.minuteText(result.asOf), indent: 0)
    wrapped(ReportStrings.ruleFiles[language], ReportFacts.fileSummary(result.ruleFiles, language), indent: 0)
    wrapped(ReportStrings.dataFiles[language], ReportFacts.fileSummary(result.dataFiles, language), indent: 0)
  }

  mutating func writeFigures() {
    line()
    let counts = result.counts
    line(
      "\(ReportStrings.rowsRead[language]) \(counts.read) · \(ReportStrings.rowsUsed[language]) \(counts.used)"
        + " · \(ReportStrings.rowsRejected[language]) \(counts.rejected)")
    let shownRejections = options.details ? 10 : 3
    for rejection in result.rejections.prefix(shownRejections) {
      line(
        styled(
          "  " + TerminalText.truncate(facts.rejectionText(rejection), to: TextReporter.columns - 2), .dim))
    }
    if result.rejections.count > shownRejections {
      line(styled("  … +\(result.rejections.count - shownRejections)", .dim))
    }
    line(
      "\(ReportStrings.cases[language]) \(result.caseCount) · \(ReportStrings.rulesEvaluated[language]) \(result.rules.count)"
    )
    let totals = result.totals
    let parts = [Outcome.passed, .violated, .pending, .unverifiable, .waived].map { outcome in
      styled("\(ReportStrings.label(outcome)[language]) \(count(outcome, in: totals))", style(of: outcome))
    }
    line(
      parts.joined(separator: " · ")
        + " · \(ReportStrings.compliance[language]) \(ReportFacts.percentText(totals.complianceRate))")
    if let figures = facts.coverageFigures(language) { line(styled(figures, .yellow)) }
  }

  mutating func writeNotExercised() {
    let rules = result.notExercised
    guard !rules.isEmpty else { return }
    heading(ReportStrings.notExercisedRules[language])
    for rule in rules {
      for part in TerminalText.wrap(
        ReportFacts.notExercisedText(rule.rule, language: language), firstPrefix: "  - ", indent: "    ",
        columns: TextReporter.columns)
      {
        line(part)
      }
    }
  }

  private func count(_ outcome: Outcome, in counts: OutcomeCounts) -> Int {
    switch outcome {
    case .passed: counts.passed
    case .violated: counts.violated
    case .pending: counts.pending
    case .unverifiable: counts.unverifiable
    case .waived: counts.waived
    }
  }

  mutating func writeClauseTable() {
    heading(ReportStrings.complianceByClause[language])
    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    // Each figure column is as wide as its label (at least 6), so both languages line up.
    let labels = outcomes.map { ReportStrings.label($0)[language] } + [ReportStrings.compliance[language]]
    let widths = labels.map { max(6, TerminalText.width($0)) }
    let barWidth = 16
    // The clause column takes what the figures and the bar leave of the line.
    let clauseWidth = max(20, TextReporter.columns - widths.reduce(0, +) - widths.count - barWidth - 1)
    var header = TerminalText.padRight(ReportStrings.clause[language], clauseWidth)
    for (label, width) in zip(labels, widths) { header += " " + TerminalText.padLeft(label, width) }
    line(styled(header, .bold))
    for section in facts.sections {
      var row = TerminalText.padRight(ReportFacts.clauseHeading(section.clause), clauseWidth)
      for (outcome, width) in zip(outcomes, widths) {
        row += " " + TerminalText.padLeft(String(count(outcome, in: section.counts)), width)
      }
      row +=
        " "
        + TerminalText.padLeft(ReportFacts.percentText(section.counts.complianceRate), widths[outcomes.count])
      row += " " + bar(section.counts.complianceRate, width: barWidth)
      line(row)
    }
  }

  /// `████████░░░░` for a rate, empty when there is none.
  private func bar(_ rate: Double?, width: Int) -> String {
    guard let rate, rate.isFinite else { return "" }
    let filled = Int((rate * Double(width)).rounded(.toNearestOrAwayFromZero))
    let text = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    return styled(text, rate >= 0.95 ? .green : rate >= 0.8 ? .yellow : .red)
  }

  mutating func writeAttention() {
    heading(ReportStrings.needAttention[language])
    let ranked = facts.clausesNeedingAttention(limit: TextReporter.attentionClauses)
    if ranked.isEmpty {
      line(ReportStrings.noViolations[language])
      return
    }
    for (i, item) in ranked.enumerated() {
      let counts = item.section.counts
      let figures =
        "\(ReportFacts.percentText(counts.complianceRate)) · \(counts.violated)/\(counts.passed + counts.violated) "
        + "\(ReportStrings.violated[language]) · \(item.severity.label[language]) · "
        + "\(ReportStrings.score[language]) \(ReportFacts.scoreText(item.score))"
      let rank = TerminalText.padLeft(String(i + 1), 2) + ". "
      line(
        rank + styled(item.section.clause.id, .bold) + "  "
          + styled(figures, style(ofRate: counts.complianceRate)))
      // Where the clause is, then what the rule most violated there asks, on one line.
      let place = [item.section.clause.document, item.section.clause.article].filter { !$0.isEmpty }
        .joined(separator: " ")
      let rule = item.section.rules.max { $0.counts.violated < $1.counts.violated }
      let title = rule.map { " — " + $0.rule.title[language] } ?? ""
      line(styled("    " + TerminalText.truncate(place + title, to: TextReporter.columns - 4), .dim))
    }
  }

  private func style(ofRate rate: Double?) -> Style {
    guard let rate else { return .dim }
    return rate >= 0.95 ? .green : rate >= 0.8 ? .yellow : .red
  }

  mutating func writeSeverities() {
    heading(ReportStrings.violationsBySeverity[language])
    line(
      facts.violationsBySeverity.map { "\($0.severity.label[language]) \($0.count)" }.joined(separator: " · ")
    )
  }

  /// Judgements per group: compliance (as for clauses: passed / (passed + violated)), then
  /// passed, violated, pending, unverifiable, waived; most violations first.
  mutating func writeGroups() {
    let groups = facts.outcomesByGroup
    guard !groups.isEmpty else { return }
    heading(ReportStrings.judgementsByGroup[language])
    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    let labels = [ReportStrings.compliance[language]] + outcomes.map { ReportStrings.label($0)[language] }
    let widths = labels.map { max(6, TerminalText.width($0)) }
    let nameWidth = TextReporter.columns - widths.reduce(0, +) - widths.count
    var header = TerminalText.padRight(ReportStrings.group[language], nameWidth)
    for (label, width) in zip(labels, widths) { header += " " + TerminalText.padLeft(label, width) }
    line(styled(header, .bold))
    let named = groups.filter { $0.group != nil }
    let shown = named.prefix(TextReporter.summaryGroups) + groups.filter { $0.group == nil }
    for (group, counts) in shown {
      var row = TerminalText.padRight(
        TerminalText.truncate(group ?? ReportStrings.noGroup[language], to: nameWidth), nameWidth)
      row +=
        " "
        + styled(
          TerminalText.padLeft(ReportFacts.percentText(counts.complianceRate), widths[0]),
          style(ofRate: counts.complianceRate))
      for (outcome, width) in zip(outcomes, widths.dropFirst()) {
        row += " " + TerminalText.padLeft(String(count(outcome, in: counts)), width)
      }
      line(row)
    }
    if named.count > TextReporter.summaryGroups {
      line(styled("… " + ReportStrings.moreGroups(named.count - TextReporter.summaryGroups)[language], .dim))
    }
  }

  mutating func writeDetailsHint() {
    line()
    line(styled(ReportStrings.detailsHint[language], .dim))
  }

  mutating func writeFindings() {
    heading(ReportStrings.findings[language])
    var any = false
    for section in facts.sections {
      let rules = section.rules.filter { !$0.findings.isEmpty || !$0.metricRows.isEmpty }
      guard !rules.isEmpty else { continue }
      any = true
      line()
      line(styled("■ " + ReportFacts.clauseHeading(section.clause), .bold))
      if !section.clause.quote.isEmpty {
        for part in TerminalText.wrap(
          "「\(section.clause.quote)」", firstPrefix: "  ", indent: "  ", columns: TextReporter.columns)
        {
          line(styled(part, .dim))
        }
      }
      for ruleResult in rules { writeRule(ruleResult) }
    }
    if !any { line(ReportStrings.noFindings[language]) }
  }

  private mutating func writeRule(_ ruleResult: RuleResult) {
    let rule = ruleResult.rule
    line()
    line("  " + styled("\(rule.id) · \(rule.title[language])", .bold) + " [\(rule.severity.label[language])]")
    if !ruleResult.metricRows.isEmpty {
      line("    " + ReportStrings.metricRows[language] + ":")
      for row in ruleResult.metricRows {
        let met = row.met ? styled("✓", .green) : styled("✗", .red)
        line(
          "    \(met) \(row.period) \(row.group): \(ReportFacts.metricValueText(row)) "
            + "(\(row.numerator)/\(row.denominator)) \(ReportStrings.target[language]) \(row.target)")
      }
    }
    // The terminal summary shows the first findings of each rule, violations first; every report
    // file (HTML, JSON, CSV, …) lists them all.
    // Only the shown ones are picked (by index): a large audit's rule has ~10^5 findings, and
    // copying them all into a reordered list cost more than writing the summary.
    let findings = ruleResult.findings
    let shown = TextReporter.findingsPerRule
    var picked = Array(findings.indices.lazy.filter { findings[$0].outcome == .violated }.prefix(shown))
    if picked.count < shown {
      picked += findings.indices.lazy.filter { findings[$0].outcome != .violated }.prefix(
        shown - picked.count)
    }
    for index in picked { writeFinding(findings[index], rule: rule) }
    if findings.count > shown {
      line(styled("    … " + ReportStrings.moreFindings(findings.count - shown)[language], .dim))
    }
  }

  private mutating func writeFinding(_ finding: Finding, rule: RuleSummary) {
    let tag = "[\(ReportStrings.label(finding.outcome)[language]) · \(finding.severity.label[language])]"
    var subject = finding.subject
    if let group = finding.group, !group.isEmpty { subject += " · \(ReportStrings.group[language]) \(group)" }
    if let period = finding.period { subject += " · \(period)" }
    let prefix = "  " + styled(tag, style(of: finding.outcome)) + " "
    for (i, part) in TerminalText.wrap(
      subject, firstPrefix: "  \(tag) ", indent: "      ", columns: TextReporter.columns
    ).enumerated() {
      line(i == 0 ? prefix + String(part.dropFirst(3 + tag.count)) : part)
    }
    wrapped(ReportStrings.expected[language], finding.expected[language], indent: 6)
    wrapped(ReportStrings.actual[language], finding.actual[language], indent: 6)
    if let due = finding.deadline?.due {
      wrapped(ReportStrings.due[language], facts.clock.minuteText(due), indent: 6)
    }
    if let explanation = finding.deadlineExplanation {
      wrapped(ReportStrings.deadline[language], explanation[language], indent: 6)
    }
    if let gap = finding.calendarGap {
      line("      " + styled("⚠ \(ReportStrings.calendarGap[language]): \(gap.text(language))", .yellow))
    }
    for (i, evidence) in finding.evidence.enumerated() {
      let label =
        i == 0
        ? ReportStrings.evidence[language]
        : String(repeating: " ", count: TerminalText.width(ReportStrings.evidence[language]))
      let text = TerminalText.truncate(
        facts.evidenceText(evidence), to: TextReporter.columns - 8 - TerminalText.width(label))
      line("      \(label)\(i == 0 ? ":" : " ") \(styled(text, .dim))")
    }
    if let penalty = finding.penalty {
      wrapped(
        ReportStrings.penalty[language], ReportFacts.penaltyText(penalty, language: language), indent: 6)
    }
    if let waiver = finding.waiver {
      wrapped(ReportStrings.waiver[language], ReportFacts.waiverText(waiver, language: language), indent: 6)
    }
    if let note = ReportFacts.assumedNote(finding, rule: rule, language: language) {
      line("      " + styled(note, .yellow))
    }
  }

  mutating func writeExpiredWaivers() {
    guard !result.expiredWaivers.isEmpty else { return }
    heading(ReportStrings.expiredWaivers[language])
    for waiver in result.expiredWaivers {
      for part in TerminalText.wrap(
        ReportFacts.waiverText(waiver, language: language), firstPrefix: "  - ", indent: "    ",
        columns: TextReporter.columns)
      {
        line(part)
      }
    }
  }
}

import PolicyRules

/// One self-contained HTML page: run information, charts as inline SVG, and a findings table that
/// is plain HTML (sortable and filterable when scripts run). No network access of any kind:
/// styles and script are inline and a Content-Security-Policy forbids loading anything.
public struct HTMLReporter: Reporter {
  public static let name = "html"
  public static let fileExtension = "html"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the page, section by section, in the order a reader meets them.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    writeHead(facts, language: l, to: &sink)
    writeHeader(facts, language: l, to: &sink)  // run information
    writeCards(facts, language: l, to: &sink)  // compliance and counts
    writeCharts(facts, language: l, to: &sink)  // trend, by severity, by group
    writeClauseChart(facts, language: l, to: &sink)  // compliance by clause
    if let history = options.history { writeHistory(history, facts, language: l, to: &sink) }
    writeGroupTable(facts, language: l, to: &sink)  // judgements by group
    writeMostViolated(facts, language: l, to: &sink)  // clauses needing attention
    writeFindingsTable(facts, language: l, to: &sink)  // every finding (capped), with details
    writeMetrics(facts, language: l, to: &sink)  // metric rules' rows
    writeNotExercised(facts, language: l, to: &sink)  // rules that applied to no case
    writeAppendix(facts, language: l, to: &sink)  // rejected rows, expired waivers
    writeFooter(facts, language: l, to: &sink)
  }

  /// The document head (styles inline) and the opening `<body>`.
  private func writeHead(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    sink.write(
      "<!DOCTYPE html>\n<html lang=\"\(l == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n")
    sink.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    sink.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
    sink.write("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
    sink.write("<meta name=\"generator\" content=\"policy-check \(h(facts.result.toolVersion))\">\n")
    sink.write("<title>\(h(ReportStrings.reportTitle[l])) · policy-check</title>\n")
    sink.write("<style>\n")
    sink.write(HTMLReporter.styleSheet)
    sink.write("</style>\n</head>\n<body>\n")
  }

  /// The footer, the script (inline) and the closing tags.
  private func writeFooter(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    sink.write("<footer>policy-check \(h(facts.result.toolVersion)) · \(h(ReportStrings.asOf[l])) ")
    sink.write(
      "\(facts.clock.minuteText(facts.result.asOf)) (\(h(facts.options.timeZoneIdentifier)))</footer>\n")
    sink.write("<script>\n")
    sink.write(HTMLReporter.script)
    sink.write("</script>\n</body>\n</html>\n")
  }

  static func outcomeColour(_ outcome: Outcome) -> String {
    switch outcome {
    case .passed: "#2e7d32"
    case .violated: "#c62828"
    case .pending: "#ef8f00"
    case .unverifiable: "#7b1fa2"
    case .waived: "#607d8b"
    }
  }

  static func severityColour(_ severity: Severity) -> String {
    switch severity {
    case .critical: "#8e0000"
    case .major: "#d84315"
    case .minor: "#f9a825"
    case .info: "#1976d2"
    }
  }

  static func rateColour(_ rate: Double?) -> String {
    guard let rate else { return "#9e9e9e" }
    return rate >= 0.95 ? "#2e7d32" : rate >= 0.8 ? "#ef8f00" : "#c62828"
  }

  private func writeHeader(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    let result = facts.result
    sink.write("<header>\n<h1>\(h(ReportStrings.reportTitle[l]))</h1>\n<dl class=\"run\">\n")
    let items: [(LocalizedText, String)] = [
      (ReportStrings.period, facts.periodText(l)),
      (ReportStrings.asOf, facts.clock.minuteText(result.asOf)),
      (ReportStrings.timeZone, facts.clock.timeZoneIdentifier),
      (ReportStrings.ruleFiles, ReportFacts.fileSummary(result.ruleFiles, l)),
      (ReportStrings.dataFiles, ReportFacts.fileSummary(result.dataFiles, l)),
      (ReportStrings.toolVersion, "policy-check \(result.toolVersion)"),
    ]
    for (label, value) in items { sink.write("<div><dt>\(h(label[l]))</dt><dd>\(h(value))</dd></div>\n") }
    sink.write("</dl>\n</header>\n")
  }

  private func writeCards(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    let result = facts.result
    let totals = result.totals
    sink.write("<section class=\"cards\">\n")
    func card(_ label: String, _ value: String, _ note: String = "", colour: String? = nil) {
      let style = colour.map { " style=\"border-top-color:\($0)\"" } ?? ""
      sink.write(
        "<div class=\"card\"\(style)><div class=\"k\">\(h(label))</div><div class=\"v\">\(h(value))</div>")
      sink.write(note.isEmpty ? "</div>\n" : "<div class=\"n\">\(h(note))</div></div>\n")
    }
    card(
      ReportStrings.compliance[l], ReportFacts.percentText(totals.complianceRate),
      "\(ReportStrings.passed[l]) \(totals.passed) / \(totals.passed + totals.violated)",
      colour: HTMLReporter.rateColour(totals.complianceRate))
    for outcome in [Outcome.violated, .pending, .unverifiable, .waived] {
      let value: Int
      switch outcome {
      case .violated: value = totals.violated
      case .pending: value = totals.pending
      case .unverifiable: value = totals.unverifiable
      default: value = totals.waived
      }
      card(ReportStrings.label(outcome)[l], String(value), colour: HTMLReporter.outcomeColour(outcome))
    }
    card(
      ReportStrings.rowsRead[l], String(result.counts.read),
      "\(ReportStrings.rowsUsed[l]) \(result.counts.used) · \(ReportStrings.rowsRejected[l]) \(result.counts.rejected)"
    )
    card(
      ReportStrings.cases[l], String(result.caseCount),
      "\(ReportStrings.rulesEvaluated[l]) \(result.rules.count)")
    if !result.notExercised.isEmpty {
      card(
        ReportStrings.notExercised[l], String(result.notExercised.count),
        result.notExercised.map(\.rule.id).joined(separator: ", "), colour: "#b45309")
    }
    if totals.outsideCalendarData > 0 {
      card(ReportStrings.outsideCalendarData[l], String(totals.outsideCalendarData), colour: "#b45309")
    }
    sink.write("</section>\n")
  }

  /// The rules that applied to no case, listed apart (their — is no compliance figure).
  private func writeNotExercised(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let rules = facts.result.notExercised
    guard !rules.isEmpty else { return }
    let h = ReportEscaping.html
    sink.write("<section id=\"not-exercised\">\n<h2>\(h(ReportStrings.notExercisedRules[l]))</h2>\n<ul>\n")
    for rule in rules { sink.write("<li>\(h(ReportFacts.notExercisedText(rule.rule, language: l)))</li>\n") }
    sink.write("</ul>\n</section>\n")
  }

  private func writeCharts(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    sink.write("<section class=\"charts\">\n")
    func figure(_ title: String, _ body: String) {
      sink.write("<figure class=\"panel\"><figcaption>\(h(title))</figcaption>\n\(body)\n</figure>\n")
    }
    let (granularity, buckets) = facts.trend()
    let trendTitle =
      "\(ReportStrings.trend[l]) (\((granularity == .month ? ReportStrings.byMonth : ReportStrings.byWeek)[l]))"
    let segments = ReportFacts.trendOutcomes.map {
      SVGChart.Segment(name: ReportStrings.label($0)[l], colour: HTMLReporter.outcomeColour($0))
    }
    figure(
      trendTitle,
      buckets.isEmpty
        ? "<p class=\"empty\">\(h(ReportStrings.noFindings[l]))</p>"
        : SVGChart.stackedColumns(buckets: buckets, segments: segments, title: trendTitle))

    let severityBars = facts.violationsBySeverity.map { severity, count in
      SVGChart.Bar(
        label: severity.label[l], value: Double(count), valueText: String(count),
        colour: HTMLReporter.severityColour(severity), tooltip: "\(severity.label[l]): \(count)")
    }
    figure(
      ReportStrings.violationsBySeverity[l],
      SVGChart.horizontalBars(severityBars, maximum: 1, title: ReportStrings.violationsBySeverity[l]))

    // The largest groups, and always the findings without one: the bars add up to the violations
    // but for the groups left out, which the note counts.
    let groups = facts.violationsByGroup
    let shownGroups = 12
    let named = groups.filter { $0.group != nil }
    let shown = named.prefix(shownGroups) + groups.filter { $0.group == nil }
    let groupBars = shown.map { group, count in
      let label = group ?? ReportStrings.noGroup[l]
      return SVGChart.Bar(
        label: label, value: Double(count), valueText: String(count),
        colour: group == nil ? "#9e9e9e" : "#3f6fb5", tooltip: "\(label): \(count)")
    }
    var groupBody =
      groupBars.isEmpty
      ? "<p class=\"empty\">\(h(ReportStrings.noViolations[l]))</p>"
      : SVGChart.horizontalBars(Array(groupBars), maximum: 1, title: ReportStrings.violationsByGroup[l])
    if named.count > shownGroups {
      let left = named.dropFirst(shownGroups)
      groupBody +=
        "<p class=\"note\">… +\(left.count) (\(left.reduce(0) { $0 + $1.count }) \(h(ReportStrings.violatedWord[l])))</p>"
    }
    figure(ReportStrings.violationsByGroup[l], groupBody)
    sink.write("</section>\n")
  }

  /// Judgements below which a clause's rate is drawn neutral and hatched: too few to colour.
  static let smallSample = 5

  /// Compliance by clause as HTML rows: worst first (ascending compliance, then more violations)
  /// within each domain (the catalogue part of the clause id, `S2`), each labelled with its
  /// document and article; the script offers catalogue order. A clause with fewer than
  /// `smallSample` judgements is drawn hatched, not coloured as a rate.
  private func writeClauseChart(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    let judgedSections = facts.sections.enumerated().filter { $0.element.counts.complianceRate != nil }
    guard !judgedSections.isEmpty else { return }
    sink.write(
      "<section class=\"panel\" id=\"clause-chart\">\n<h2>\(h(ReportStrings.complianceByClause[l]))</h2>\n")
    sink.write("<p class=\"note\">\(h(ReportStrings.clauseChartNote(Self.smallSample)[l])) ")
    sink.write(
      "<button type=\"button\" id=\"clause-order\" hidden data-worst=\"\(h(ReportStrings.worstFirst[l]))\" ")
    sink.write(
      "data-catalogue=\"\(h(ReportStrings.catalogueOrder[l]))\">\(h(ReportStrings.catalogueOrder[l]))</button></p>\n"
    )
    func domain(_ id: String) -> String { String(id.split(separator: "-").first ?? Substring(id)) }
    var domains: [String] = []
    for (_, section) in judgedSections where !domains.contains(domain(section.clause.id)) {
      domains.append(domain(section.clause.id))
    }
    for name in domains {
      let rows = judgedSections.filter { domain($0.element.clause.id) == name }.sorted {
        let (a, b) = ($0.element.counts, $1.element.counts)
        if a.complianceRate != b.complianceRate { return (a.complianceRate ?? 1) < (b.complianceRate ?? 1) }
        if a.violated != b.violated { return a.violated > b.violated }
        return $0.offset < $1.offset
      }
      sink.write("<div class=\"domain\"><h3>\(h(name))</h3>\n<ol class=\"clauses\">\n")
      for (rank, (index, section)) in rows.enumerated() {
        let counts = section.counts
        let judged = counts.passed + counts.violated
        let rate = counts.complianceRate ?? 0
        let small = judged < Self.smallSample
        let width = Int((rate * 1000).rounded()) / 10
        let place = [section.clause.document, section.clause.article].filter { !$0.isEmpty }.joined(
          separator: " ")
        sink.write(
          "<li data-worst=\"\(rank)\" data-catalogue=\"\(index)\"\(small ? " class=\"small\"" : "")>")
        sink.write("<span class=\"cl\"><b>\(h(section.clause.id))</b> \(h(place))</span>")
        sink.write(
          "<span class=\"bar\"><span style=\"width:\(width)%;background:\(small ? "#9aa5b1" : HTMLReporter.rateColour(rate))\"></span></span>"
        )
        sink.write("<span class=\"rate\">\(h(ReportFacts.percentText(counts.complianceRate)))</span>")
        sink.write(
          "<span class=\"n\">\(counts.passed)/\(judged)\(small ? " · " + h(ReportStrings.fewJudgements[l]) : "")</span></li>\n"
        )
      }
      sink.write("</ol></div>\n")
    }
    sink.write("</section>\n")
  }

  /// Judgements per group: compliance (as for clauses, with its bar; fewer than `smallSample`
  /// judgements hatched), then passed, violated, pending, unverifiable, waived.
  private func writeGroupTable(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let groups = facts.outcomesByGroup
    guard !groups.isEmpty else { return }
    let h = ReportEscaping.html
    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    sink.write("<section class=\"panel\" id=\"groups\">\n<h2>\(h(ReportStrings.judgementsByGroup[l]))</h2>\n")
    sink.write("<table class=\"metric\"><thead><tr><th>\(h(ReportStrings.group[l]))</th>")
    sink.write("<th>\(h(ReportStrings.compliance[l]))</th>")
    for outcome in outcomes { sink.write("<th>\(h(ReportStrings.label(outcome)[l]))</th>") }
    sink.write("</tr></thead><tbody>\n")
    for (group, counts) in groups {
      sink.write("<tr><td>\(h(group ?? ReportStrings.noGroup[l]))</td>")
      sink.write("<td>\(rateCell(counts))</td>")
      for value in [counts.passed, counts.violated, counts.pending, counts.unverifiable, counts.waived] {
        sink.write("<td>\(value)</td>")
      }
      sink.write("</tr>\n")
    }
    sink.write("</tbody></table>\n</section>\n")
  }

  /// A compliance rate with a small bar coloured by it (grey and hatched under `smallSample`
  /// judgements, as in the clause chart), or `—` with nothing judged.
  private func rateCell(_ counts: OutcomeCounts) -> String {
    guard let rate = counts.complianceRate else { return "—" }
    let small = counts.passed + counts.violated < Self.smallSample
    let width = Int((rate * 1000).rounded()) / 10
    let colour = small ? "#9aa5b1" : HTMLReporter.rateColour(rate)
    return
      "<span class=\"gbar\(small ? " small" : "")\"><span style=\"width:\(width)%;background:\(colour)\"></span></span>"
      + ReportEscaping.html(ReportFacts.percentText(rate))
  }

  /// The clauses that most need attention, as in the text summary (`ReportFacts.attentionScore`).
  private func writeMostViolated(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    sink.write("<section class=\"panel\">\n<h2>\(h(ReportStrings.needAttention[l]))</h2>\n")
    let top = facts.clausesNeedingAttention()
    if top.isEmpty {
      sink.write("<p class=\"empty\">\(h(ReportStrings.noViolations[l]))</p>\n</section>\n")
      return
    }
    sink.write("<ol class=\"top\">\n")
    for item in top {
      let section = item.section
      let counts = section.counts
      sink.write("<li><span class=\"clause\">\(h(section.clause.id))</span> \(h(section.clause.document)) ")
      sink.write(
        "\(h(section.clause.article)) <span class=\"count\">\(h(ReportFacts.percentText(counts.complianceRate))) · "
      )
      sink.write("\(counts.violated)/\(counts.passed + counts.violated) \(h(ReportStrings.violated[l])) · ")
      sink.write(
        "\(h(item.severity.label[l])) · \(h(ReportStrings.score[l])) \(ReportFacts.scoreText(item.score))</span>"
      )
      if !section.clause.quote.isEmpty { sink.write("<blockquote>\(h(section.clause.quote))</blockquote>") }
      sink.write("</li>\n")
    }
    sink.write("</ol>\n</section>\n")
  }

  /// Rows of the findings table before it is capped.
  static let maxTableRows = 5_000

  private func writeFindingsTable(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    // Places, not copies: a year's audit has 100,000+ findings, and the table shows 5,000.
    var places = facts.findingPlaces
    let total = places.count
    sink.write("<section class=\"panel\">\n<h2>\(h(ReportStrings.findings[l])) (\(total))</h2>\n")
    if places.isEmpty {
      sink.write("<p class=\"empty\">\(h(ReportStrings.noFindings[l]))</p>\n</section>\n")
      return
    }
    // A page a browser can still open: past the cap, the most serious violations are kept and the
    // note points to the CSV and JSON reports, which list every finding.
    if total > Self.maxTableRows {
      let severityOrder = Dictionary(uniqueKeysWithValues: Severity.allCases.enumerated().map { ($1, $0) })
      // Violations first, then by severity, most severe first; ties stay in report order
      // (`forEachFinding` walks the findings in the order of `places`).
      var ranks: [Int] = []
      ranks.reserveCapacity(total)
      facts.forEachFinding { _, finding in
        ranks.append((finding.outcome == .violated ? 0 : 1) * 1_000 - (severityOrder[finding.severity] ?? 0))
      }
      let ranked = places.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }
      places = ranked.prefix(Self.maxTableRows).sorted().map { places[$0] }
      sink.write("<p class=\"note\">\(h(ReportStrings.tableCapped(Self.maxTableRows, total)[l]))</p>\n")
    }
    // Controls stay hidden until the script runs: without scripts the table is simply static.
    sink.write("<div id=\"controls\" class=\"controls\" hidden>")
    sink.write(
      "<input id=\"filter-text\" type=\"search\" placeholder=\"\(h(ReportStrings.filterPlaceholder[l]))\">")
    sink.write("<select id=\"filter-outcome\"><option value=\"\">\(h(ReportStrings.allOutcomes[l]))</option>")
    for outcome in [Outcome.violated, .waived, .pending, .unverifiable] {
      sink.write("<option value=\"\(outcome.rawValue)\">\(h(ReportStrings.label(outcome)[l]))</option>")
    }
    sink.write(
      "</select><select id=\"filter-severity\"><option value=\"\">\(h(ReportStrings.allSeverities[l]))</option>"
    )
    for severity in Severity.allCases.reversed() {
      sink.write("<option value=\"\(severity.rawValue)\">\(h(severity.label[l]))</option>")
    }
    sink.write(
      "</select><span class=\"shown\"><span id=\"shown-count\">\(places.count)</span> / \(places.count) ")
    sink.write("\(h(ReportStrings.shown[l]))</span></div>\n")
    sink.write("<table id=\"findings\">\n<thead><tr>")
    for label in [
      ReportStrings.severity, ReportStrings.outcome, ReportStrings.clause, ReportStrings.rule,
      ReportStrings.subject, ReportStrings.group, ReportStrings.time, ReportStrings.details,
    ] {
      sink.write("<th scope=\"col\">\(h(label[l]))</th>")
    }
    sink.write("</tr></thead>\n<tbody>\n")
    let severityRank = Dictionary(uniqueKeysWithValues: Severity.allCases.enumerated().map { ($1, $0) })
    let outcomeRank = Dictionary(uniqueKeysWithValues: Outcome.allCases.enumerated().map { ($1, $0) })
    var scratch = ReportSink()
    for place in places {
      // The shown findings only (5,000 at most), lent in place.
      facts.withFinding(at: place) { rule, finding in
        writeFindingRow(
          finding.pointee, rule: rule, facts: facts, language: l,
          severityRank: severityRank[finding.pointee.severity] ?? 0,
          outcomeRank: outcomeRank[finding.pointee.outcome] ?? 0, scratch: &scratch, to: &sink)
      }
    }
    sink.write("</tbody>\n</table>\n</section>\n")
  }

  /// One row of the findings table, record text escaped straight into the sink.
  private func writeFindingRow(
    _ finding: borrowing Finding, rule: RuleSummary, facts: ReportFacts, language l: Language,
    severityRank: Int, outcomeRank: Int, scratch: inout ReportSink, to sink: inout ReportSink
  ) {
    func e(_ text: String) { ReportEscaping.writeHTML(text, to: &sink) }
    sink.write(
      "<tr data-outcome=\"\(finding.outcome.rawValue)\" data-severity=\"\(finding.severity.rawValue)\">")
    sink.write("<td data-sort=\"\(severityRank)\"><span class=\"sev sev-\(finding.severity.rawValue)\">")
    e(finding.severity.label[l])
    sink.write(
      "</span></td><td data-sort=\"\(outcomeRank)\"><span class=\"badge o-\(finding.outcome.rawValue)\">")
    e(ReportStrings.label(finding.outcome)[l])
    sink.write("</span></td><td class=\"nowrap\">")
    e(finding.clauseID)
    sink.write("</td><td><span class=\"rule-id\">")
    e(rule.id)
    sink.write("</span><br><span class=\"rule-title\">")
    e(rule.title[l])
    sink.write("</span></td><td class=\"subject\">")
    e(finding.subject)
    if let period = finding.period {
      sink.write("<br><span class=\"muted\">")
      e(period)
      sink.write("</span>")
    }
    sink.write("</td><td>")
    e(finding.group ?? "")
    sink.write("</td>")
    if let time = finding.time {
      sink.write("<td data-sort=\"")
      sink.write(integer: Int(time.milliseconds))
      sink.write("\" class=\"nowrap\">")
      sink.write(facts.clock.minute(time))
      sink.write("</td>")
    } else {
      sink.write("<td data-sort=\"0\"></td>")
    }
    sink.write("<td class=\"details\">")
    writeDetails(finding, rule: rule, facts: facts, language: l, scratch: &scratch, to: &sink)
    sink.write("</td></tr>\n")
  }

  /// The expandable cell: the actual value as summary; expected vs actual, deadline, evidence,
  /// waiver and assumptions inside.
  private func writeDetails(
    _ finding: borrowing Finding, rule: RuleSummary, facts: ReportFacts, language l: Language,
    scratch: inout ReportSink, to sink: inout ReportSink
  ) {
    func e(_ text: String) { ReportEscaping.writeHTML(text, to: &sink) }
    /// `<dt>label</dt><dd…>` then what `value` writes into the scratch buffer, escaped.
    func fact(_ label: LocalizedText, opening: StaticString = "<dd>", _ value: (inout ReportSink) -> Void) {
      sink.write("<dt>")
      e(label[l])
      sink.write("</dt>")
      sink.write(opening)
      scratch.removeAll()
      value(&scratch)
      scratch.withUnsafeBytes { ReportEscaping.writeHTML($0, to: &sink) }
      sink.write("</dd>")
    }
    // Chinese reports name fields by the data's own (Chinese) headers; English ones keep the
    // field names, which read better there than a Chinese header would.
    let labels = l == .zh ? facts.options.fieldLabels : [:]
    let actual = ReportFacts.peopleText(finding.actual[l], labels: labels)
    let expected = ReportFacts.peopleText(finding.expected[l], labels: labels)
    sink.write("<details><summary>")
    e(actual.text)
    if !finding.assumedParameters.isEmpty {
      sink.write(" <span class=\"assumed\">⚠ ")
      e(ReportStrings.assumed[l])
      sink.write(": ")
      scratch.removeAll()
      ReportFacts.writeAssumed(finding, rule: rule, to: &scratch)
      scratch.withUnsafeBytes { ReportEscaping.writeHTML($0, to: &sink) }
      sink.write("</span>")
    }
    sink.write("</summary><dl class=\"facts\">")
    fact(ReportStrings.expected) { $0.write(expected.text) }
    fact(ReportStrings.actual) { $0.write(actual.text) }
    if let due = finding.deadline?.due { fact(ReportStrings.due) { $0.write(facts.clock.minute(due)) } }
    var explanation: [UInt8] = []
    ReportFacts.withExplanation(finding, l, scratch: &explanation) { text in
      fact(ReportStrings.deadline) { $0.write(text) }
    }
    if let gap = finding.calendarGap {
      fact(ReportStrings.calendarGap, opening: "<dd class=\"assumed\">⚠ ") { $0.write(gap.text(l)) }
    }
    if let penalty = finding.penalty {
      fact(ReportStrings.penalty) { ReportFacts.writePenalty(penalty, language: l, to: &$0) }
    }
    if let waiver = finding.waiver {
      fact(ReportStrings.waiver) { $0.write(ReportFacts.waiverText(waiver, language: l)) }
    }
    if !finding.assumedParameters.isEmpty {
      fact(ReportStrings.assumed, opening: "<dd class=\"assumed\">⚠ ") {
        ReportFacts.writeAssumed(finding, rule: rule, to: &$0)
      }
    }
    sink.write("<dt>")
    e(ReportStrings.fingerprint[l])
    sink.write("</dt><dd><code>")
    ReportFacts.writeFingerprint(finding, to: &sink) { ReportEscaping.writeHTML($1, to: &$0) }
    sink.write("</code></dd></dl>")
    // The rule's own text, expressions and field names as written, for whoever checks the rule.
    if expected.hadExpression || actual.hadExpression || expected.text != finding.expected[l]
      || actual.text != finding.actual[l]
    {
      sink.write("<details class=\"rule\"><summary>")
      e(ReportStrings.rule[l])
      sink.write("</summary><dl class=\"facts\"><dt>")
      e(ReportStrings.expected[l])
      sink.write("</dt><dd><code>")
      e(finding.expected[l])
      sink.write("</code></dd><dt>")
      e(ReportStrings.actual[l])
      sink.write("</dt><dd><code>")
      e(finding.actual[l])
      sink.write("</code></dd></dl></details>")
    }
    if !finding.evidence.isEmpty {
      sink.write("<ol class=\"evidence\">")
      for evidence in finding.evidence {
        sink.write("<li><code>")
        e(evidence.location)
        sink.write("</code> ")
        e(evidence.label)
        if let time = evidence.time {
          sink.write(" <span class=\"muted\">")
          sink.write(facts.clock.minute(time))
          sink.write("</span>")
        }
        if let resource = evidence.resource, !resource.isEmpty {
          sink.write(" <span class=\"muted\">(")
          e(resource)
          sink.write(")</span>")
        }
        sink.write("</li>")
      }
      sink.write("</ol>")
    }
    sink.write("</details>")
  }

  private func writeMetrics(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    let metricRules = facts.result.rules.filter { !$0.metricRows.isEmpty }
    guard !metricRules.isEmpty else { return }
    sink.write("<section class=\"panel\">\n<h2>\(h(ReportStrings.metricRows[l]))</h2>\n")
    for ruleResult in metricRules {
      sink.write(
        "<h3><span class=\"rule-id\">\(h(ruleResult.rule.id))</span> \(h(ruleResult.rule.title[l]))</h3>\n")
      sink.write("<table class=\"metric\"><thead><tr><th>\(h(LocalizedText(zh: "期间", en: "Period")[l]))</th>")
      sink.write("<th>\(h(ReportStrings.group[l]))</th><th>\(h(ReportStrings.value[l]))</th><th>n</th>")
      sink.write("<th>\(h(ReportStrings.target[l]))</th><th>\(h(ReportStrings.met[l]))</th>")
      sink.write("<th>\(h(ReportStrings.casesAgainst[l]))</th></tr></thead><tbody>\n")
      for row in ruleResult.metricRows {
        sink.write(
          "<tr><td>\(h(row.period))</td><td>\(h(row.group))</td><td>\(h(ReportFacts.metricValueText(row)))</td>"
        )
        sink.write("<td>\(row.numerator)/\(row.denominator)</td><td>\(h(row.target))</td>")
        sink.write("<td><span class=\"badge o-\(row.met ? "passed" : "violated")\">")
        sink.write("\(h((row.met ? ReportStrings.yes : ReportStrings.no)[l]))</span></td>")
        sink.write("<td>\(h(row.againstCases.joined(separator: ", ")))</td></tr>\n")
      }
      sink.write("</tbody></table>\n")
    }
    sink.write("</section>\n")
  }

  private func writeAppendix(_ facts: ReportFacts, language l: Language, to sink: inout ReportSink) {
    let h = ReportEscaping.html
    let result = facts.result
    sink.write("")
    if !result.rejections.isEmpty {
      sink.write(
        "<section class=\"panel\">\n<h2>\(h(ReportStrings.rejectedRows[l])) (\(result.rejections.count))</h2>\n<ul class=\"plain\">\n"
      )
      for rejection in result.rejections {
        sink.write("<li><code>\(h(facts.rejectionText(rejection)))</code></li>\n")
      }
      sink.write("</ul>\n</section>\n")
    }
    if !result.expiredWaivers.isEmpty {
      sink.write(
        "<section class=\"panel\">\n<h2>\(h(ReportStrings.expiredWaivers[l]))</h2>\n<ul class=\"plain\">\n")
      for waiver in result.expiredWaivers {
        sink.write("<li>\(h(ReportFacts.waiverText(waiver, language: l)))</li>\n")
      }
      sink.write("</ul>\n</section>\n")
    }
  }
}

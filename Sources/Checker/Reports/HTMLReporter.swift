import PolicyRules

/// One self-contained HTML page: run information, charts as inline SVG, and a findings table that
/// is plain HTML (sortable and filterable when scripts run). No network access of any kind:
/// styles and script are inline and a Content-Security-Policy forbids loading anything.
public struct HTMLReporter: Reporter {
  public static let name = "html"
  public static let fileExtension = "html"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    let h = ReportEscaping.html
    var out =
      "<!DOCTYPE html>\n<html lang=\"\(l == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    out += "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
    out += "<meta name=\"generator\" content=\"policy-check \(h(result.toolVersion))\">\n"
    out += "<title>\(h(ReportStrings.reportTitle[l])) · policy-check</title>\n"
    out += "<style>\n\(HTMLReporter.styleSheet)</style>\n</head>\n<body>\n"
    out += header(facts, language: l)
    out += cards(facts, language: l)
    out += charts(facts, language: l)
    out += clauseChart(facts, language: l)
    if let history = options.history { out += self.history(history, facts, language: l) }
    out += groupTable(facts, language: l)
    out += mostViolated(facts, language: l)
    out += findingsTable(facts, language: l)
    out += metrics(facts, language: l)
    out += notExercised(facts, language: l)
    out += appendix(facts, language: l)
    out += "<footer>policy-check \(h(result.toolVersion)) · \(h(ReportStrings.asOf[l])) "
    out += "\(facts.clock.minuteText(result.asOf)) (\(h(options.timeZoneIdentifier)))</footer>\n"
    out += "<script>\n\(HTMLReporter.script)</script>\n</body>\n</html>\n"
    return out
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

  private func header(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    let result = facts.result
    var out = "<header>\n<h1>\(h(ReportStrings.reportTitle[l]))</h1>\n<dl class=\"run\">\n"
    let items: [(LocalizedText, String)] = [
      (ReportStrings.period, facts.periodText(l)),
      (ReportStrings.asOf, facts.clock.minuteText(result.asOf)),
      (ReportStrings.timeZone, facts.clock.timeZoneIdentifier),
      (ReportStrings.ruleFiles, ReportFacts.fileSummary(result.ruleFiles, l)),
      (ReportStrings.dataFiles, ReportFacts.fileSummary(result.dataFiles, l)),
      (ReportStrings.toolVersion, "policy-check \(result.toolVersion)"),
    ]
    for (label, value) in items { out += "<div><dt>\(h(label[l]))</dt><dd>\(h(value))</dd></div>\n" }
    return out + "</dl>\n</header>\n"
  }

  private func cards(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    let result = facts.result
    let totals = result.totals
    var out = "<section class=\"cards\">\n"
    func card(_ label: String, _ value: String, _ note: String = "", colour: String? = nil) {
      let style = colour.map { " style=\"border-top-color:\($0)\"" } ?? ""
      out +=
        "<div class=\"card\"\(style)><div class=\"k\">\(h(label))</div><div class=\"v\">\(h(value))</div>"
      out += note.isEmpty ? "</div>\n" : "<div class=\"n\">\(h(note))</div></div>\n"
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
    return out + "</section>\n"
  }

  /// The rules that applied to no case, listed apart (their — is no compliance figure).
  private func notExercised(_ facts: ReportFacts, language l: Language) -> String {
    let rules = facts.result.notExercised
    guard !rules.isEmpty else { return "" }
    let h = ReportEscaping.html
    var out = "<section id=\"not-exercised\">\n<h2>\(h(ReportStrings.notExercisedRules[l]))</h2>\n<ul>\n"
    for rule in rules { out += "<li>\(h(ReportFacts.notExercisedText(rule.rule, language: l)))</li>\n" }
    return out + "</ul>\n</section>\n"
  }

  private func charts(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    var out = "<section class=\"charts\">\n"
    func figure(_ title: String, _ body: String) {
      out += "<figure class=\"panel\"><figcaption>\(h(title))</figcaption>\n\(body)\n</figure>\n"
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
    return out + "</section>\n"
  }

  /// Judgements below which a clause's rate is drawn neutral and hatched: too few to colour.
  static let smallSample = 5

  /// Compliance by clause as HTML rows: worst first (ascending compliance, then more violations)
  /// within each domain (the catalogue part of the clause id, `S2`), each labelled with its
  /// document and article; the script offers catalogue order. A clause with fewer than
  /// `smallSample` judgements is drawn hatched, not coloured as a rate.
  private func clauseChart(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    let judgedSections = facts.sections.enumerated().filter { $0.element.counts.complianceRate != nil }
    guard !judgedSections.isEmpty else { return "" }
    var out =
      "<section class=\"panel\" id=\"clause-chart\">\n<h2>\(h(ReportStrings.complianceByClause[l]))</h2>\n"
    out += "<p class=\"note\">\(h(ReportStrings.clauseChartNote(Self.smallSample)[l])) "
    out +=
      "<button type=\"button\" id=\"clause-order\" hidden data-worst=\"\(h(ReportStrings.worstFirst[l]))\" "
    out +=
      "data-catalogue=\"\(h(ReportStrings.catalogueOrder[l]))\">\(h(ReportStrings.catalogueOrder[l]))</button></p>\n"
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
      out += "<div class=\"domain\"><h3>\(h(name))</h3>\n<ol class=\"clauses\">\n"
      for (rank, (index, section)) in rows.enumerated() {
        let counts = section.counts
        let judged = counts.passed + counts.violated
        let rate = counts.complianceRate ?? 0
        let small = judged < Self.smallSample
        let width = Int((rate * 1000).rounded()) / 10
        let place = [section.clause.document, section.clause.article].filter { !$0.isEmpty }.joined(
          separator: " ")
        out += "<li data-worst=\"\(rank)\" data-catalogue=\"\(index)\"\(small ? " class=\"small\"" : "")>"
        out += "<span class=\"cl\"><b>\(h(section.clause.id))</b> \(h(place))</span>"
        out +=
          "<span class=\"bar\"><span style=\"width:\(width)%;background:\(small ? "#9aa5b1" : HTMLReporter.rateColour(rate))\"></span></span>"
        out += "<span class=\"rate\">\(h(ReportFacts.percentText(counts.complianceRate)))</span>"
        out +=
          "<span class=\"n\">\(counts.passed)/\(judged)\(small ? " · " + h(ReportStrings.fewJudgements[l]) : "")</span></li>\n"
      }
      out += "</ol></div>\n"
    }
    return out + "</section>\n"
  }

  /// Judgements per group: compliance (as for clauses, with its bar; fewer than `smallSample`
  /// judgements hatched), then passed, violated, pending, unverifiable, waived.
  private func groupTable(_ facts: ReportFacts, language l: Language) -> String {
    let groups = facts.outcomesByGroup
    guard !groups.isEmpty else { return "" }
    let h = ReportEscaping.html
    let outcomes: [Outcome] = [.passed, .violated, .pending, .unverifiable, .waived]
    var out = "<section class=\"panel\" id=\"groups\">\n<h2>\(h(ReportStrings.judgementsByGroup[l]))</h2>\n"
    out += "<table class=\"metric\"><thead><tr><th>\(h(ReportStrings.group[l]))</th>"
    out += "<th>\(h(ReportStrings.compliance[l]))</th>"
    for outcome in outcomes { out += "<th>\(h(ReportStrings.label(outcome)[l]))</th>" }
    out += "</tr></thead><tbody>\n"
    for (group, counts) in groups {
      out += "<tr><td>\(h(group ?? ReportStrings.noGroup[l]))</td>"
      out += "<td>\(rateCell(counts))</td>"
      for value in [counts.passed, counts.violated, counts.pending, counts.unverifiable, counts.waived] {
        out += "<td>\(value)</td>"
      }
      out += "</tr>\n"
    }
    return out + "</tbody></table>\n</section>\n"
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
  private func mostViolated(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    var out = "<section class=\"panel\">\n<h2>\(h(ReportStrings.needAttention[l]))</h2>\n"
    let top = facts.clausesNeedingAttention()
    if top.isEmpty { return out + "<p class=\"empty\">\(h(ReportStrings.noViolations[l]))</p>\n</section>\n" }
    out += "<ol class=\"top\">\n"
    for item in top {
      let section = item.section
      let counts = section.counts
      out += "<li><span class=\"clause\">\(h(section.clause.id))</span> \(h(section.clause.document)) "
      out +=
        "\(h(section.clause.article)) <span class=\"count\">\(h(ReportFacts.percentText(counts.complianceRate))) · "
      out += "\(counts.violated)/\(counts.passed + counts.violated) \(h(ReportStrings.violated[l])) · "
      out +=
        "\(h(item.severity.label[l])) · \(h(ReportStrings.score[l])) \(ReportFacts.scoreText(item.score))</span>"
      if !section.clause.quote.isEmpty { out += "<blockquote>\(h(section.clause.quote))</blockquote>" }
      out += "</li>\n"
    }
    return out + "</ol>\n</section>\n"
  }

  /// Rows of the findings table before it is capped.
  static let maxTableRows = 5_000

  private func findingsTable(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    // Places, not copies: a year's audit has 100,000+ findings, and the table shows 5,000.
    var places = facts.findingPlaces
    let total = places.count
    var out = "<section class=\"panel\">\n<h2>\(h(ReportStrings.findings[l])) (\(total))</h2>\n"
    if places.isEmpty {
      return out + "<p class=\"empty\">\(h(ReportStrings.noFindings[l]))</p>\n</section>\n"
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
      out += "<p class=\"note\">\(h(ReportStrings.tableCapped(Self.maxTableRows, total)[l]))</p>\n"
    }
    // Controls stay hidden until the script runs: without scripts the table is simply static.
    out += "<div id=\"controls\" class=\"controls\" hidden>"
    out +=
      "<input id=\"filter-text\" type=\"search\" placeholder=\"\(h(ReportStrings.filterPlaceholder[l]))\">"
    out += "<select id=\"filter-outcome\"><option value=\"\">\(h(ReportStrings.allOutcomes[l]))</option>"
    for outcome in [Outcome.violated, .waived, .pending, .unverifiable] {
      out += "<option value=\"\(outcome.rawValue)\">\(h(ReportStrings.label(outcome)[l]))</option>"
    }
    out +=
      "</select><select id=\"filter-severity\"><option value=\"\">\(h(ReportStrings.allSeverities[l]))</option>"
    for severity in Severity.allCases.reversed() {
      out += "<option value=\"\(severity.rawValue)\">\(h(severity.label[l]))</option>"
    }
    out +=
      "</select><span class=\"shown\"><span id=\"shown-count\">\(places.count)</span> / \(places.count) "
    out += "\(h(ReportStrings.shown[l]))</span></div>\n"
    out += "<table id=\"findings\">\n<thead><tr>"
    for label in [
      ReportStrings.severity, ReportStrings.outcome, ReportStrings.clause, ReportStrings.rule,
      ReportStrings.subject, ReportStrings.group, ReportStrings.time, ReportStrings.details,
    ] {
      out += "<th scope=\"col\">\(h(label[l]))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    let severityRank = Dictionary(uniqueKeysWithValues: Severity.allCases.enumerated().map { ($1, $0) })
    let outcomeRank = Dictionary(uniqueKeysWithValues: Outcome.allCases.enumerated().map { ($1, $0) })
    for place in places {
      // A copy of each shown finding only (5,000 at most).
      let (rule, finding) = facts.withFinding(at: place) { ($0, $1.pointee) }
      out +=
        "<tr data-outcome=\"\(finding.outcome.rawValue)\" data-severity=\"\(finding.severity.rawValue)\">"
      out +=
        "<td data-sort=\"\(severityRank[finding.severity] ?? 0)\"><span class=\"sev sev-\(finding.severity.rawValue)\">"
      out += "\(h(finding.severity.label[l]))</span></td>"
      out +=
        "<td data-sort=\"\(outcomeRank[finding.outcome] ?? 0)\"><span class=\"badge o-\(finding.outcome.rawValue)\">"
      out += "\(h(ReportStrings.label(finding.outcome)[l]))</span></td>"
      out += "<td class=\"nowrap\">\(h(finding.clauseID))</td>"
      out +=
        "<td><span class=\"rule-id\">\(h(rule.id))</span><br><span class=\"rule-title\">\(h(rule.title[l]))</span></td>"
      var subject = h(finding.subject)
      if let period = finding.period { subject += "<br><span class=\"muted\">\(h(period))</span>" }
      out += "<td class=\"subject\">\(subject)</td>"
      out += "<td>\(h(finding.group ?? ""))</td>"
      if let time = finding.time {
        out += "<td data-sort=\"\(time.milliseconds)\" class=\"nowrap\">\(facts.clock.minuteText(time))</td>"
      } else {
        out += "<td data-sort=\"0\"></td>"
      }
      out += "<td class=\"details\">\(details(finding, rule: rule, facts: facts, language: l))</td></tr>\n"
    }
    return out + "</tbody>\n</table>\n</section>\n"
  }

  /// The expandable cell: the actual value as summary; expected vs actual, deadline, evidence,
  /// waiver and assumptions inside.
  private func details(_ finding: Finding, rule: RuleSummary, facts: ReportFacts, language l: Language)
    -> String
  {
    let h = ReportEscaping.html
    // Chinese reports name fields by the data's own (Chinese) headers; English ones keep the
    // field names, which read better there than a Chinese header would.
    let labels = l == .zh ? facts.options.fieldLabels : [:]
    let actual = ReportFacts.peopleText(finding.actual[l], labels: labels)
    let expected = ReportFacts.peopleText(finding.expected[l], labels: labels)
    var out = "<details><summary>\(h(actual.text))"
    if let note = ReportFacts.assumedNote(finding, rule: rule, language: l) {
      out += " <span class=\"assumed\">\(h(note))</span>"
    }
    out += "</summary><dl class=\"facts\">"
    out += "<dt>\(h(ReportStrings.expected[l]))</dt><dd>\(h(expected.text))</dd>"
    out += "<dt>\(h(ReportStrings.actual[l]))</dt><dd>\(h(actual.text))</dd>"
    if let due = finding.deadline?.due {
      out += "<dt>\(h(ReportStrings.due[l]))</dt><dd>\(facts.clock.minuteText(due))</dd>"
    }
    if let explanation = finding.deadlineExplanation {
      out += "<dt>\(h(ReportStrings.deadline[l]))</dt><dd>\(h(explanation[l]))</dd>"
    }
    if let gap = finding.calendarGap {
      out += "<dt>\(h(ReportStrings.calendarGap[l]))</dt><dd class=\"assumed\">⚠ \(h(gap.text(l)))</dd>"
    }
    if let penalty = finding.penalty {
      out +=
        "<dt>\(h(ReportStrings.penalty[l]))</dt><dd>\(h(ReportFacts.penaltyText(penalty, language: l)))</dd>"
    }
    if let waiver = finding.waiver {
      out +=
        "<dt>\(h(ReportStrings.waiver[l]))</dt><dd>\(h(ReportFacts.waiverText(waiver, language: l)))</dd>"
    }
    if let assumed = ReportFacts.assumedText(finding, rule: rule) {
      out += "<dt>\(h(ReportStrings.assumed[l]))</dt><dd class=\"assumed\">⚠ \(h(assumed))</dd>"
    }
    out += "<dt>\(h(ReportStrings.fingerprint[l]))</dt><dd><code>\(h(finding.fingerprint))</code></dd>"
    out += "</dl>"
    // The rule's own text, expressions and field names as written, for whoever checks the rule.
    if expected.hadExpression || actual.hadExpression || expected.text != finding.expected[l]
      || actual.text != finding.actual[l]
    {
      out += "<details class=\"rule\"><summary>\(h(ReportStrings.rule[l]))</summary><dl class=\"facts\">"
      out += "<dt>\(h(ReportStrings.expected[l]))</dt><dd><code>\(h(finding.expected[l]))</code></dd>"
      out +=
        "<dt>\(h(ReportStrings.actual[l]))</dt><dd><code>\(h(finding.actual[l]))</code></dd></dl></details>"
    }
    if !finding.evidence.isEmpty {
      out += "<ol class=\"evidence\">"
      for evidence in finding.evidence {
        out += "<li><code>\(h(ReportFacts.locationText(evidence)))</code> \(h(evidence.label))"
        if let time = evidence.time { out += " <span class=\"muted\">\(facts.clock.minuteText(time))</span>" }
        if let resource = evidence.resource, !resource.isEmpty {
          out += " <span class=\"muted\">(\(h(resource)))</span>"
        }
        out += "</li>"
      }
      out += "</ol>"
    }
    return out + "</details>"
  }

  private func metrics(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    let metricRules = facts.result.rules.filter { !$0.metricRows.isEmpty }
    guard !metricRules.isEmpty else { return "" }
    var out = "<section class=\"panel\">\n<h2>\(h(ReportStrings.metricRows[l]))</h2>\n"
    for ruleResult in metricRules {
      out +=
        "<h3><span class=\"rule-id\">\(h(ruleResult.rule.id))</span> \(h(ruleResult.rule.title[l]))</h3>\n"
      out += "<table class=\"metric\"><thead><tr><th>\(h(LocalizedText(zh: "期间", en: "Period")[l]))</th>"
      out += "<th>\(h(ReportStrings.group[l]))</th><th>\(h(ReportStrings.value[l]))</th><th>n</th>"
      out += "<th>\(h(ReportStrings.target[l]))</th><th>\(h(ReportStrings.met[l]))</th>"
      out += "<th>\(h(ReportStrings.casesAgainst[l]))</th></tr></thead><tbody>\n"
      for row in ruleResult.metricRows {
        out +=
          "<tr><td>\(h(row.period))</td><td>\(h(row.group))</td><td>\(h(ReportFacts.metricValueText(row)))</td>"
        out += "<td>\(row.numerator)/\(row.denominator)</td><td>\(h(row.target))</td>"
        out += "<td><span class=\"badge o-\(row.met ? "passed" : "violated")\">"
        out += "\(h((row.met ? ReportStrings.yes : ReportStrings.no)[l]))</span></td>"
        out += "<td>\(h(row.againstCases.joined(separator: ", ")))</td></tr>\n"
      }
      out += "</tbody></table>\n"
    }
    return out + "</section>\n"
  }

  private func appendix(_ facts: ReportFacts, language l: Language) -> String {
    let h = ReportEscaping.html
    let result = facts.result
    var out = ""
    if !result.rejections.isEmpty {
      out +=
        "<section class=\"panel\">\n<h2>\(h(ReportStrings.rejectedRows[l])) (\(result.rejections.count))</h2>\n<ul class=\"plain\">\n"
      for rejection in result.rejections {
        out += "<li><code>\(h(facts.rejectionText(rejection)))</code></li>\n"
      }
      out += "</ul>\n</section>\n"
    }
    if !result.expiredWaivers.isEmpty {
      out +=
        "<section class=\"panel\">\n<h2>\(h(ReportStrings.expiredWaivers[l]))</h2>\n<ul class=\"plain\">\n"
      for waiver in result.expiredWaivers {
        out += "<li>\(h(ReportFacts.waiverText(waiver, language: l)))</li>\n"
      }
      out += "</ul>\n</section>\n"
    }
    return out
  }
}

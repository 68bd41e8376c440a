import PolicyRules

/// The HTML report's history from a results store (`audit --store`): compliance per clause
/// month over month, violations new and resolved since the previous period, repeat offenders.
/// Only with a store: without one the page is as it always was.
extension HTMLReporter {
  /// Subjects of a rule (new, resolved) and repeat offenders listed before a "… +N" note.
  static let historyRows = 200

  func writeHistory(
    _ history: StoreHistory, _ facts: ReportFacts, language l: Language, to sink: inout ReportSink
  ) {
    let h = ReportEscaping.html
    let words = HistoryStrings.self
    sink.write("<section class=\"panel\" id=\"history\">\n<h2>\(h(words.title[l]))</h2>\n")
    // Styles of this section only, here so the page without a store keeps its bytes.
    sink.write(
      "<style>#history .sparks{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));")
    sink.write(
      "gap:10px 16px;margin-bottom:12px}#history figure{margin:0}#history figcaption{font-size:13px;")
    sink.write("margin:0 0 2px}#history .up{color:#2e7d32}#history .down{color:#c62828}</style>\n")
    let periods = history.trend.series.flatMap { $0.points.map(\.period) }
    let count = Set(periods.map(\.runID)).count
    sink.write("<p class=\"note\">\(h(words.periodsNote(count, history.current.label)[l]))</p>\n")
    sink.write("<div class=\"sparks\">\n")
    for series in history.trend.series {
      guard let last = series.points.last, last.period.runID == history.current.runID else { continue }
      let change = last.change.map { change -> String in
        let text = TrendReport.pointsText(change)
        let style = change > 0.0005 ? "up" : change < -0.0005 ? "down" : "muted"
        return " <span class=\"\(style)\">\(h(text))</span>"
      }
      sink.write("<figure><figcaption><b>\(h(series.id))</b> \(h(ReportFacts.percentText(last.rate)))")
      sink.write("\(change ?? "")</figcaption>\n")
      sink.write(
        SVGChart.rateLine(
          series.points.map { ($0.period.label, $0.rate) },
          title:
            "\(series.id): \(words.complianceWord[l]) \(series.points.map { "\($0.period.label) \(ReportFacts.percentText($0.rate))" }.joined(separator: ", "))"
        ))
      sink.write("\n</figure>\n")
    }
    sink.write("</div>\n")
    if let previous = history.previous {
      sink.write(
        identityTable(
          words.newSince(previous.label, history.new.count)[l], history.new, facts: facts, language: l))
      sink.write(
        identityTable(
          words.resolvedSince(previous.label, history.resolved.count)[l], history.resolved, facts: facts,
          language: l))
    } else {
      sink.write("<p class=\"note\">\(h(words.noPrevious[l]))</p>\n")
    }
    sink.write("<h3>\(h(words.repeatTitle(StoreHistory.repeatThreshold)[l]))</h3>\n")
    let offenders =
      history.repeatSubjects.map { ($0, words.subjectWord[l]) }
      + history.repeatGroups.map { ($0, words.groupWord[l]) }
    if offenders.isEmpty {
      sink.write("<p class=\"empty\">\(h(words.noRepeat[l]))</p>\n")
    } else {
      sink.write("<table><thead><tr><th>\(h(words.ruleWord[l]))</th><th>\(h(words.whoWord[l]))</th>")
      sink.write("<th></th><th>\(h(words.periodsWord[l]))</th></tr></thead><tbody>\n")
      for (offender, kind) in offenders.prefix(Self.historyRows) {
        sink.write("<tr><td class=\"rule-id\">\(h(offender.identity.ruleID))</td>")
        sink.write(
          "<td class=\"subject\">\(h(offender.identity.subject))</td><td class=\"muted\">\(h(kind))</td>")
        sink.write("<td>\(offender.periods)</td></tr>\n")
      }
      sink.write("</tbody></table>\n")
      sink.write(more(offenders.count, language: l))
    }
    sink.write("</section>\n")
  }

  /// Identities grouped by rule: one row per rule with its count and subjects (the first
  /// `historyRows` of them; the store has them all).
  private func identityTable(
    _ title: String, _ identities: [FindingIdentity], facts: ReportFacts, language l: Language
  ) -> String {
    let h = ReportEscaping.html
    var out = "<h3>\(h(title))</h3>\n"
    guard !identities.isEmpty else { return out + "<p class=\"empty\">—</p>\n" }
    let titles = Dictionary(facts.result.rules.map { ($0.rule.id, $0.rule.title[l]) }) { a, _ in a }
    var order: [String] = []
    var subjects: [String: [String]] = [:]
    for identity in identities {
      if subjects[identity.ruleID] == nil { order.append(identity.ruleID) }
      subjects[identity.ruleID, default: []].append(identity.subject)
    }
    out += "<table><thead><tr><th>\(h(HistoryStrings.ruleWord[l]))</th><th></th>"
    out += "<th>\(h(HistoryStrings.subjectWord[l]))</th></tr></thead><tbody>\n"
    for rule in order {
      let list = subjects[rule]!
      out += "<tr><td><span class=\"rule-id\">\(h(rule))</span>"
      if let title = titles[rule] { out += "<div class=\"rule-title\">\(h(title))</div>" }
      out += "</td><td>\(list.count)</td><td class=\"subject\" style=\"max-width:none\">"
      out += h(list.prefix(Self.historyRows).joined(separator: ", "))
      out += "\(list.count > Self.historyRows ? " … +\(list.count - Self.historyRows)" : "")</td></tr>\n"
    }
    return out + "</tbody></table>\n"
  }

  private func more(_ count: Int, language l: Language) -> String {
    count > Self.historyRows
      ? "<p class=\"note\">… +\(count - Self.historyRows) (\(ReportEscaping.html(HistoryStrings.storeHasAll[l])))</p>\n"
      : ""
  }
}

extension SVGChart {
  /// A small line of compliance rates over periods, a dot per period, the last one labelled;
  /// a period without a rate breaks the line. The scale runs from 100 % down to a round tenth
  /// below the lowest rate (both ends labelled), so a move of a point or two shows.
  static func rateLine(_ points: [(label: String, rate: Double?)], title: String, width: Int = 250) -> String
  {
    let height = 64
    let left = 34
    let right = 48
    let top = 6
    let bottom = 18
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let lowest = points.compactMap(\.rate).min() ?? 0
    let floor = max(
      0, min(0.9, (lowest * 10).rounded(.down) / 10 - (lowest * 10 == (lowest * 10).rounded(.down) ? 0.1 : 0))
    )
    let step = points.count > 1 ? Double(plotWidth) / Double(points.count - 1) : 0
    func x(_ k: Int) -> Int {
      left + Int((Double(k) * step).rounded()) + (points.count == 1 ? plotWidth / 2 : 0)
    }
    func y(_ rate: Double) -> Int { top + Int(((1 - rate) / (1 - floor) * Double(plotHeight)).rounded()) }
    var out =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
    out += " xmlns=\"http://www.w3.org/2000/svg\"><title>\(ReportEscaping.html(title))</title>"
    out += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left + plotWidth)\" y2=\"\(top)\"/>"
    out +=
      "<line class=\"grid\" x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\"/>"
    out += "<text class=\"tick\" x=\"\(left - 4)\" y=\"\(top + 4)\" text-anchor=\"end\">100%</text>"
    out +=
      "<text class=\"tick\" x=\"\(left - 4)\" y=\"\(top + plotHeight + 4)\" text-anchor=\"end\">\(Int((floor * 100).rounded()))%</text>"
    var runs: [[String]] = [[]]
    for (k, point) in points.enumerated() {
      guard let rate = point.rate else {
        runs.append([])
        continue
      }
      runs[runs.count - 1].append("\(x(k)),\(y(rate))")
    }
    for run in runs where run.count > 1 {
      out +=
        "<polyline fill=\"none\" stroke=\"#2f5d9e\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>"
    }
    for (k, point) in points.enumerated() {
      guard let rate = point.rate else { continue }
      out += "<circle cx=\"\(x(k))\" cy=\"\(y(rate))\" r=\"3\" fill=\"\(HTMLReporter.rateColour(rate))\">"
      out +=
        "<title>\(ReportEscaping.html("\(point.label): \(ReportFacts.percentText(rate))"))</title></circle>"
    }
    if let first = points.first {
      out +=
        "<text class=\"tick\" x=\"\(left)\" y=\"\(height - 4)\">\(ReportEscaping.html(first.label))</text>"
    }
    if points.count > 1, let last = points.last {
      out +=
        "<text class=\"tick\" x=\"\(left + plotWidth)\" y=\"\(height - 4)\" text-anchor=\"end\">\(ReportEscaping.html(last.label))</text>"
    }
    if let last = points.last, let rate = last.rate {
      out +=
        "<text class=\"value\" x=\"\(left + plotWidth + 6)\" y=\"\(y(rate) + 4)\">\(ReportEscaping.html(ReportFacts.percentText(rate)))</text>"
    }
    return out + "</svg>"
  }
}

/// The history section's words, in both languages.
enum HistoryStrings {
  static let title = LocalizedText(zh: "历次审计对比", en: "Month over month")
  static func periodsNote(_ count: Int, _ current: String) -> LocalizedText {
    LocalizedText(
      zh: "结果库中本规则集的 \(count) 个期间（截至 \(current)）的各条款合规率。",
      en:
        "Compliance per clause over \(count) stored \(count == 1 ? "period" : "periods") of these rules, up to \(current)."
    )
  }
  static let complianceWord = LocalizedText(zh: "合规率", en: "compliance")
  static func newSince(_ label: String, _ count: Int) -> LocalizedText {
    LocalizedText(zh: "较 \(label) 新增的违规（\(count)）", en: "New violations since \(label) (\(count))")
  }
  static func resolvedSince(_ label: String, _ count: Int) -> LocalizedText {
    LocalizedText(zh: "较 \(label) 已消除的违规（\(count)）", en: "Violations resolved since \(label) (\(count))")
  }
  static let noPrevious = LocalizedText(
    zh: "结果库中没有上一期间的审计：无法列出新增和已消除的违规。",
    en: "The store has no audit of the previous period: no new or resolved violations to list.")
  static func repeatTitle(_ n: Int) -> LocalizedText {
    LocalizedText(
      zh: "屡犯（连续 \(n) 个及以上期间违反同一规则）",
      en: "Repeat offenders (violating a rule in \(n) or more periods in a row)")
  }
  static let noRepeat = LocalizedText(zh: "无", en: "None")
  static let ruleWord = LocalizedText(zh: "规则", en: "Rule")
  static let subjectWord = LocalizedText(zh: "对象", en: "Subject")
  static let groupWord = LocalizedText(zh: "分组", en: "Group")
  static let whoWord = LocalizedText(zh: "对象或分组", en: "Subject or group")
  static let periodsWord = LocalizedText(zh: "连续期间数", en: "Periods in a row")
  static let storeHasAll = LocalizedText(zh: "完整列表见结果库", en: "the store has them all")
}

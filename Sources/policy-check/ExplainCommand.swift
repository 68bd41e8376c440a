import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// One case's timeline, each rule that applied, and why it passed, failed or is pending.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain how one case or subject was judged: timeline, rules, deadline derivations.")

  @Argument(
    help:
      "A case id, or any subject a report prints: CASE#2 (a case's second trigger), an entity or group of a periodic or metric rule, ENTITY@PERIOD."
  )
  var caseID: String

  @OptionGroup var rules: RuleOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var period: PeriodOptions

  @Option(help: "Language: zh or en.")
  var lang: Language = .zh

  @Flag(name: .customLong("all"), help: "Also list rules that do not apply to the case.")
  var showAll = false

  func run() throws {
    let library = try rules.load()
    let dataset = data.load(period: period)
    try DataOptions.refuseNothingToAudit(dataset)
    let zh = lang == .zh
    let table = dataset.table
    if let index = table.caseIndex(id: caseID) {
      explainCase(index, library: library, dataset: dataset)
      return
    }
    // `CASE#2`: the second trigger of a case (a reply rule judges each message of a thread).
    if let hash = caseID.lastIndex(of: "#"), let n = Int(caseID[caseID.index(after: hash)...]),
      let index = table.caseIndex(id: String(caseID[..<hash]))
    {
      let id = String(caseID[..<hash])
      Console.output(zh ? "\(caseID)：案例 \(id) 的第 \(n) 次触发" : "\(caseID): trigger \(n) of case \(id)")
      explainCase(index, library: library, dataset: dataset)
      return
    }
    try explainSubject(library: library, dataset: dataset)
  }

  /// An entity or group a periodic or metric rule judged (`社区卫生站A`, `社区卫生站A@2024-09-03`):
  /// the audit is run over the period, and every finding of that subject (in that period) shown.
  private func explainSubject(library: RuleLibrary, dataset: consuming Dataset) throws {
    let zh = lang == .zh
    let caseIDs = Array(dataset.table.caseIDs.prefix(100_000))
    let effective = try period.effective(for: dataset)
    let context = Audit.context(
      for: dataset, library: library, asOf: effective.cutOff, periodStart: effective.start,
      periodEnd: effective.end)
    let result = Audit(library: library, context: context, groupField: nil).run(dataset)
    func matches(_ subject: String, _ period: String?) -> [(RuleSummary, Finding)] {
      result.rules.flatMap { rule in
        rule.findings.filter { $0.subject == subject && (period == nil || $0.period == period) }.map {
          (rule.rule, $0)
        }
      }
    }
    // The whole text first: an entity may hold '@' (an e-mail address).
    var found = matches(caseID, nil)
    if found.isEmpty, let at = caseID.lastIndex(of: "@") {
      found = matches(String(caseID[..<at]), String(caseID[caseID.index(after: at)...]))
    }
    guard !found.isEmpty else {
      let subjects = Set(result.rules.flatMap { $0.findings.map(\.subject) })
      Console.error(
        "no case '\(caseID)' in the dataset and no finding of that subject"
          + Suggestions.didYouMean(caseID, in: caseIDs + subjects.sorted()))
      throw Exit.untrusted
    }
    Console.output(Self.subjectHeading(caseID, effective, zh))
    for (rule, finding) in found {
      let period = finding.period.map { "@\($0)" } ?? ""
      Console.output(
        "\n  \(Self.mark(finding.outcome)) \(rule.id)  \(finding.subject)\(period)  \(rule.title.text(lang)) — "
          + outcomeName(finding.outcome, zh))
      Console.output("      \(zh ? "要求" : "expected"): \(finding.expected.text(lang))")
      Console.output("      \(zh ? "实际" : "actual"): \(finding.actual.text(lang))")
      for evidence in finding.evidence {
        let place = evidence.file.isEmpty ? "" : "  \(evidence.location)"
        let when = evidence.time.map { "  \(effective.minuteText($0))" } ?? ""
        Console.output(
          "      · \(evidence.label)\(when)\(evidence.resource.map { "  (\($0))" } ?? "")\(place)")
      }
    }
  }

  /// `subject 社区卫生站A — period 2024-09-01 – 2024-09-30, cut-off 2024-10-08 00:00 (Asia/Shanghai)`
  private static func subjectHeading(_ subject: String, _ period: EffectivePeriod, _ zh: Bool) -> String {
    let cutOff = period.minuteText(period.cutOff)
    return zh
      ? "对象 \(subject) — 期间 \(period.startText) – \(period.lastDayText)，截止时点 \(cutOff)（\(period.timeZoneIdentifier)）"
      : "subject \(subject) — period \(period.startText) – \(period.lastDayText), cut-off \(cutOff) (\(period.timeZoneIdentifier))"
  }

  private static func mark(_ outcome: Outcome) -> String {
    switch outcome {
    case .passed: "✔"
    case .violated: "✘"
    case .pending: "…"
    case .unverifiable: "?"
    case .waived: "~"
    }
  }

  /// A case's timeline and every per-case rule's judgement of it.
  private func explainCase(_ index: Int, library: RuleLibrary, dataset: Dataset) {
    let item = dataset.table.row(index)
    let zone = dataset.timeZoneIdentifier
    let context = Audit.context(
      for: dataset, library: library, asOf: period.cutOff(timeZoneIdentifier: zone), periodStart: nil,
      periodEnd: nil)
    let engine = AuditEngine(rules: library.rules, context: context, threads: 1)
    let explanation = engine.explain(item, files: dataset.files)
    let zh = lang == .zh
    let clock = WorkCalendar.continuous(timeZoneIdentifier: zone)
    func time(_ t: Timestamp) -> String {
      let d = clock.civilDate(of: t)
      let m = clock.minuteOfDay(of: t)
      return "\(d) \(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
    }
    func place(_ source: SourceLocation) -> String { dataset.location(source) }
    Console.output("\(zh ? "案例" : "case") \(item.id) (\(item.recordType)) — \(place(item.source))")
    Console.output(zh ? "截止时点 \(time(context.asOf))（\(zone)）" : "cut-off \(time(context.asOf)) (\(zone))")
    Console.output(zh ? "\n时间线：" : "\ntimeline:")
    for event in item.events {
      let after = event.time > context.asOf ? (zh ? "  [截止后，不计]" : "  [after cut-off, ignored]") : ""
      Console.output(
        "  \(time(event.time))  \(event.activity)\(event.resource.map { "  (\($0))" } ?? "")  \(place(event.source))\(after)"
      )
    }
    let fields = zip(item.fields.schema.names, item.fields.values).filter { !$0.1.isNull }
    if !fields.isEmpty {
      Console.output(zh ? "\n字段：" : "\nfields:")
      for (name, value) in fields {
        let shown = value.timestamp.map(time) ?? value.description
        Console.output("  \(name) = \(shown)")
      }
    }
    Console.output(zh ? "\n规则：" : "\nrules:")
    var notApplicable = 0
    for line in explanation.lines {
      guard let outcome = line.outcome else {
        notApplicable += 1
        if showAll {
          Console.output("  ·  \(line.rule.id)  \(line.rule.title.text(lang)) — \(line.actual.text(lang))")
        }
        continue
      }
      let mark = Self.mark(outcome)
      let subject = line.subject == item.id ? "" : " [\(line.subject)]"
      Console.output(
        "  \(mark) \(line.rule.id)\(subject)  \(line.rule.title.text(lang)) — \(outcomeName(outcome, zh))")
      Console.output("      \(zh ? "要求" : "expected"): \(line.expected.text(lang))")
      Console.output("      \(zh ? "实际" : "actual"): \(line.actual.text(lang))")
      if let d = line.deadlineExplanation {
        Console.output("      \(zh ? "时限推算" : "deadline"): \(d.text(lang))")
      }
      if !line.rule.assumedParameters.isEmpty {
        let list = line.rule.assumedParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
          .joined(separator: ", ")
        Console.output("      \(zh ? "假定阈值" : "assumed"): \(list)")
      }
    }
    if notApplicable > 0 && !showAll {
      Console.output(
        zh
          ? "  （另有 \(notApplicable) 条规则不适用；--all 列出）"
          : "  (\(notApplicable) more rules do not apply; --all lists them)")
    }
    if !explanation.populationRules.isEmpty {
      Console.output(
        zh
          ? "\n另有 \(explanation.populationRules.count) 条规则按全部案例统计（周期、指标、分档），见 audit 报告"
          : "\n\(explanation.populationRules.count) rules are judged over all cases (periodic, metric, tiers); see the audit report"
      )
    }
  }

  private func outcomeName(_ outcome: Outcome, _ zh: Bool) -> String {
    switch outcome {
    case .passed: zh ? "通过" : "passed"
    case .violated: zh ? "违规" : "violated"
    case .pending: zh ? "待定" : "pending"
    case .unverifiable: zh ? "无法核实" : "unverifiable"
    case .waived: zh ? "已豁免" : "waived"
    }
  }
}

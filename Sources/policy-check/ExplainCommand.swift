import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// One case's timeline, each rule that applied, and why it passed, failed or is pending.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain how one case was judged: timeline, rules, deadline derivations.")

  @Argument(help: "The case id to explain.")
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
    let dataset = data.load()
    guard let index = dataset.table.caseIndex(id: caseID) else {
      let ids = dataset.table.caseIDs
      Console.error(
        "no case '\(caseID)' in the dataset\(Suggestions.didYouMean(caseID, in: Array(ids.prefix(100_000))))")
      throw Exit.untrusted
    }
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
    func place(_ source: SourceLocation) -> String {
      let file = Int(source.file) < dataset.files.count ? dataset.files[Int(source.file)] : "?"
      return "\(file):\(source.line)"
    }
    print("\(zh ? "案例" : "case") \(item.id) (\(item.recordType)) — \(place(item.source))")
    print(zh ? "截止时点 \(time(context.asOf))（\(zone)）" : "cut-off \(time(context.asOf)) (\(zone))")
    print(zh ? "\n时间线：" : "\ntimeline:")
    for event in item.events {
      let after = event.time > context.asOf ? (zh ? "  [截止后，不计]" : "  [after cut-off, ignored]") : ""
      print(
        "  \(time(event.time))  \(event.activity)\(event.resource.map { "  (\($0))" } ?? "")  \(place(event.source))\(after)"
      )
    }
    let fields = zip(item.fields.schema.names, item.fields.values).filter { !$0.1.isNull }
    if !fields.isEmpty {
      print(zh ? "\n字段：" : "\nfields:")
      for (name, value) in fields {
        let shown = value.timestamp.map(time) ?? value.description
        print("  \(name) = \(shown)")
      }
    }
    print(zh ? "\n规则：" : "\nrules:")
    var notApplicable = 0
    for line in explanation.lines {
      guard let outcome = line.outcome else {
        notApplicable += 1
        if showAll {
          print("  ·  \(line.rule.id)  \(line.rule.title.text(lang)) — \(line.actual.text(lang))")
        }
        continue
      }
      let mark: String
      switch outcome {
      case .passed: mark = "✔"
      case .violated: mark = "✘"
      case .pending: mark = "…"
      case .unverifiable: mark = "?"
      case .waived: mark = "~"
      }
      let subject = line.subject == item.id ? "" : " [\(line.subject)]"
      print(
        "  \(mark) \(line.rule.id)\(subject)  \(line.rule.title.text(lang)) — \(outcomeName(outcome, zh))")
      print("      \(zh ? "要求" : "expected"): \(line.expected.text(lang))")
      print("      \(zh ? "实际" : "actual"): \(line.actual.text(lang))")
      if let d = line.deadlineExplanation { print("      \(zh ? "时限推算" : "deadline"): \(d.text(lang))") }
      if !line.rule.assumedParameters.isEmpty {
        let list = line.rule.assumedParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
          .joined(separator: ", ")
        print("      \(zh ? "假定阈值" : "assumed"): \(list)")
      }
    }
    if notApplicable > 0 && !showAll {
      print(
        zh
          ? "  （另有 \(notApplicable) 条规则不适用；--all 列出）"
          : "  (\(notApplicable) more rules do not apply; --all lists them)")
    }
    if !explanation.populationRules.isEmpty {
      print(
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

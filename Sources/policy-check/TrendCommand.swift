import ArgumentParser
import Checker
import Foundation
import PolicyRules

extension TrendReport.Format: ExpressibleByArgument {}

/// Compliance per clause per month from a results store (`audit --store`).
struct TrendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trend",
    abstract: "Print compliance per clause per period from a results store.",
    discussion: """
      Reads the runs `audit --store` kept that are not superseded: one row per clause (or rule) and \
      period with its counts, compliance rate and the change from the previous period. With --group, \
      the same per group value too (every judgement is counted per group, so each has a rate). \
      Exit codes: 0 printed; 2 the store could not be read; 64 usage error.
      """)

  @Option(help: "The results store: sqlite:FILE, a postgres:// URL or env:NAME.")
  var store: String

  @Option(help: "Only this clause.")
  var clause: String?

  @Option(help: "Per rule instead of per clause; only this rule.")
  var rule: String?

  @Option(help: "Compliance per value of this group field (the --group-by the runs were audited with).")
  var group: String?

  @Option(help: "Output format: text, json or csv.")
  var format: TrendReport.Format = .text

  func validate() throws {
    try AuditRun.validateStore(store)
    if clause != nil && rule != nil {
      throw ValidationError("give --clause or --rule, not both (a rule belongs to one clause)")
    }
  }

  func run() throws {
    let results = try AuditRun.openStore(store)
    if results.location.system == .sqlite
      && !FileManager.default.fileExists(atPath: results.location.connection)
    {
      Console.error("error: cannot read the store \(results.location.connection): no such file")
      throw Exit.untrusted
    }
    let byRule = rule != nil
    let only = rule ?? clause
    let trend: ComplianceTrend
    do {
      if let group {
        let fields = try results.groupFields()
        if !fields.contains(group) {
          Console.error(
            "error: no run in \(results.location.name) was grouped by '\(group)'\(Suggestions.didYouMean(group, in: fields)); "
              + (fields.isEmpty
                ? "no run was grouped (audit --group-by FIELD)"
                : "runs were grouped by \(fields.joined(separator: ", ")) (audit --group-by)"))
          throw Exit.untrusted
        }
        trend = try results.groupTrend(field: group, byRule: byRule, only: only)
      } else {
        trend = try results.trend(byRule: byRule, only: only)
      }
    } catch let error as StoreError {
      Console.error("error: \(error.message)")
      throw Exit.untrusted
    }
    if let only, trend.series.isEmpty, !(try results.periods().isEmpty) {
      Console.error("warning: no stored run judged \(byRule ? "rule" : "clause") \(only)")
    }
    print(
      TrendReport.render(
        trend, format: format, by: byRule ? "rule" : "clause", groupField: group,
        storeName: results.location.name), terminator: "")
  }
}

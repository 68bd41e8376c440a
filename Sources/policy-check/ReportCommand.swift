import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// `policy-check report --judgements FILE`: the reports of an audit an engine ran (the rows of a
/// `policy-check sql` script: DuckDB, PostgreSQL, Spark), rendered as `audit` renders its own.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render the reports of an engine's judgement rows (policy-check sql).",
    discussion: """
      Reads the rows of the table judgements (docs/sql.md): JSON Lines as scripts/sql-run.py \
      prints them, or CSV with a header as scripts/spark-run.py writes them (by the extension: \
      .csv, .jsonl; else by the content). Each row is bound to the rule it names; the dataset \
      gives the report's summary (files, rows, rejections, cases) and the order of the cases, \
      the rows every judgement, and the rule and its calendar the texts and due-time derivations \
      (what needs values the rows lack is phrased generically: docs/sql.md, "Reports from \
      judgement rows"). Give the rules, period, cut-off and group field the script was compiled \
      with. Exit codes: 0 report written; 1 violations at or above --fail-on; 2 rules, data or \
      judgement rows could not be loaded (an unknown rule, a kind or outcome that is not the \
      rule's, an unreadable row: each named at FILE:line:column, no report written); 64 usage error.
      """)

  @Option(help: "The judgement rows: JSON Lines (scripts/sql-run.py) or CSV (scripts/spark-run.py).")
  var judgements: String

  @OptionGroup var rules: RuleOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var period: PeriodOptions
  @OptionGroup var output: OutputOptions

  @OptionGroup var verdict: VerdictOptions

  func run() throws {
    let defaults = ["text", "html=policy-check-report.html"]
    try output.refuseOverwriting([judgements])
    let run = try AuditRun.perform(
      rules: rules, data: data, period: period, output: output, waiversPath: verdict.waivers, threads: 0,
      judgements: .file(judgements))
    defer { run.keepUntilExit() }
    try output.write(run.result, defaults: defaults, fieldLabels: run.fieldLabels)
    try run.finish(failOn: verdict.failOn)
  }
}

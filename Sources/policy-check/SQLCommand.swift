import ArgumentParser
import Checker
import Foundation
import PolicyRules
import SQLCompiler

extension SQLDialect: ExpressibleByArgument {}

/// `policy-check sql`: the rules compiled to one SQL script that judges the dataset's tables
/// inside DuckDB, PostgreSQL or Spark SQL (docs/sql.md).
struct SQLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sql",
    abstract:
      "Compile rules to a SQL script that writes every judgement to a table (DuckDB, PostgreSQL, Spark).",
    discussion: """
      The script reads the canonical tables records and events (docs/sql.md) and creates the \
      table judgements: one row per judgement (rule, subject, period, group, outcome, anchor, \
      due, evidence), then selects the counts per rule. --with-data first creates and fills \
      those tables with the dataset as policy-check reads it. A rule with a construct that does \
      not compile yet is an error naming it (exit 2); --skip-refused leaves such rules out with \
      a warning instead.
      """)

  @OptionGroup var rules: RuleOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var period: PeriodOptions

  @Option(help: "The SQL engine: duckdb, postgres or spark.")
  var dialect: SQLDialect

  @Option(
    name: .customLong("group-by"),
    help: "Case field naming each judgement's group (default: team, when the data has that field).")
  var groupBy: String?

  @Flag(
    name: .customLong("with-data"),
    help: "Begin the script with the tables records and events, filled from the data.")
  var withData = false

  @Flag(
    name: .customLong("skip-refused"),
    help: "Leave out rules that do not compile (a warning each) instead of failing.")
  var skipRefused = false

  @Option(
    name: [.customShort("o"), .customLong("output")], help: "Write the script to this file (default: stdout)."
  )
  var output: String?

  func run() throws {
    let library = try rules.load()
    let dataset = data.load(period: period)
    if dataset.caseCount == 0 && dataset.hasFileErrors { throw Exit.untrusted }
    let effective = try period.effective(for: dataset)
    let cases = Self.cases(dataset)
    let script = try Self.script(
      library, cases: cases, dataset: dataset, period: effective, groupBy: groupBy, dialect: dialect,
      withData: withData, skipRefused: skipRefused)
    if let output {
      do {
        try Data(script.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      } catch {
        Console.error("\(output): error: cannot write the script: \(error.localizedDescription)")
        throw Exit.untrusted
      }
    } else {
      FileHandle.standardOutput.write(Data(script.utf8))
    }
  }

  /// The script of `library` over the cases as the canonical tables hold them (with `withData`,
  /// first those tables filled from them), the period and cut-off written in as constants; the
  /// judgements grouped by `groupBy` (default `team` when the data has it). Each
  /// rule that does not compile is printed (a warning with `skipRefused`, else an error and exit 2);
  /// the last line on stderr says how many compiled. Shared by `sql` and `audit --engine`.
  static func script(
    _ library: RuleLibrary, cases: [SQLCase], dataset: Dataset, period effective: EffectivePeriod,
    groupBy: String?, dialect: SQLDialect, withData: Bool, skipRefused: Bool
  ) throws -> String {
    let schema = SQLSchema(cases: cases, timeZoneIdentifier: dataset.timeZoneIdentifier)
    let names = Set(schema.columns.map(\.name))
    let group = groupBy ?? (names.contains("team") ? "team" : nil)
    let settings = SQLAuditSettings(
      asOf: effective.cutOff, periodStart: effective.start, periodEnd: effective.end, groupField: group,
      calendars: library.calendars, dataRange: Self.range(cases))
    let compilation = SQLAuditCompiler(schema: schema, dialect: dialect, settings: settings).compile(
      library.rules)
    for refusal in compilation.refusals {
      Console.error(
        skipRefused
          ? refusal.description.replacingOccurrences(of: ": error: ", with: ": warning: ")
          : refusal.description)
    }
    if !compilation.refusals.isEmpty && !skipRefused {
      Console.error(
        "\(compilation.refusals.count) of \(library.rules.count) rules do not compile to SQL yet; "
          + "--skip-refused leaves them out")
      throw Exit.untrusted
    }
    var script = ""
    if withData {
      script +=
        SQLTableLoad.statements(cases, schema: schema, dialect: dialect).joined(separator: "\n") + "\n"
    }
    script += compilation.script
    Console.error(
      "compiled \(compilation.compiled.count) of \(library.rules.count) rules to \(dialect.rawValue) SQL"
        + (compilation.refusals.isEmpty ? "" : " (\(compilation.refusals.count) left out)"))
    return script
  }

  /// The earliest and latest instant of the cases: event times and timestamp fields.
  static func range(_ cases: [SQLCase]) -> ClosedRange<Timestamp>? {
    var low: Timestamp?
    var high: Timestamp?
    func note(_ t: Timestamp) {
      low = min(low ?? t, t)
      high = max(high ?? t, t)
    }
    for item in cases {
      for (_, value) in item.fields { if case .timestamp(let t) = value { note(t) } }
      for event in item.events { note(event.time) }
    }
    guard let low, let high else { return nil }
    return low...high
  }

  /// Every case of the dataset as the canonical tables hold it.
  static func cases(_ dataset: Dataset) -> [SQLCase] {
    let files = dataset.files
    func path(_ file: Int32) -> String { file >= 0 && Int(file) < files.count ? files[Int(file)] : "" }
    return dataset.table.rows.map { item in
      let fields = Array(zip(item.fields.schema.names, item.fields.values))
      return SQLCase(
        recordType: item.recordType, id: item.id, sourceFile: path(item.source.file),
        sourceLine: Int(item.source.line), fieldNames: item.fields.schema.names,
        fields: fields,
        events: item.events.map { event in
          // An event holds only the values that differ from its case's; what a `where` reads
          // is its own value when not null, else the case's (`EventScope.field`).
          var own: [String: Value] = [:]
          for (name, value) in zip(event.attributes.schema.names, event.attributes.values) where !value.isNull
          {
            own[name] = value
          }
          var attributes = fields.map { name, value in (name, own.removeValue(forKey: name) ?? value) }
          attributes += event.attributes.schema.names.compactMap { name in own[name].map { (name, $0) } }
          return SQLEvent(
            activity: event.activity, time: event.time, resource: event.resource,
            sourceFile: path(event.source.file),
            sourceLine: Int(event.source.line),
            attributes: attributes)
        })
    }
  }
}

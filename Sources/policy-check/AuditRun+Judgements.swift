import Checker
import Foundation
import PolicyRules

extension AuditRun {
  /// The judgement rows of `source` bound to `library`'s rules: read from a file, or made by
  /// compiling the rules for the dataset and period (as `policy-check sql` does) and running them
  /// on the engine.
  static func judgementRows(
    _ source: JudgementSource, _ library: RuleLibrary, _ dataset: Dataset, _ period: EffectivePeriod,
    _ groupField: String?
  ) throws -> [JudgementRow] {
    switch source {
    case .file(let path): return try judgementRows(path, library)
    case .postgres(let url, let withData):
      let script = try SQLCommand.script(
        library, cases: SQLCommand.cases(dataset), dataset: dataset, period: period, groupBy: groupField,
        dialect: .postgres, withData: withData, skipRefused: false)
      switch PostgresJudgementEngine.run(script: script, connection: url) {
      case .failure(let failure):
        Console.error("error: --engine: \(failure.message)")
        throw Exit.untrusted
      case .success(let rows):
        let reader = JudgementRowReader(rules: library.rules)
        return try judgementRows(
          reader.read(columns: PostgresJudgementEngine.columns, rows: rows, source: "postgres judgements"),
          "postgres judgements")
      }
    }
  }

  /// The judgement rows of `path` bound to `library`'s rules: every problem of the file printed
  /// at its `file:line:column` and exit 2 when there is one (a report from some rows only would
  /// count the rest as never judged); on stderr, how many rows were read, used and rejected.
  static func judgementRows(_ path: String, _ library: RuleLibrary) throws -> [JudgementRow] {
    let bytes: [UInt8]
    do {
      bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      Console.error("\(path): error: cannot read the judgement rows: \(error.localizedDescription)")
      throw Exit.untrusted
    }
    let reader = JudgementRowReader(rules: library.rules)
    return try judgementRows(
      reader.read(bytes, path: path, format: JudgementRowReader.format(path: path, bytes: bytes)), path)
  }

  /// The rows of a reading, or exit 2 after printing its problems (shared with `audit --engine`).
  static func judgementRows(_ reading: JudgementRowReader.Reading, _ path: String) throws -> [JudgementRow] {
    for diagnostic in reading.diagnostics { Console.error(diagnostic.description) }
    Console.error(
      "\(path): \(reading.read) judgement rows read, \(reading.rows.count) used, \(reading.rejected) rejected"
    )
    if reading.rejected > 0 || !reading.diagnostics.isEmpty {
      Console.error("\(path): \(reading.rejected) rows could not be read: no report is written")
      throw Exit.untrusted
    }
    return reading.rows
  }
}

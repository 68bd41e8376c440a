import Checker
import Foundation
import PolicyRules

extension AuditRun {
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

import Foundation
import Testing

/// `policy-check calendar import`: the yearly update of the China calendars, through the binary.
@Suite struct CalendarImportTests {
  /// Rules/calendars/cn-workdays.yaml without its holiday data.
  static func strippedCalendar(in folder: URL) throws -> (path: String, shipped: String) {
    let shipped = try String(
      contentsOf: CLIRun.repositoryRoot.appendingPathComponent("Rules/calendars/cn-workdays.yaml"),
      encoding: .utf8)
    let kept = shipped.split(separator: "\n", omittingEmptySubsequences: false).filter {
      !($0.hasPrefix("  - ") || $0.hasPrefix("covers:") || $0.hasPrefix("holidays:")
        || $0.hasPrefix("make_up_days:"))
    }
    let path = folder.appendingPathComponent("cn-workdays.yaml").path
    try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return (path, shipped)
  }

  static func entries(_ text: String) -> [Substring] {
    text.split(separator: "\n").filter { $0.hasPrefix("  - ") || $0.hasPrefix("covers:") }
  }

  /// The three official notices rebuild the shipped data line for line.
  @Test func notices2024To2026ReproduceTheShippedCalendar() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, shipped) = try Self.strippedCalendar(in: folder)
    for year in [2024, 2025, 2026] {
      let run = try CLIRun.run(["calendar", "import", "Fixtures/notices/\(year).txt", "--into", path])
      #expect(run.exitCode == 0, "\(year): \(run.stderr)")
      #expect(run.stdout.contains("added \(year): "))
    }
    let imported = try String(contentsOfFile: path, encoding: .utf8)
    #expect(Self.entries(imported) == Self.entries(shipped))
    #expect(imported.contains("source: 国办发明电〔2023〕7号; 国办发明电〔2024〕12号; 国务院办公厅关于2026年部分节假日安排的通知"))
    // The result is a calendar the rules accept.
    let validate = try CLIRun.run(["rules", "validate", folder.path])
    #expect(validate.exitCode == 0, "\(validate.stderr)")
    // A year already there is refused, and the file stays as it was.
    let again = try CLIRun.run(["calendar", "import", "Fixtures/notices/2025.txt", "--into", path])
    #expect(again.exitCode == 2)
    #expect(
      again.stderr.contains("the calendar already covers 2025 (covers ends 2026-12-31); nothing was changed"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == imported)
  }

  /// A notice the reader cannot vouch for: the line, column and caret, exit 2, no file changed.
  @Test func unreadableNoticeChangesNothing() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, _) = try Self.strippedCalendar(in: folder)
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let notice = folder.appendingPathComponent("2027.txt").path
    try "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周四）放假1天，不调休。\n"
      .write(toFile: notice, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(["calendar", "import", notice, "--into", path])
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("2027.txt:2:11: error: 2027-01-01 falls on 周五, not 周四; check the date\n"))
    #expect(run.stderr.contains("一、元旦：1月1日（周四）放假1天，不调休。\n" + String(repeating: " ", count: 18) + "^"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
  }

  /// Several files: all are checked before any is written.
  @Test func allOrNoneOfTheFilesChange() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, _) = try Self.strippedCalendar(in: folder)
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let run = try CLIRun.run([
      "calendar", "import", "Fixtures/notices/2024.txt", "--into", path, "--into",
      "Rules/calendars/cn-workdays.yaml",
    ])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains("Rules/calendars/cn-workdays.yaml:21:1: error: the calendar already covers 2024"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    let missing = try CLIRun.run(["calendar", "import", folder.appendingPathComponent("none.txt").path])
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("none.txt"))
  }
}

import Foundation
import Testing

/// Deterministic defaults: without a period the audit period is the data's own span, printed
/// with the cut-off; and the shipped calendars are there for any rule without naming their folder.
@Suite struct PeriodAndCalendarTests {
  static let month = ["--dataset", "Fixtures/month/dataset.yaml", "--lang", "en", "--fail-on", "info"]

  @Test func checkPrintsThePeriodAndCutOffItUsed() throws {
    let pinned = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf)
    #expect(
      pinned.stdout.split(separator: "\n").first
        == "period 2024-09-02 – 2024-09-30 (first to last record; --month or --from/--to to choose), cut-off 2024-10-01 09:30 (--as-of), Asia/Shanghai"
    )
    let now = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules)
    #expect(now.stdout.split(separator: "\n").first?.contains("(now; --as-of pins it)") == true)
    let month = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september)
    #expect(month.stdout.hasPrefix("period 2024-09-01 – 2024-09-30, cut-off 2024-10-01 09:30 (--as-of)"))
  }

  /// The same records judged on two days: a daily rule is judged over the same days (those of
  /// the data, not up to the day the check runs), so only the cut-off line differs.
  @Test func periodicRulesAreJudgedInsideTheDataNotUpToToday() throws {
    let early = try CLIRun.run(["check"] + Self.month + ["--as-of", "2024-10-08 00:00"])
    let late = try CLIRun.run(["check"] + Self.month + ["--as-of", "2027-01-01"])
    #expect(early.exitCode == 1 && late.exitCode == 1)
    func daily(_ run: CLIRun) -> [Substring] {
      run.stdout.split(separator: "\n").filter { $0.contains("[S1-06-open-every-day]") }
    }
    #expect(!daily(early).isEmpty)
    let same = daily(early) == daily(late)
    #expect(same, "the daily rule's findings differ between the two cut-offs")
    let afterTheData = late.stdout.contains("@2025") || late.stdout.contains("@2026")
    #expect(!afterTheData, "periods after the last record were judged")
  }

  /// Only an obligation still open at the last record moves, pending to violated, as the
  /// cut-off moves; everything judged is the same.
  @Test func onlyOpenObligationsMoveWithTheCutOff() throws {
    let early = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf)
    let late = try CLIRun.run(
      ["check", CLIFixtures.tickets] + CLIFixtures.rules + ["--as-of", "2030-01-01"])
    #expect(early.stdout.contains("3 violated, 1 failing at major+, 1 pending"))
    #expect(late.stdout.contains("4 violated, 2 failing at major+, 0 pending"))
  }

  @Test func shippedCalendarsNeedNoFolder() throws {
    let withFolder = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf)
    let without = try CLIRun.run(
      ["check", CLIFixtures.tickets, "--rules", "Fixtures/cli/rules"] + CLIFixtures.asOf)
    #expect(without.stderr == "")
    #expect(without.exitCode == 1)
    #expect(without.stdout == withFolder.stdout)
  }

  /// A rule folder of the user's own, as in the README's pre-commit example, run from elsewhere.
  static func ownRules(calendar: String, ownCalendar: String? = nil) throws -> URL {
    let folder = try CLIRun.temporaryFolder()
    let pack = try String(
      contentsOf: CLIRun.repositoryRoot.appendingPathComponent("Fixtures/cli/rules/tickets.yaml"),
      encoding: .utf8)
    try pack.replacingOccurrences(of: "calendar: weekdays-9-18", with: "calendar: \(calendar)")
      .write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
    if let ownCalendar {
      try ownCalendar.write(
        to: folder.appendingPathComponent("calendar.yaml"), atomically: true, encoding: .utf8)
    }
    return folder
  }

  @Test func ownCalendarOfAShippedNameWinsWithANote() throws {
    let folder = try Self.ownRules(
      calendar: "weekdays-9-18",
      ownCalendar: """
        calendar: weekdays-9-18
        time_zone: Asia/Shanghai
        working_hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"], sat: ["09:00-18:00"], sun: []}
        """)
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CLIRun.run(["check", CLIFixtures.tickets, "--rules", folder.path] + CLIFixtures.asOf)
    #expect(
      run.stderr
        == "\(folder.path)/calendar.yaml: note: calendar 'weekdays-9-18' replaces the built-in calendar of that name (Rules/calendars/weekdays-9-18.yaml)\n"
    )
    #expect(run.exitCode == 1)
  }

  @Test func undefinedCalendarListsThoseThatExist() throws {
    let folder = try Self.ownRules(calendar: "cn-workday")
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CLIRun.run(["check", CLIFixtures.tickets, "--rules", folder.path] + CLIFixtures.asOf)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "error: undefined calendar 'cn-workday'; did you mean 'cn-workdays'?; calendars: always, cn-workdays, cn-workdays-fullday, weekdays-9-18"
      ))
  }
}

import Foundation
import Testing

@testable import PolicyRules

/// The limits that keep counting on a loaded calendar in proportion to its file: a fuzzed calendar
/// with a holiday of 7,000 years made every deadline walk two million days (21.9 s for one input).
@Suite struct WorkCalendarLimitsTests {
  /// `Fuzzing/Regressions/FuzzCalendar`, beside `Rules/calendars`.
  static let regressions = URL(fileURLWithPath: WorkCalendarLoadingTests.calendarDirectory)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzzing/Regressions/FuzzCalendar").path

  static func calendar(covers: String, holidays: [String]) -> String {
    "calendar: x\ntime_zone: UTC\ncovers: \(covers)\n" + WorkCalendarLoadingTests.weekLines + "\nholidays:\n"
      + holidays.map { "  - \($0)\n" }.joined()
  }

  static let rejected: [(String, [String])] = [
    (
      calendar(
        covers: "{from: 2014-01-01, to: 9026-12-31}",
        holidays: ["{name: a, from: 2014-01-01, to: 9026-10-07}"]),
      [
        "c.yaml:3:32: error: 'covers' spans 2561445 days (2014-01-01 to 9026-12-31); at most 36525 (100 years) are allowed"
      ]
    ),
    (
      // Sat 2024-03-02 to Mon 2025-03-03: the weekend before the holiday counts with it.
      calendar(
        covers: "{from: 2024-01-01, to: 2026-12-31}",
        holidays: ["{name: a, date: 2024-01-01}", "{name: b, from: 2024-03-04, to: 2025-03-03}"]),
      [
        "c.yaml:14:5: error: no working time for 367 days in a row (2024-03-02 to 2025-03-03); a calendar may have at most 366 days off in a row"
      ]
    ),
  ]

  @Test(arguments: rejected)
  func rejectsWorkOutOfProportionToTheFile(_ text: String, _ expected: [String]) {
    let (calendar, diagnostics) = WorkCalendarLoadingTests.load(text)
    #expect(calendar == nil)
    #expect(diagnostics == expected)
  }

  @Test func acceptsTheLongestStretchOffAndCountsPastItInOneWalk() throws {
    let text = Self.calendar(
      covers: "{from: 2024-01-01, to: 2026-12-31}", holidays: ["{name: b, from: 2024-03-04, to: 2025-02-28}"])
    let (loaded, diagnostics) = WorkCalendarLoadingTests.load(text)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let calendar = try #require(loaded)
    let computation = calendar.deadline(from: local(calendar, "2024-03-01 17:00"), adding: duration("1wd"))
    #expect(computation.skippedDays.count == WorkCalendar.daysOffLimit)
    #expect(utc(computation.due) == "2025-03-03T17:00:00Z")
  }

  /// The fuzz regressions of FuzzCalendar are rejected by these limits (the first is the shape of
  /// the finding, the second fits `covers` and breaks the stretch limit).
  @Test(arguments: [
    (
      "covers-7000-years.yaml",
      "covers-7000-years.yaml:11:32: error: 'covers' spans 2561445 days (2014-01-01 to 9026-12-31); at most 36525 (100 years) are allowed"
    ),
    (
      "holiday-99-years.yaml",
      "holiday-99-years.yaml:13:5: error: no working time for 36160 days in a row (2014-01-01 to 2113-01-01); a calendar may have at most 366 days off in a row"
    ),
  ])
  func fuzzRegressionIsRejected(_ file: String, _ expected: String) throws {
    var diagnostics = DiagnosticBag(path: file)
    let document = try #require(
      YAMLParser.parseFile(atPath: "\(Self.regressions)/\(file)", diagnostics: &diagnostics))
    #expect(WorkCalendar.load(document, diagnostics: &diagnostics) == nil)
    #expect(diagnostics.items.map(\.description) == [expected])
  }
}

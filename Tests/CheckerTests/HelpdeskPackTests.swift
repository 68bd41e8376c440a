import Foundation
import PolicyRules
import Testing

@testable import Checker

/// The help-desk pack (`Packs/helpdesk`) on the real log `shared/data/helpdesk.csv`, loaded by
/// autodetection with only the time zone given: the desk is in Italy, so its local timestamps are
/// read as Europe/Rome (the default Asia/Shanghai would shift every time by 6–7 hours against the
/// Rome working-hours calendar). Every count is compared with an independent computation written
/// here: a plain comma split of the CSV and hand-written logic for each rule, with the
/// Mon–Fri 09:00–18:00 arithmetic done by splitting days. Skipped when the log is absent.
@Suite struct HelpdeskPackTests {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // CheckerTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()
  static let logURL = repositoryRoot.deletingLastPathComponent().appendingPathComponent(
    "shared/data/helpdesk.csv")
  static let logIsPresent = FileManager.default.fileExists(atPath: logURL.path)

  /// One event as the test reads it: wall-clock seconds in Rome (for working hours) and the instant.
  struct Event {
    var activity: String
    var wall: Int
    var instant: Date
    var serviceLevel: String
  }

  static let rome = TimeZone(identifier: "Europe/Rome")!

  /// Seconds since 1970-01-01 00:00 of a wall-clock date and time, ignoring every zone.
  static func wallSeconds(_ year: Int, _ month: Int, _ day: Int, _ seconds: Int) -> Int {
    // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return (era * 146097 + doe - 719468) * 86400 + seconds
  }

  /// `2012/10/09 14:50:17.000` read in Rome.
  static func parse(_ text: String) -> Event? {
    let parts = text.split(whereSeparator: { "/ :.".contains($0) }).compactMap { Int($0) }
    guard parts.count >= 6 else { return nil }
    var components = DateComponents(
      year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
    components.timeZone = rome
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = rome
    guard let instant = calendar.date(from: components) else { return nil }
    let wall = wallSeconds(parts[0], parts[1], parts[2], parts[3] * 3600 + parts[4] * 60 + parts[5])
    return Event(activity: "", wall: wall, instant: instant, serviceLevel: "")
  }

  /// Monday = 0 … Sunday = 6 for a day number since 1970-01-01 (a Thursday).
  static func weekday(ofDay day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

  /// The wall-clock instant `seconds` working seconds after `start` on Mon–Fri 09:00–18:00; a start
  /// outside working hours counts from the next opening; a count ending at 18:00 is due at 18:00.
  static func addWorkingSeconds(_ seconds: Int, to start: Int) -> Int {
    let open = 9 * 3600
    let close = 18 * 3600
    var t = start
    var remaining = seconds
    while true {
      let day = Int((Double(t) / 86400).rounded(.down))
      let secondOfDay = t - day * 86400
      if weekday(ofDay: day) >= 5 || secondOfDay >= close {
        t = (day + 1) * 86400 + open
        continue
      }
      if secondOfDay < open {
        t = day * 86400 + open
        continue
      }
      let available = close - secondOfDay
      if remaining <= available { return t + remaining }
      remaining -= available
      t = (day + 1) * 86400 + open
    }
  }

  /// Cases in file order, each with its events in file order (the log is sorted by time per case).
  static func readLog() throws -> [(id: String, events: [Event])] {
    let text = try String(contentsOf: logURL, encoding: .utf8)
    #expect(!text.contains("\""), "the plain split below assumes no quoted fields")
    var order: [String] = []
    var cases: [String: [Event]] = [:]
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let columns = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == 16, var event = parse(columns[3]) else {
        Issue.record("unexpected row: \(line)")
        continue
      }
      event.activity = columns[1]
      event.serviceLevel = columns[12]
      if cases[columns[0]] == nil { order.append(columns[0]) }
      cases[columns[0], default: []].append(event)
    }
    return order.map { id in
      // Stable sort by time, in case a ticket's rows were ever out of order.
      let events = cases[id]!.enumerated().sorted {
        ($0.element.instant, $0.offset) < ($1.element.instant, $1.offset)
      }
      .map(\.element)
      return (id, events)
    }
  }

  struct Counts: Equatable, CustomStringConvertible {
    var passed = 0
    var violated = 0
    var pending = 0
    var description: String { "passed \(passed), violated \(violated), pending \(pending)" }
  }

  /// The independent expectation of every rule's counts, and the metric rows.
  static func expectedCounts(cutOff: Date, cutOffWall: Int) throws -> (
    counts: [String: Counts], rows: [String: (numerator: Int, denominator: Int)]
  ) {
    let log = try readLog()
    var takeInCharge = Counts()
    var resolveThenClose = Counts()
    var closeAfterResolve = Counts()
    var rows: [String: (numerator: Int, denominator: Int)] = [:]
    for (_, events) in log {
      let visible = events.filter { $0.instant <= cutOff }
      func first(_ activity: String) -> Event? { visible.first { $0.activity == activity } }
      let assign = first("Assign seriousness")
      let taken = first("Take in charge ticket")
      let resolved = first("Resolve ticket")
      let closed = first("Closed")

      // HD-S4-01: first take-in-charge within 8 working hours of the first assignment.
      if let assign {
        let due = addWorkingSeconds(8 * 3600, to: assign.wall)
        if let taken {
          if taken.wall <= due { takeInCharge.passed += 1 } else { takeInCharge.violated += 1 }
        } else if due <= cutOffWall {
          takeInCharge.violated += 1
        } else {
          takeInCharge.pending += 1
        }
      }
      // HD-S4-05: the first resolution is followed (at or after it) by a Closed.
      if let resolved {
        if visible.contains(where: { $0.activity == "Closed" && $0.instant >= resolved.instant }) {
          resolveThenClose.passed += 1
        } else {
          resolveThenClose.violated += 1
        }
      }
      // HD-S4-03: every Closed has a resolution at or before it, i.e. the first one does.
      if let closed {
        if let resolved, resolved.instant <= closed.instant {
          closeAfterResolve.passed += 1
        } else {
          closeAfterResolve.violated += 1
        }
      }
      // HD-S4-06: per month of the first assignment (Rome) and latest service level.
      if let assign, let level = visible.last?.serviceLevel {
        let month = String(wallText(assign.instant).prefix(7)).replacingOccurrences(of: "/", with: "-")
        let onTime = resolved.map { $0.instant.timeIntervalSince(assign.instant) <= 30 * 86400 } ?? false
        var row = rows["\(month) \(level)", default: (0, 0)]
        row.denominator += 1
        if onTime { row.numerator += 1 }
        rows["\(month) \(level)"] = row
      }
    }
    var metric = Counts()
    for (key, row) in rows {
      // A month that has not ended at the cut-off is pending (`2012-06 Value 2` ends 2012-07-01 00:00).
      let year = Int(key.prefix(4)) ?? 0
      let month = Int(key.dropFirst(5).prefix(2)) ?? 0
      let monthEnd = month == 12 ? wallSeconds(year + 1, 1, 1, 0) : wallSeconds(year, month + 1, 1, 0)
      if monthEnd > cutOffWall {
        metric.pending += 1
      } else if Double(row.numerator) / Double(row.denominator) >= 0.8 - 1e-9 {
        metric.passed += 1
      } else {
        metric.violated += 1
      }
    }
    return (
      [
        "HD-S4-01-take-in-charge": takeInCharge, "HD-S4-05-resolve-then-close": resolveThenClose,
        "HD-S4-03-close-after-resolve": closeAfterResolve, "HD-S4-06-on-time-rate": metric,
      ], rows
    )
  }

  /// `yyyy/MM/dd HH:mm:ss` of an instant in Rome.
  static func wallText(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = rome
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
    return "\(c.year ?? 0)/\(two(c.month))/\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
  }

  @Test func workingHourArithmeticOfTheTest() {
    // Mon 2013-03-04 10:00 + 8 h = 18:00 the same day; Fri 15:00 + 8 h = Mon 14:00; Sat 11:00 + 8 h = Mon 17:00.
    #expect(
      Self.addWorkingSeconds(8 * 3600, to: Self.wallSeconds(2013, 3, 4, 10 * 3600))
        == Self.wallSeconds(2013, 3, 4, 18 * 3600))
    #expect(
      Self.addWorkingSeconds(8 * 3600, to: Self.wallSeconds(2013, 3, 8, 15 * 3600))
        == Self.wallSeconds(2013, 3, 11, 14 * 3600))
    #expect(
      Self.addWorkingSeconds(8 * 3600, to: Self.wallSeconds(2013, 3, 9, 11 * 3600))
        == Self.wallSeconds(2013, 3, 11, 17 * 3600))
    // 18:00 itself is closed: counted from 09:00 the next morning.
    #expect(
      Self.addWorkingSeconds(3600, to: Self.wallSeconds(2013, 3, 4, 18 * 3600))
        == Self.wallSeconds(2013, 3, 5, 10 * 3600))
    #expect(Self.weekday(ofDay: 0) == 3)
  }

  /// After the last event (2014-01-03), and in the middle of the log on a Monday at noon, so that
  /// later events are ignored, some take-in-charge deadlines are still pending and June 2012 is open.
  static let cutOffs = ["2014/12/31 00:00:00.000", "2012/06/04 12:00:00.000"]

  @Test(.enabled(if: logIsPresent, "shared/data/helpdesk.csv is absent"), arguments: cutOffs)
  func auditMatchesIndependentCounts(cutOffText: String) throws {
    let library = RuleLibrary.load(paths: [
      Self.repositoryRoot.appendingPathComponent("Packs/helpdesk").path,
      Self.repositoryRoot.appendingPathComponent("Rules/calendars").path,
    ])
    #expect(library.diagnostics.isEmpty, "\(library.renderedDiagnostics)")
    #expect(library.rules.count == 4)

    let dataset = DatasetLoader.autodetect(
      files: [Self.logURL.path], overrides: DatasetOverrides(timeZone: "Europe/Rome"))
    #expect(!dataset.hasFileErrors)
    #expect(dataset.cases.count == 4580)
    #expect(dataset.rejections.isEmpty)

    let cutOffEvent = try #require(Self.parse(cutOffText))
    let cutOff = cutOffEvent.instant
    let asOf = Timestamp(milliseconds: Int64(cutOff.timeIntervalSince1970 * 1000))
    let context = Audit.context(for: dataset, library: library, asOf: asOf, periodStart: nil, periodEnd: nil)
    let result = Audit(library: library, context: context, threads: 1).run(dataset)

    let (expected, expectedRows) = try Self.expectedCounts(cutOff: cutOff, cutOffWall: cutOffEvent.wall)
    for rule in result.rules {
      let counts = rule.counts
      let actual = Counts(passed: counts.passed, violated: counts.violated, pending: counts.pending)
      #expect(actual == expected[rule.rule.id], "\(rule.rule.id)")
      #expect(counts.unverifiable == 0, "\(rule.rule.id)")
      #expect(counts.waived == 0, "\(rule.rule.id)")
    }
    #expect(Set(result.rules.map(\.rule.id)) == Set(expected.keys))
    // The mid-log cut-off must exercise pending outcomes, or it would test nothing new.
    if cutOffText.hasPrefix("2012") {
      #expect((expected["HD-S4-01-take-in-charge"]?.pending ?? 0) > 0)
      #expect((expected["HD-S4-06-on-time-rate"]?.pending ?? 0) > 0)
    } else {
      #expect(expected.values.allSatisfy { $0.pending == 0 })
    }

    let metric = try #require(result.rules.first { $0.rule.id == "HD-S4-06-on-time-rate" })
    #expect(metric.metricRows.count == expectedRows.count)
    for row in metric.metricRows {
      let mine = expectedRows["\(row.period) \(row.group)"]
      #expect(mine?.numerator == row.numerator, "\(row.period) \(row.group)")
      #expect(mine?.denominator == row.denominator, "\(row.period) \(row.group)")
    }
  }
}

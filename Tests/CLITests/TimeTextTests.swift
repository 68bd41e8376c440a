import Foundation
import Testing

/// Issues 19 and 13: time text as the user's data writes it, through the binary.
@Suite struct TimeTextTests {
  static let rules = ["--rules", "Fixtures/cli/time/rules.yaml", "--lang", "en", "--format", "text"]

  /// The deadline of `rules.yaml` over `Fixtures/cli/time/<name>.csv`, whose rows carry start,
  /// end and due times as text fields; nothing goes to stderr.
  static func auditFields(_ name: String) throws -> CLIRun {
    let run = try CLIRun.run(
      ["audit", "Fixtures/cli/time/\(name).csv", "--case-id", "case", "--activity", "act"]
        + ["--timestamp", "time", "--as-of", "2024-06-01 00:00", "--details"] + rules)
    #expect(run.stderr == "")
    return run
  }

  /// The three rows of issue 19: fractions and offsets in field values are honoured, and the
  /// expected text names the due time that applied.
  @Test func fieldTimesHonourFractionsAndOffsets() throws {
    let run = try Self.auditFields("frac")
    #expect(run.stdout.contains("passed 1 · violated 2 · pending 0 · unverifiable 0"))
    #expect(
      run.stdout.contains(
        "[violated · major] C1\n      Expected: end by dl (the due time on the record)\n      Actual: end late by 20ms"
      ))
    #expect(
      run.stdout.contains(
        "[violated · major] C2\n      Expected: end by dl (the due time on the record)\n      Actual: end late by 1s"
      ))
    #expect(!run.stdout.contains("] C3"))
  }

  /// An empty end is an absent end (violated once due, pending before); a value that is no time
  /// is unverifiable, and so is an empty start.
  @Test func emptyEndIsAbsentAndUnreadableIsUnverifiable() throws {
    let run = try Self.auditFields("open")
    #expect(run.stdout.contains("passed 0 · violated 1 · pending 1 · unverifiable 2"))
    #expect(
      run.stdout.contains(
        "[violated · major] C4\n      Expected: end by dl (the due time on the record)\n      Actual: no end recorded"
      ))
    #expect(run.stdout.contains("Actual: end not yet due"))
    #expect(run.stdout.contains("[unverifiable · major] C6"))
    #expect(run.stdout.contains("Actual: field end holds 'soon', not a time"))
    #expect(run.stdout.contains("[unverifiable · major] C7"))
  }

  /// Issue 13: epoch values beyond 64-bit milliseconds used to trap; each is a rejected row.
  @Test(arguments: ["epoch.yaml", "epoch-ms.yaml"])
  func epochOutsideTheRangeIsARejectedRow(description: String) throws {
    let run = try CLIRun.run(
      ["audit", "--dataset", "Fixtures/cli/time/\(description)", "--as-of", "2024-10-01 00:00"] + Self.rules)
    #expect(run.exitCode < 64)
    for (line, value) in [(3, "1e16"), (4, "1e300"), (5, "-1e300"), (6, "9223372036854775807")] {
      #expect(
        run.stderr.contains(
          "Fixtures/cli/time/epoch.csv:\(line):3: warning: row rejected: bad timestamp '\(value)' in column t (outside years 0001-9999)\n"
        ), "\(description) line \(line)")
    }
    #expect(run.stdout.contains("Rows read 6 · used 2 · rejected 4"))
  }

  /// Years outside 0001–9999 are bad values at parse time, so every time printed has four digits.
  @Test func yearsOutsideTheRangeAreRejectedAndTimesPrintFourDigits() throws {
    let run = try CLIRun.run(
      [
        "audit", "Fixtures/cli/time/years.csv", "--activity", "act", "--rules",
        "Fixtures/cli/time/years-rules.yaml",
        "--lang", "en", "--format", "json", "--as-of", "2024-10-01 00:00",
      ])
    #expect(
      run.stderr.contains(
        "years.csv:2:3: warning: row rejected: bad timestamp '0000-01-01 00:00' in column time (outside years 0001-9999)"
      ))
    // The last instant of 9999 in UTC is 10000 in Shanghai.
    #expect(
      run.stderr.contains(
        "years.csv:4:3: warning: row rejected: bad timestamp '9999-12-31 23:59:59.999Z' in column time (outside years 0001-9999)"
      ))
    #expect(
      run.stderr.contains(
        "years.csv:6:3: warning: row rejected: bad timestamp '2024-01-01 10:00:00.1234567890' in column time\n"
      ))
    #expect(run.stdout.contains("\"utc\": \"0001-01-01T00:00:00Z\""))
    #expect(run.stdout.contains("\"local\": \"0001-01-01 08:05\""))
    #expect(run.stdout.contains("\"utc\": \"2024-01-01T02:00:00.123Z\""))
    #expect(!run.stdout.contains("\"-"))
  }

  /// Issue 13: a limit the data gives beyond any duration (`1e300` hours) used to trap.
  @Test func hugeLimitFromTheDataIsUnverifiable() throws {
    let run = try CLIRun.run(
      [
        "audit", "Fixtures/cli/time/limits.csv", "--activity", "act", "--rules",
        "Fixtures/cli/time/limit-rules.yaml",
        "--lang", "en", "--format", "text", "--details", "--as-of", "2024-10-01 00:00",
      ])
    #expect(run.stderr == "")
    #expect(run.stdout.contains("passed 1 · violated 0 · pending 0 · unverifiable 2"))
    #expect(run.stdout.contains("Actual: field hours is missing or invalid"))
  }

  /// `--as-of` is read by the same parser; a time outside 0001-9999 in some zone is a usage error
  /// (it was accepted, then silently replaced by the current time in Asia/Shanghai).
  @Test(arguments: ["0001-01-01 00:00", "0000-06-01", "9999-12-31 23:00", "yesterday"])
  func asOfOutsideTheRangeIsAUsageError(asOf: String) throws {
    let run = try CLIRun.run(["audit", CLIFixtures.tickets] + CLIFixtures.rules + ["--as-of", asOf])
    #expect(run.exitCode == 64)
    #expect(
      run.stderr.contains("--as-of must be YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], optionally with an offset"))
  }

  @Test func asOfWithAnOffsetAndAFraction() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules
        + ["--month", "2024-09", "--as-of", "2024-10-01T01:30:00.250Z", "--lang", "en", "--format", "text"])
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("As of: 2024-10-01 09:30"))
  }
}

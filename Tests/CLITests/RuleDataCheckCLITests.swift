import Foundation
import Testing

/// Issue 12, "no quiet wrong answers": rules checked against the data they run on
/// (`Fixtures/bind/`), calendar coverage and citations, through the built binary.
@Suite struct RuleDataCheckCLITests {
  static let data = ["Fixtures/bind/complaints.csv", "--record-type", "complaint"]
  static let misspelt = ["--rules", "Fixtures/bind/rules/misspelt.yaml", "--rules", "Rules/calendars"]
  static let sound = ["--rules", "Fixtures/bind/rules/sound.yaml", "--rules", "Rules/calendars"]
  static let cutOff = ["--as-of", "2027-01-10 00:00", "--lang", "en"]

  static let feedbakWarning = """
    Fixtures/bind/rules/misspelt.yaml:17:51: warning: rule 'BIND-feedback-within-2-working-days': \
    activity 'feedbak' (check.end) never occurs in the data; did you mean 'feedback'?
        check: {kind: deadline, start: received, end: feedbak, within: 2 working days}
                                                      ^
    """
  static let complaintsWarning = """
    Fixtures/bind/rules/misspelt.yaml:28:21: warning: rule 'BIND-complaint-recorded': record type \
    'complaints' (scope.record) matches no records in the data (record types: complaint); did you mean \
    'complaint'?
        scope: {record: complaints}
                        ^
    """

  /// Symptom: `end: feedbak` audited clean with 0 % and "no feedbak recorded".
  @Test func misspeltActivityIsAWarningWithASuggestion() throws {
    let run = try CLIRun.run(["audit"] + Self.data + Self.misspelt + Self.cutOff + ["--format", "text"])
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stderr == Self.feedbakWarning + "\n" + Self.complaintsWarning + "\n")
  }

  @Test func strictMakesTheWarningsExitTwo() throws {
    for command in ["audit", "check"] {
      let run = try CLIRun.run(
        [command] + Self.data + Self.misspelt + Self.cutOff + ["--format", "json=/dev/null", "--strict"])
      #expect(run.exitCode == 2, "\(command): \(run.stderr)")
      #expect(run.stderr.contains(Self.feedbakWarning))
      #expect(run.stderr.contains("--strict: 2 warnings about the rules against the data"))
    }
  }

  @Test func soundRulesWarnNothingAndPassStrict() throws {
    let run = try CLIRun.run(
      ["check"] + Self.data + Self.sound + ["--as-of", "2026-12-20 00:00", "--lang", "en", "--strict"])
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stderr == "")
  }

  /// Symptom: `scope.record: complaints` judged nothing and printed —; now it is listed as not
  /// exercised in every format and counted in the summary.
  @Test func ruleApplicableToNoCaseIsListedAsNotExercised() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    var formats: [String] = []
    for name in ["json", "markdown", "html", "sarif", "junit"] {
      formats += ["--format", "\(name)=\(out.appendingPathComponent(name).path)"]
    }
    let run = try CLIRun.run(
      ["audit"] + Self.data + Self.misspelt + Self.cutOff + ["--format", "text", "--details"] + formats)
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("not exercised 1"))
    #expect(
      run.stdout.contains(
        "Rules not exercised (applicable to no case)\n───"))
    #expect(run.stdout.contains("  - BIND-complaint-recorded · Complaint channel recorded (S0-03)\n"))
    func file(_ name: String) throws -> String {
      String(decoding: try Data(contentsOf: out.appendingPathComponent(name)), as: UTF8.self)
    }
    let json = try JSONSerialization.jsonObject(with: Data(file("json").utf8)) as? [String: Any]
    #expect(json?["notExercised"] as? [String] == ["BIND-complaint-recorded"])
    let rules = json?["rules"] as? [[String: Any]] ?? []
    #expect(rules.map { $0["exercised"] as? Bool } == [true, false])
    #expect((json?["dataWarnings"] as? [Any])?.count == 2)
    #expect(try file("markdown").contains("- BIND-complaint-recorded · Complaint channel recorded (S0-03)"))
    #expect(try file("markdown").contains("| not exercised | 1 |"))
    #expect(
      try file("html").contains("<li>BIND-complaint-recorded · Complaint channel recorded (S0-03)</li>"))
    #expect(try file("sarif").contains("\"notExercised\": [\n"))
    #expect(try file("junit").contains("<skipped message=\"Rules not exercised (applicable to no case)\"/>"))
  }

  /// Symptom: a deadline counted past `covers` (cn-workdays ends 2026-12-31) was judged as if
  /// 2027 had no holidays; it is marked, counted, and unverifiable with --strict.
  @Test func deadlinePastCalendarDataIsMarkedAndCounted() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let csv = out.appendingPathComponent("findings.csv").path
    let run = try CLIRun.run(
      ["audit"] + Self.data + Self.sound + Self.cutOff + [
        "--format", "text", "--details", "--format", "csv=\(csv)",
      ])
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stdout.contains("past calendar data 1"))
    // C-2: received Wed 2026-12-30 16:00, answered Mon 2027-01-04 10:00. Weekly hours make Fri
    // 01-01 (元旦) a working day, so it is due then and judged violated: marked as unknowable.
    #expect(run.stdout.contains("passed 3 · violated 1 · pending 0 · unverifiable 0"))
    #expect(run.stdout.contains("      ⚠ Calendar: calendar cn-workdays data ends 2026-12-31\n"))
    let rows = String(decoding: try Data(contentsOf: URL(fileURLWithPath: csv)), as: UTF8.self)
    #expect(rows.contains(",calendar cn-workdays data ends 2026-12-31\r\n"))
    let strict = try CLIRun.run(
      ["audit"] + Self.data + Self.sound + Self.cutOff + ["--format", "text", "--details", "--strict"])
    #expect(strict.exitCode == 0, "\(strict.stderr)")
    #expect(strict.stdout.contains("passed 3 · violated 0 · pending 0 · unverifiable 1"))
    #expect(
      strict.stdout.contains(
        "Actual: calendar cn-workdays data ends 2026-12-31: holidays in the count are unknown"))
    #expect(strict.stdout.contains("⚠ Calendar: calendar cn-workdays data ends 2026-12-31"))
  }

  @Test func validateChecksNamesAgainstTheDataWithoutEvaluating() throws {
    let run = try CLIRun.run(
      ["rules", "validate", "Fixtures/bind/rules/misspelt.yaml", "Rules/calendars", "--data"]
        + ["Fixtures/bind/complaints.csv", "--record-type", "complaint", "--as-of", "2024-10-08"])
    #expect(run.exitCode == 0)
    #expect(run.stderr == Self.feedbakWarning + "\n" + Self.complaintsWarning + "\n")
    #expect(run.stdout == "5 files, 2 rules, 4 calendars: 0 errors, 2 warnings\n")
    let strict = try CLIRun.run(
      ["rules", "validate", "Fixtures/bind/rules/misspelt.yaml", "Rules/calendars", "--strict"]
        + ["--data", "Fixtures/bind/complaints.csv", "--record-type", "complaint", "--as-of", "2024-10-08"])
    #expect(strict.exitCode == 2)
  }

  @Test func validateWarnsWhenCalendarDataEndsWithinSixtyDays() throws {
    let run = try CLIRun.run(["rules", "validate", "Rules/calendars", "--as-of", "2026-12-06"])
    #expect(run.exitCode == 0)
    #expect(run.stdout == "4 files, 0 rules, 4 calendars: 0 errors, 2 warnings\n")
    #expect(
      run.stderr.hasPrefix(
        "Rules/calendars/cn-workdays.yaml:21:9: warning: calendar 'cn-workdays': holiday data "
          + "ends 2026-12-31, 25 days after the cut-off 2026-12-06"))
    let early = try CLIRun.run(["rules", "validate", "Rules/calendars", "--as-of", "2026-11-01"])
    #expect(early.stdout == "4 files, 0 rules, 4 calendars: 0 errors, 0 warnings\n")
    let strict = try CLIRun.run(["rules", "validate", "Rules/calendars", "--as-of", "2026-12-06", "--strict"])
    #expect(strict.exitCode == 2)
  }

  @Test func validateWarnsOnCitationsThatDoNotResolve() throws {
    let run = try CLIRun.run(
      ["rules", "validate", "Fixtures/bind/citations", "--as-of", "2024-10-08", "--regulations"]
        + ["Fixtures/bind/citations"])
    #expect(run.exitCode == 0)
    #expect(run.stderr.contains("warning: rule 'BIND-bad-citation': clause 'S0-99' is not in the catalogue"))
    #expect(
      run.stderr.contains(
        "warning: rule 'BIND-bad-citation': regulation file '000_17c2e5f7a1992ab5.txt' not found in Fixtures/bind/citations"
      ))
  }
}

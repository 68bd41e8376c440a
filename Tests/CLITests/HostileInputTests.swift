import Foundation
import Testing

/// Issue 13 through the binary: hostile rule files give a clear `file:line:column` error and
/// exit 2, never a crash or a hang.
@Suite struct HostileInputTests {
  /// A rule file with one condition rule; `check` and `extra` are spliced in as written.
  static func ruleFile(check: String, scope: String? = nil, extra: String = "") -> String {
    """
    schema: 1
    domain: hostile
    rules:
      - id: H-1
        title: {zh: 测试, en: test}
        message: {zh: 测试, en: test}
        clause: {id: S0-06, file: 000_17c2e5f7a1992ab4.txt, document: 客户服务管理制度, article: 四, quote: 接收}
        severity: minor
    \(scope.map { "    scope: {when: '\($0)'}\n" } ?? "")    check: \(check)
    \(extra)
    """
  }

  static let header = "    check: {kind: condition, assert: '"

  /// Writes `contents` to a fresh folder as `hostile.yaml` and returns its path.
  static func write(_ contents: [UInt8]) throws -> String {
    let folder = try CLIRun.temporaryFolder()
    let url = folder.appendingPathComponent("hostile.yaml")
    try Data(contents).write(to: url)
    return url.path
  }

  static func validate(_ contents: [UInt8]) throws -> (CLIRun, String) {
    let path = try write(contents)
    return (try CLIRun.run(["rules", "validate", path]), path)
  }

  static let tooDeep = "error: invalid expression: expression nested deeper than 256 levels"

  /// Expressions of issue 13 in `assert:`; the column is that of the token past the bound.
  @Test(arguments: [
    (
      "10,000 parentheses",
      String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000), 256
    ),
    (
      "10,000 calls", String(repeating: "abs(", count: 10_000) + "x" + String(repeating: ")", count: 10_000),
      1024
    ),
    ("30,000 not", String(repeating: "not ", count: 30_000) + "x", 1024),
    ("50,000-term '+'", "x" + String(repeating: " + x", count: 50_000) + " > 1", 1026),
  ])
  func deepAssertIsAnErrorAtItsColumn(name: String, expression: String, offset: Int) throws {
    let text = Self.ruleFile(check: "{kind: condition, assert: '\(expression)'}")
    let (run, path) = try Self.validate(Array(text.utf8))
    #expect(run.exitCode == 2)
    let column = Self.header.count + 1 + offset
    #expect(run.stderr.hasPrefix("\(path):9:\(column): \(Self.tooDeep)\n"), "\(run.stderr.prefix(300))")
    // The snippet is cut around the column, not the whole 40-200 KB line.
    #expect(run.stderr.count < 1_000)
  }

  @Test func deepWhenIsAnError() throws {
    let deep = String(repeating: "not ", count: 30_000) + "flag"
    let text = Self.ruleFile(check: "{kind: condition, assert: 'x > 1'}", scope: deep)
    let (run, path) = try Self.validate(Array(text.utf8))
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasPrefix("\(path):9:\("    scope: {when: '".count + 1 + 1024): \(Self.tooDeep)\n"))
  }

  /// A 30,000-condition `and` chain is legal: it loads, and its examples run.
  @Test func longAndChainLoadsAndRuns() throws {
    let chain = Array(repeating: "x > 1", count: 30_000).joined(separator: " and ")
    let examples = """
          examples:
            - {record: {x: 2}, events: ["received @ 2024-09-03 10:00"], expect: passed}
            - {record: {x: 1}, events: ["received @ 2024-09-03 10:00"], expect: violated}
      """
    let path = try Self.write(
      Array(Self.ruleFile(check: "{kind: condition, assert: '\(chain)'}", extra: examples).utf8))
    let validate = try CLIRun.run(["rules", "validate", path])
    #expect(validate.exitCode == 0, "\(validate.stderr.prefix(300))")
    let test = try CLIRun.run(["rules", "test", path])
    #expect(test.exitCode == 0)
    #expect(test.stdout.hasSuffix("2 passed, 0 failed\n"))
  }

  /// `5 / 0 == 0` is unverifiable, as `x / 0 == 0` is: folding and evaluation agree.
  @Test func divisionByZeroIsUnverifiableFoldedOrNot() throws {
    for assert in ["5 / 0 == 0", "x / 0 == 0"] {
      let examples = """
            examples:
              - {record: {x: 5}, events: ["received @ 2024-09-03 10:00"], expect: unverifiable}
        """
      let path = try Self.write(
        Array(Self.ruleFile(check: "{kind: condition, assert: '\(assert)'}", extra: examples).utf8))
      let run = try CLIRun.run(["rules", "test", path])
      #expect(run.exitCode == 0, "\(assert): \(run.stdout)")
      #expect(run.stdout.hasSuffix("1 passed, 0 failed\n"))
    }
  }

  /// An audit evaluates a condition at the depth bound, 256, on the worker threads.
  @Test func auditEvaluatesAnExpressionAtTheBound() throws {
    // 254 'not' + '(' + '==' = 256 levels; an even number of 'not' keeps the value.
    let assert = String(repeating: "not ", count: 254) + "(team == \"A\")"
    let folder = try CLIRun.temporaryFolder()
    try Self.ruleFile(check: "{kind: condition, assert: '\(assert)'}").write(
      to: folder.appendingPathComponent("deep.yaml"), atomically: true, encoding: .utf8)
    let run = try CLIRun.run(
      ["audit", "Fixtures/cli/tickets.csv", "--rules", folder.path] + CLIFixtures.september
        + ["--threads", "2", "--format", "text", "--lang", "en"])
    #expect(run.exitCode == 0, "\(run.stderr.prefix(300))")
    // T-1, T-3 and T-5 are team A, T-2 and T-4 team B.
    #expect(run.stdout.contains("passed 3 · violated 2 · pending 0 · unverifiable 0"))
  }

  /// `(a+)+$` on a 200-character value ran past 100 s with ICU; now both a condition and a
  /// fields check answer at once.
  @Test(arguments: [
    "{kind: condition, assert: 's matches \"(a+)+$\"'}", "{kind: fields, patterns: {s: '(a+)+$'}}",
  ])
  func catastrophicPatternAnswersAtOnce(check: String) throws {
    let value = String(repeating: "a", count: 200) + "!"
    let examples = """
          examples:
            - {record: {s: "\(value)"}, events: ["received @ 2024-09-03 10:00"], expect: violated}
            - {record: {s: "aaaa"}, events: ["received @ 2024-09-03 10:00"], expect: passed}
      """
    let path = try Self.write(Array(Self.ruleFile(check: check, extra: examples).utf8))
    let start = Date()
    let run = try CLIRun.run(["rules", "test", path])
    #expect(run.exitCode == 0, "\(run.stdout) \(run.stderr)")
    #expect(run.stdout.hasSuffix("2 passed, 0 failed\n"))
    #expect(Date().timeIntervalSince(start) < 20)
  }

  /// What the linear matcher does not support is a load error naming the character.
  @Test func backreferenceIsALoadError() throws {
    let text = Self.ruleFile(check: "{kind: fields, patterns: {s: '(a)\\1'}}")
    let (run, path) = try Self.validate(Array(text.utf8))
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasPrefix(
        "\(path):9:"), "\(run.stderr)")
    #expect(run.stderr.contains("backreferences are not supported at character 4"), "\(run.stderr)")
  }

  /// A rejected 1 MB pattern is quoted in part: the error stays a few hundred bytes.
  @Test func hugeRejectedPatternGivesAShortError() throws {
    let pattern = String(repeating: "a", count: 1_000_000) + "(?=b)"
    let (run, path) = try Self.validate(
      Array(Self.ruleFile(check: "{kind: fields, patterns: {s: '\(pattern)'}}").utf8))
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasPrefix("\(path):9:"))
    #expect(run.stderr.contains("lookaround is not supported at character 1000001"))
    #expect(run.stderr.utf8.count < 2_000)
  }

  @Test func hundredThousandNestedFlowSequencesAreAnError() throws {
    let (run, path) = try Self.validate(Array((String(repeating: "[", count: 100_000) + "\n").utf8))
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasPrefix("\(path):1:257: error: nesting deeper than 256 levels is not supported\n"))
  }

  @Test func deepBlockNestingIsAnError() throws {
    let (run, path) = try Self.validate(
      Array(("rules:\n" + String(repeating: "- ", count: 100_000) + "x\n").utf8))
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasPrefix("\(path):2:511: error: nesting deeper than 256 levels is not supported\n"))
  }

  @Test func nulByteIsReportedWithItsPosition() throws {
    let (run, path) = try Self.validate(Array("s".utf8) + [0] + Array("chema: 1\n".utf8))
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasPrefix("\(path):1:2: error: file contains a NUL byte\n"))
    #expect(!run.stderr.contains("UTF-16"))
  }

  /// The FuzzCalendar finding: a holiday of decades made every deadline walk millions of days;
  /// such a calendar is now a load error at the holiday (and `covers` is bounded likewise).
  @Test func calendarWithoutWorkingTimeForDecadesIsAnError() throws {
    let regression = CLIRun.repositoryRoot.appendingPathComponent(
      "Fuzzing/Regressions/FuzzCalendar/holiday-99-years.yaml")
    let (run, path) = try Self.validate(Array(try Data(contentsOf: regression)))
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasPrefix(
        "\(path):13:5: error: no working time for 36160 days in a row (2014-01-01 to 2113-01-01); a calendar may have at most 366 days off in a row\n"
      ))
  }

  /// A fuzzer's rule file whose example ran a daily check over 2,025 years (2 GB, 15 s) is now a
  /// load error at the example's period.
  @Test func exampleOverTwoThousandYearsIsAnError() throws {
    let path = "Fuzzing/Regressions/FuzzRuleFile/oom-2025-year-daily-example.yaml"
    let run = try CLIRun.run(["rules", "test", path])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasPrefix(
        "\(path):41:40: error: examples[1].period spans 739623 days (2023-09-13 to 4048-09-19); at most 36525 (100 years) are allowed\n"
      ))
  }

  /// A YAML error inside a 10 MB scalar shows 200 characters around the column, not the line.
  @Test func errorInAHugeScalarShowsAShortSnippet() throws {
    let text = "schema: 1\ndomain: \"" + String(repeating: "x", count: 10_000_000) + "\\q\"\n"
    let (run, path) = try Self.validate(Array(text.utf8))
    #expect(run.exitCode == 2)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.first?.hasPrefix("\(path):2:") == true, "\(run.stderr.prefix(300))")
    #expect(run.stderr.count < 1_000)
    #expect(lines.count >= 3 && lines[1].hasPrefix("…"))
  }

  /// A million working days or hours on a calendar with one working day a week: the count gave
  /// up after 2,000,000 days and judged an answer of the year 9000 late (the due time was a
  /// Wednesday of 7499, for working hours the start itself); the due time is now the exact one.
  @Test func longestCountOnASparseCalendarIsJudgedOnItsExactDueTime() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, span) in [("mondays", "09:00-18:00"), ("monday-hour", "09:00-10:00")] {
      try """
      calendar: \(name)
      time_zone: UTC
      working_hours: {mon: ["\(span)"], tue: [], wed: [], thu: [], fri: [], sat: [], sun: []}
      """.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
    }
    func rule(_ id: String, _ calendar: String, _ within: String, _ events: String) -> String {
      Self.ruleFile(check: "{kind: deadline, start: received, end: answered, within: \(within)}")
        .replacingOccurrences(of: "H-1", with: id)
        .replacingOccurrences(of: "    check:", with: "    calendar: \(calendar)\n    check:")
        + "    examples:\n      - events: \(events)\n        expect: passed\n"
    }
    let days = rule(
      "H-days", "mondays", "1000000 working days",
      #"["received @ 2024-01-01 10:00", "answered @ 9000-01-01 10:00"]"#)
    let hours = rule(
      "H-hours", "monday-hour", "1000000 working hours",
      #"["received @ 2024-01-01 09:00", "answered @ 2024-01-01 11:00"]"#)
    let rules = days + hours.components(separatedBy: "rules:\n").dropFirst().joined()
    try rules.write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
    let run = try CLIRun.run(["rules", "test", folder.path])
    #expect(run.stderr == "")
    #expect(run.stdout.hasSuffix("2 examples in 2 rules: 2 passed, 0 failed\n"), "\(run.stdout)")
    #expect(run.exitCode == 0)
  }

  /// An example whose occurrences lie two centuries apart, without a period: `rules test` asks
  /// for the example's `period:`, not for options it does not take.
  @Test func exampleOverACenturyAsksForTheExamplesPeriod() throws {
    let text =
      Self.ruleFile(check: "{kind: periodic, entity: site, occurrence: {field: at}, every: day, at_least: 1}")
        + """
            examples:
              - cases:
                  - {id: c1, record: {site: S-1, at: "1832-09-18 09:30"}}
                  - {id: c2, record: {site: S-1, at: "2024-09-18 09:30"}}
                as_of: "2024-09-20 00:00"
                expect: passed

        """
    let path = try Self.write(Array(text.utf8))
    let run = try CLIRun.run(["rules", "test", path])
    #expect(run.exitCode == 1)
    #expect(
      run.stdout.contains(
        "got S-1: unverifiable (the audit period spans 70129 days, more than 36525 (100 years); give the example a period: {from: …, to: …})"
      ), "\(run.stdout)")
  }

  /// Found by FuzzDatasetDescription: a YAML tag where the record type belongs loaded a source
  /// whose record type was empty. It is a load error at the value's position (exit 2).
  @Test func taggedEmptyRecordTypeIsAnErrorAtItsPosition() throws {
    let folder = try CLIRun.temporaryFolder()
    let description = folder.appendingPathComponent("dataset.yaml").path
    try "sources:\n  - file: log.csv\n    record: !work_log\n    case_id: id\n".write(
      toFile: description, atomically: true, encoding: .utf8)
    try "id\n1\n".write(
      toFile: folder.appendingPathComponent("log.csv").path, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(
      ["audit", "--dataset", description, "--rules", "Rules/customer-service"] + CLIFixtures.september)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "\(description):3:13: error: 'record' must not be empty ('!work_log' is a YAML tag, not a value)"),
      "\(run.stderr.prefix(400))")
  }
}

import Foundation
import Testing

/// `policy-check sql` against the native engine: the compiled audit of the fixture month, run in
/// a real engine, must make exactly the native judgements for every rule that compiles.
@Suite("SQL compilation", .serialized)
struct SQLDifferentialTests {
  static let month = [
    "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00",
  ]

  @Test("every compiled rule judges the fixture month as the native engine does (DuckDB)")
  func duckDBAgreesWithNative() throws {
    guard try Self.importable("duckdb") else { return }
    let total = try compare(engine: "duckdb", database: nil)
    Self.expectMonthCoverage(total)
  }

  /// Whether a Python package is importable; when not, the test is skipped with the reason
  /// printed, and under CI (which installs it, .ci/run) it fails.
  static func importable(_ package: String) throws -> Bool {
    let probe = try DatabaseFixture.run(["python3", "-c", "import \(package)"])
    guard probe.code != 0 else { return true }
    let reason = "the \(package) Python package is not importable (pip install \(package)): \(probe.output)"
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record(Comment(rawValue: reason))
    } else {
      print("skipped: \(reason)")
    }
    return false
  }

  /// The fixture month (all 157 shipped rules) in Spark SQL, local[2]: ~10 minutes here, so it
  /// runs when `POLICY_CHECK_SPARK_MONTH=1` (`make spark-month`, its own step of `.ci/run`).
  @Test("every rule judges the fixture month in Spark SQL as the native engine does")
  func sparkJudgesTheFixtureMonth() throws {
    guard ProcessInfo.processInfo.environment["POLICY_CHECK_SPARK_MONTH"] == "1" else {
      print("skipped: the fixture month in Spark runs with POLICY_CHECK_SPARK_MONTH=1 (make spark-month)")
      return
    }
    guard try Self.importable("pyspark") else { return }
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let audit = try prepare(engine: "spark", arguments: Self.month, in: folder, name: "month")
    let rows = folder.appendingPathComponent("rows")
    let ran = try DatabaseFixture.run(
      [
        "python3", "scripts/spark-run.py", audit.script, "--verbose", "--format", "jsonl", "--out-dir",
        rows.path,
      ])
    try #require(ran.code == 0, "spark-run.py: \(ran.output.suffix(3000))")
    print(ran.output.split(separator: "\n").filter { $0.contains("statements in") }.joined(separator: "\n"))
    let total = try judge(audit, rows: rows.appendingPathComponent("month.jsonl").path, engine: "spark month")
    Self.expectMonthCoverage(total)
    #expect(total.3 == 157, "\(total)")
  }

  /// The edge cases, expressions and awkward text and the help-desk log (at both cut-offs) in
  /// Spark SQL, local[2]: the scripts run one after another in one Spark session
  /// (`scripts/spark-run.py`), which takes ~12 s to start here.
  @Test("every compiled rule judges as the native engine does (Spark SQL)")
  func sparkAgreesWithNative() throws {
    guard try Self.importable("pyspark") else { return }
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Each audit, and the totals (rules, compiled, refused, identical) it must come to.
    var runs: [(name: String, arguments: [String], expected: (Int, Int, Int, Int))] = [
      (
        "edge", try Self.arguments(rules: Self.edgeRules, log: Self.edgeLog, in: folder, name: "edge"),
        (5, 5, 0, 5)
      ),
      (
        "expressions",
        try Self.arguments(
          rules: Self.expressionRules, log: Self.expressionLog, in: folder, name: "expressions"),
        (7, 7, 0, 7)
      ),
      (
        "text", try Self.arguments(rules: Self.textRules, log: Self.textLog, in: folder, name: "text"),
        (1, 1, 0, 1)
      ),
      ("lookups", try Self.lookupArguments(in: folder), (4, 4, 0, 4)),
    ]
    if FileManager.default.fileExists(atPath: Self.helpdeskLog) {
      runs += [
        ("helpdesk-end", Self.helpdesk(asOf: "2014-12-31 00:00"), (4, 4, 0, 4)),
        ("helpdesk-inside", Self.helpdesk(asOf: "2012-06-04 12:00"), (4, 4, 0, 4)),
      ]
    }
    // The fixture month is not among them: it runs for minutes (`sparkJudgesTheFixtureMonth`).
    let audits = try runs.map {
      try prepare(engine: "spark", arguments: $0.arguments, in: folder, name: $0.name)
    }
    let rows = folder.appendingPathComponent("rows")
    let ran = try DatabaseFixture.run(
      ["python3", "scripts/spark-run.py"] + audits.map(\.script) + [
        "--format", "jsonl", "--out-dir", rows.path,
      ])
    try #require(ran.code == 0, "spark-run.py: \(ran.output.suffix(3000))")
    for (run, audit) in zip(runs, audits) {
      let total = try judge(
        audit, rows: rows.appendingPathComponent("\(run.name).jsonl").path, engine: "spark \(run.name)")
      #expect(total == run.expected, "\(run.name): \(total)")
    }
    // Spark plans a lookup with a time condition as a product of outer times and events, a
    // range lookup in a calendar table as one of instants and intervals, and a range join on
    // periods as one of rows and periods; the compiled lookups are joins on the case, working
    // time an index into the calendar's arrays, a period an equality on its place (docs/sql.md
    // "On a cluster").
    var explained = ["lookups", "edge"]
    if runs.contains(where: { $0.name == "helpdesk-end" }) { explained.append("helpdesk-end") }
    let scripts = explained.map { name in audits[runs.firstIndex { $0.name == name }!].script }
    let plans = try DatabaseFixture.run(
      ["python3", "scripts/spark-run.py"] + scripts + [
        "--explain", "all", "--out-dir", folder.appendingPathComponent("plans").path,
      ])
    try #require(plans.code == 0, "spark-run.py --explain: \(plans.output.suffix(3000))")
    let summaries = plans.output.split(separator: "\n").filter {
      ($0.hasPrefix("-- LK-") || $0.hasPrefix("-- EDGE-w") || $0.hasPrefix("-- EDGE-nwd")
        || $0.hasPrefix("-- HD-S4-06-on-time-rate"))
        && $0.contains(": shuffles by")
    }
    #expect(summaries.count == 7 + (explained.count == 3 ? 1 : 0), "\(plans.output.suffix(3000))")
    for summary in summaries {
      #expect(summary.hasSuffix("products: 0"), "\(summary)")
    }
  }

  @Test("lookups under a time condition agree with the native engine: ends, done, responses, approvals")
  func lookupsAgree() throws {
    try agree(rules: Self.lookupRules, log: Self.lookupLog, compiled: 4, resource: "who")
  }

  static func lookupArguments(in folder: URL) throws -> [String] {
    try arguments(rules: lookupRules, log: lookupLog, in: folder, name: "lookups", resource: "who")
  }

  /// The four kinds whose lookups carry a time condition: the first end at or after the start
  /// (an end before the start, two after it, none, one only before it) with `not_before`; the
  /// first done event after the start and an escalation in time or late; responses paired with
  /// the triggers before them (`each`); approvals at or before the action by the requester, by
  /// another resource, by none, and after the action.
  static let lookupRules = """
    schema: 1
    rules:
      - id: LK-end
        title: {zh: 到场, en: arrival}
        message: {zh: 超时, en: late}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        check: {kind: deadline, start: received, end: arrived, within: 2h, not_before: -10m}
      - id: LK-escalate
        title: {zh: 升级, en: escalation}
        message: {zh: 未升级, en: not escalated}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        check: {kind: escalation, start: received, done: resolved, within: 1h, escalation: escalated, escalate_within: 30m}
      - id: LK-reply
        title: {zh: 回复, en: reply}
        message: {zh: 未回复, en: no reply}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: response, trigger: email, response: reply, within: 1h, each: true}
      - id: LK-approve
        title: {zh: 审批, en: approval}
        message: {zh: 未审批, en: not approved}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        check:
          kind: approval
          action: shipped
          requester: requested
          distinct: true
          approvals:
            - {by: approved}
            - {by: signed}

    """

  static let lookupLog = """
    {"case": "D1", "activity": "arrived", "time": "2024-09-11 08:00", "who": "a"}
    {"case": "D1", "activity": "received", "time": "2024-09-11 09:00", "who": "a"}
    {"case": "D1", "activity": "arrived", "time": "2024-09-11 10:30", "who": "a"}
    {"case": "D1", "activity": "arrived", "time": "2024-09-11 12:00", "who": "a"}
    {"case": "D2", "activity": "received", "time": "2024-09-11 09:00"}
    {"case": "D2", "activity": "arrived", "time": "2024-09-11 08:55"}
    {"case": "D3", "activity": "received", "time": "2024-09-11 09:00"}
    {"case": "D3", "activity": "arrived", "time": "2024-09-11 08:00"}
    {"case": "D4", "activity": "received", "time": "2024-09-30 09:30"}
    {"case": "D5", "activity": "received", "time": "2024-09-12 09:00"}
    {"case": "D5", "activity": "arrived", "time": "2024-09-12 11:01"}
    {"case": "S1", "activity": "resolved", "time": "2024-09-12 08:00"}
    {"case": "S1", "activity": "received", "time": "2024-09-12 09:00"}
    {"case": "S1", "activity": "resolved", "time": "2024-09-12 09:50"}
    {"case": "S2", "activity": "received", "time": "2024-09-12 09:00"}
    {"case": "S2", "activity": "escalated", "time": "2024-09-12 10:20"}
    {"case": "S2", "activity": "resolved", "time": "2024-09-12 13:00"}
    {"case": "S3", "activity": "received", "time": "2024-09-12 09:00"}
    {"case": "S3", "activity": "escalated", "time": "2024-09-12 08:00"}
    {"case": "S3", "activity": "escalated", "time": "2024-09-12 10:40"}
    {"case": "R1", "activity": "reply", "time": "2024-09-20 09:00"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:00"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:10"}
    {"case": "R1", "activity": "reply", "time": "2024-09-20 10:30"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:40"}
    {"case": "R1", "activity": "reply", "time": "2024-09-20 12:00"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 12:00"}
    {"case": "A1", "activity": "requested", "time": "2024-09-13 09:00", "who": "x"}
    {"case": "A1", "activity": "approved", "time": "2024-09-13 10:00", "who": "y"}
    {"case": "A1", "activity": "signed", "time": "2024-09-13 10:30", "who": "z"}
    {"case": "A1", "activity": "shipped", "time": "2024-09-13 11:00", "who": "x"}
    {"case": "A2", "activity": "requested", "time": "2024-09-13 09:00", "who": "x"}
    {"case": "A2", "activity": "approved", "time": "2024-09-13 10:00", "who": "x"}
    {"case": "A2", "activity": "signed", "time": "2024-09-13 10:30", "who": "z"}
    {"case": "A2", "activity": "shipped", "time": "2024-09-13 11:00", "who": "x"}
    {"case": "A3", "activity": "requested", "time": "2024-09-13 09:00", "who": "x"}
    {"case": "A3", "activity": "approved", "time": "2024-09-13 10:00"}
    {"case": "A3", "activity": "signed", "time": "2024-09-13 10:30", "who": "z"}
    {"case": "A3", "activity": "shipped", "time": "2024-09-13 11:00", "who": "x"}
    {"case": "A4", "activity": "requested", "time": "2024-09-13 09:00", "who": "x"}
    {"case": "A4", "activity": "approved", "time": "2024-09-13 10:00", "who": "y"}
    {"case": "A4", "activity": "shipped", "time": "2024-09-13 11:00", "who": "x"}
    {"case": "A4", "activity": "signed", "time": "2024-09-13 11:30", "who": "z"}

    """

  /// The fixture month audits 157 rules, and every one compiles: a refusal is a regression of
  /// the compiler, not a difference.
  static func expectMonthCoverage(_ total: (Int, Int, Int, Int)) {
    #expect(total.0 == 157, "the fixture month audits 157 rules")
    #expect(total.1 == 157 && total.2 == 0, "only \(total.1) rules compiled")
  }

  @Test("every compiled rule judges the fixture month as the native engine does (PostgreSQL)")
  func postgresAgreesWithNative() throws {
    try DatabaseFixture.withPostgres { url in
      Self.expectMonthCoverage(try compare(engine: "postgres", database: url))
    }
  }

  /// The real help-desk log (`shared/data/helpdesk.csv`, beside the repository) with
  /// `Packs/helpdesk`, at the end of the log and at a cut-off inside it (pending judgements).
  static let helpdeskLog = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    .deletingLastPathComponent().appendingPathComponent("shared/data/helpdesk.csv").path

  static func helpdesk(asOf: String) -> [String] {
    [
      "--rules", "Rules/calendars", "--rules", "Packs/helpdesk", helpdeskLog, "--time-zone", "Europe/Rome",
      "--as-of", asOf,
    ]
  }

  @Test(
    "the help-desk pack judges the real help-desk log as the native engine does",
    .enabled(
      if: FileManager.default.fileExists(atPath: helpdeskLog), "shared/data/helpdesk.csv is absent"),
    arguments: ["2014-12-31 00:00", "2012-06-04 12:00"])
  func helpdeskAgrees(asOf: String) throws {
    if try DatabaseFixture.run(["python3", "-c", "import duckdb"]).code == 0 {
      let total = try compare(engine: "duckdb", database: nil, arguments: Self.helpdesk(asOf: asOf))
      #expect(total == (4, 4, 0, 4), "\(total)")
    }
    try DatabaseFixture.withPostgres { url in
      let total = try compare(engine: "postgres", database: url, arguments: Self.helpdesk(asOf: asOf))
      #expect(total == (4, 4, 0, 4), "\(total)")
    }
  }

  @Test("edge cases agree with the native engine: exact limits, working time across 中秋, pairing, null")
  func edgeCasesAgree() throws {
    try agree(rules: Self.edgeRules, log: Self.edgeLog, compiled: 5)
  }

  /// Runs `rules` on a JSON Lines `log` (`case`, `activity`, `time`) in every engine at hand and
  /// expects all `compiled` rules to compile and judge as natively.
  private func agree(rules: String, log: String, compiled count: Int, resource: String? = nil) throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let arguments = try Self.arguments(rules: rules, log: log, in: folder, name: "rules", resource: resource)
    if try DatabaseFixture.run(["python3", "-c", "import duckdb"]).code == 0 {
      let total = try compare(engine: "duckdb", database: nil, arguments: arguments)
      #expect(total.1 == count && total.3 == count, "\(total)")
    }
    try DatabaseFixture.withPostgres { url in
      let total = try compare(engine: "postgres", database: url, arguments: arguments)
      #expect(total.1 == count && total.3 == count, "\(total)")
    }
  }

  /// The audit arguments of `rules` on a JSON Lines `log`, written to `<name>.yaml` and `<name>.jsonl` in `folder`
  /// (the resource in the key `resource` when given).
  static func arguments(
    rules: String, log: String, in folder: URL, name: String, resource: String? = nil
  ) throws -> [String] {
    let rulesFile = folder.appendingPathComponent("\(name).yaml")
    let logFile = folder.appendingPathComponent("\(name).jsonl")
    try rules.write(to: rulesFile, atomically: true, encoding: .utf8)
    try log.write(to: logFile, atomically: true, encoding: .utf8)
    return [
      "--rules", rulesFile.path, logFile.path, "--case-id", "case", "--activity", "activity", "--timestamp",
      "time",
      "--month", "2024-09", "--as-of", "2024-09-30T10:00:00+08:00",
    ] + (resource.map { ["--resource", $0] } ?? [])
  }

  /// Five rules whose native outcomes on `edgeLog` cover every outcome: 6 working hours met exactly
  /// and missed by a minute, counted across the 中秋 holiday and the 调休 Saturday, met the next
  /// morning with no working time between; working days; next working day; three triggers paired
  /// with two responses; a condition that is null.
  static let edgeRules = """
    schema: 1
    rules:
      - id: EDGE-wh
        title: {zh: 工作时间, en: working hours}
        message: {zh: 超时, en: late}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        calendar: cn-workdays
        check:
          kind: deadline
          start: received
          end: arrived
          within: {by: zone, tiers: {city: 6 working hours, suburb: 7 working hours}}
      - id: EDGE-wd
        title: {zh: 工作日, en: working days}
        message: {zh: 超时, en: late}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        calendar: cn-workdays
        check: {kind: deadline, start: received, end: arrived, within: 2 working days}
      - id: EDGE-nwd
        title: {zh: 次日, en: next working day}
        message: {zh: 超时, en: late}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        calendar: cn-workdays
        check: {kind: deadline, start: received, end: arrived, within: next working day}
      - id: EDGE-reply
        title: {zh: 回复, en: reply}
        message: {zh: 超时, en: late}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: major
        check: {kind: response, trigger: email, response: reply, within: 1h, each: true}
      - id: EDGE-amount
        title: {zh: 金额, en: amount}
        message: {zh: 超额, en: over}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        scope: {when: 'has("received") or count("email") >= 2'}
        check: {kind: condition, assert: 'amount <= 100 or (zone == "suburb" and not (amount > 500))'}

    """

  static let edgeLog = """
    {"case": "E1", "activity": "received", "time": "2024-09-11 09:00", "zone": "city", "amount": 50}
    {"case": "E1", "activity": "arrived", "time": "2024-09-11 15:00", "zone": "city", "amount": 50}
    {"case": "E2", "activity": "received", "time": "2024-09-11 09:00", "zone": "city", "amount": 150}
    {"case": "E2", "activity": "arrived", "time": "2024-09-11 15:01", "zone": "city", "amount": 150}
    {"case": "E3", "activity": "received", "time": "2024-09-13 17:00", "zone": "city", "amount": null}
    {"case": "E3", "activity": "arrived", "time": "2024-09-14 13:00", "zone": "city"}
    {"case": "E4", "activity": "received", "time": "2024-09-11 12:00", "zone": "city", "amount": 300}
    {"case": "E4", "activity": "arrived", "time": "2024-09-12 09:00", "zone": "city", "amount": 300}
    {"case": "E5", "activity": "received", "time": "2024-09-12 10:00", "zone": "suburb", "amount": 600}
    {"case": "E6", "activity": "received", "time": "2024-09-29 17:00", "zone": "suburb", "amount": 400}
    {"case": "E7", "activity": "arrived", "time": "2024-09-10 08:00", "zone": "north"}
    {"case": "E7", "activity": "received", "time": "2024-09-10 09:00", "zone": "north"}
    {"case": "E8", "activity": "received", "time": "2024-09-13 18:30", "zone": "suburb"}
    {"case": "E8", "activity": "arrived", "time": "2024-09-18 09:00", "zone": "suburb"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:00"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:10"}
    {"case": "R1", "activity": "reply", "time": "2024-09-20 10:30"}
    {"case": "R1", "activity": "email", "time": "2024-09-20 10:40"}
    {"case": "R1", "activity": "reply", "time": "2024-09-20 12:00"}
    {"case": "R2", "activity": "reply", "time": "2024-09-20 09:00"}
    {"case": "R2", "activity": "email", "time": "2024-09-20 10:00"}
    {"case": "R3", "activity": "email", "time": "2024-09-30 09:30"}

    """

  @Test("expression functions, text read as numbers and fields of several types agree with the native engine")
  func expressionsAgree() throws {
    try agree(rules: Self.expressionRules, log: Self.expressionLog, compiled: 7)
  }

  /// Rules over every compiled function and the type coercions: a remainder with a negative
  /// divisor (of integers: PostgreSQL stops at others), rounding half away from zero, text compared with numbers (spaces, `n/a`, an
  /// exponent, `-.5`), length and case of Chinese and ASCII text, durations from numbers and
  /// scaled, `min`/`max`, `date`, a field holding numbers and text, `allowed` numbers.
  static let expressionRules = """
    schema: 1
    rules:
      - id: EXPR-1
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'round(amount / 7) == 2 or round(amount) % 7 > 3 or round(amount) % -4 == -1'}
      - id: EXPR-2
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'code > 35 or code in [7, "x"]'}
      - id: EXPR-3
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'len(name) >= 3 and upper(name) != lower(name) or contains(name, "修")'}
      - id: EXPR-4
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'hours(amount) + minutes(amount) * 1.5 > days(1) / 3 and round(-2.5) == -3'}
      - id: EXPR-5
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'min(amount, 100) < max(amount, 50) and date(first("received")) == "2024-09-11" or max(name, "m") == name'}
      - id: EXPR-6
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'rating >= 2 and rating != "2"'}
      - id: EXPR-7
        title: {zh: 表达式, en: expression}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: fields, allowed: {amount: ["50", "150.5", "7.0"], rating: ["2", "5"]}}
    """

  static let expressionLog = """
    {"case": "X1", "activity": "received", "time": "2024-09-11 09:00", "amount": 50, "code": " 42 ", "name": "维修ab", "rating": 2}
    {"case": "X2", "activity": "received", "time": "2024-09-12 09:00", "amount": 150.5, "code": "n/a", "name": "ABC", "rating": "2"}
    {"case": "X3", "activity": "received", "time": "2024-09-13 23:30", "amount": -17.5, "code": "1e3", "name": "x", "rating": "5"}
    {"case": "X4", "activity": "received", "time": "2024-09-14 09:00", "amount": 7, "code": "7", "name": "Zz", "rating": 1}
    {"case": "X5", "activity": "received", "time": "2024-09-15 09:00", "code": "-.5", "name": "修", "rating": null}
    {"case": "X6", "activity": "received", "time": "2024-09-16 09:00", "amount": 14.000001, "code": "x", "rating": "abc"}

    """

  @Test("text with quotes, backslashes and control characters loads as the native engine reads it")
  func awkwardTextAgrees() throws {
    try agree(rules: Self.textRules, log: Self.textLog, compiled: 1)
  }

  /// One allowed value holding a quote of each kind, a backslash, a tab and a control character;
  /// the cases hold it exactly (passed) or with one character more or less (violated), so a load
  /// that changed any character makes a passed case violated.
  static let textRules = #"""
    schema: 1
    rules:
      - id: TEXT-1
        title: {zh: 文本, en: text}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: fields, allowed: {name: ["a'b\"c\\d\te\u0001f 维修"]}}

    """#

  static let textLog = #"""
    {"case": "T1", "activity": "received", "time": "2024-09-11 09:00", "name": "a'b\"c\\d\te\u0001f 维修"}
    {"case": "T2", "activity": "received", "time": "2024-09-11 09:00", "name": "a'b\"c\\d\te\u0001f 维修\n"}
    {"case": "T3", "activity": "received", "time": "2024-09-11 09:00", "name": "a'b\"c\\d\tef 维修"}
    {"case": "T4", "activity": "received", "time": "2024-09-11 09:00", "name": "a'b\"c\\\\d\te\u0001f 维修"}

    """#

  @Test("a rule that does not compile is an error naming the rule, its position and the construct")
  func refusalNamesTheConstruct() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("regex.yaml").path
    try """
    schema: 1
    rules:
      - id: EDGE-regex
        title: {zh: 正则, en: regex}
        message: {zh: 不符, en: mismatch}
        clause: {id: S2-26, file: 002_a90f5f0739c4ad4b.txt, document: d, article: a, quote: q}
        severity: minor
        check: {kind: condition, assert: 'zone matches "(?i)^c"'}

    """.write(toFile: file, atomically: true, encoding: .utf8)
    for dialect in ["duckdb", "postgres", "spark"] {
      let run = try CLIRun.run(["sql", "--rules", file, "--dialect", dialect] + Self.month)
      #expect(run.exitCode == 2)
      #expect(run.stdout.isEmpty)
      #expect(
        run.stderr.contains(
          "\(file):3:5: error: rule 'EDGE-regex' (condition): cannot compile to SQL: 'matches'"),
        "\(run.stderr)")
      #expect(run.stderr.contains("--skip-refused leaves them out"), "\(run.stderr)")
      // Left out with --skip-refused: a warning, and the script names it.
      let skipped = try CLIRun.run(
        ["sql", "--rules", file, "--dialect", dialect, "--skip-refused"] + Self.month)
      #expect(skipped.exitCode == 0, "\(skipped.stderr)")
      #expect(skipped.stderr.contains("\(file):3:5: warning: rule 'EDGE-regex'"), "\(skipped.stderr)")
      #expect(skipped.stdout.contains("-- left out: EDGE-regex: 'matches'"), "\(skipped.stdout)")
    }
  }

  @Test("a field named like a table alias is refused in Spark SQL, which would resolve it as the column")
  func sparkRefusesAliasLikeFields() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let log = #"{"case": "A1", "activity": "received", "time": "2024-09-11 09:00", "x": 5}"# + "\n"
    let arguments = try Self.arguments(rules: Self.textRules, log: log, in: folder, name: "alias")
    let spark = try CLIRun.run(["sql", "--dialect", "spark"] + arguments)
    #expect(spark.exitCode == 2)
    #expect(
      spark.stderr.contains(
        "error: rule 'TEXT-1' (fields): cannot compile to SQL: field column 'x' in Spark SQL (named like a table alias"
      ),
      "\(spark.stderr)")
    #expect(try CLIRun.run(["sql", "--dialect", "duckdb"] + arguments).exitCode == 0)
  }

  /// One judgement as compared: rule, subject, period, outcome and (where the native finding has a
  /// deadline) the due time in milliseconds.
  struct Row: Hashable, Comparable {
    var subject: String
    var period: String
    var outcome: String
    var due: Int64?
    static func < (a: Row, b: Row) -> Bool {
      (a.subject, a.period, a.outcome, a.due ?? .min) < (b.subject, b.period, b.outcome, b.due ?? .min)
    }
  }

  /// Compiles and runs the audit of `arguments` in `engine`, compares it with the native audit and
  /// prints the table per kind; returns the totals (rules, compiled, refused, identical).
  @discardableResult
  private func compare(engine: String, database: String?, arguments: [String] = Self.month) throws -> (
    Int, Int, Int, Int
  ) {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let audit = try prepare(engine: engine, arguments: arguments, in: folder, name: "audit")
    let rowsPath = folder.appendingPathComponent("judgements.jsonl").path
    let ran = try DatabaseFixture.run(
      ["python3", "scripts/sql-run.py", engine, audit.script, "--out", rowsPath]
        + (database.map { ["--database", $0] } ?? []))
    try #require(ran.code == 0, "sql-run.py: \(ran.output.prefix(2000))")
    return try judge(audit, rows: rowsPath, engine: engine)
  }

  /// A compiled script and the native audit of the same arguments, to compare.
  struct Audit {
    var script: String
    var native: String
    var compilerOutput: String
  }

  /// Compiles the audit of `arguments` for `engine` to `<name>.sql` in `folder` and audits natively.
  private func prepare(engine: String, arguments: [String], in folder: URL, name: String) throws -> Audit {
    let script = folder.appendingPathComponent("\(name).sql").path
    let native = folder.appendingPathComponent("\(name).native.json").path
    let compiled = try CLIRun.run(
      ["sql", "--dialect", engine, "--with-data", "--skip-refused", "-o", script] + arguments)
    #expect(compiled.exitCode == 0, "\(compiled.stderr)")
    let audit = try CLIRun.run(["audit", "--format", "json=\(native)"] + arguments)
    #expect(audit.exitCode == 0, "\(audit.stderr)")
    return Audit(script: script, native: native, compilerOutput: compiled.stderr)
  }

  /// Compares the judgement rows (JSON Lines at `rows`) of a compiled audit with its native audit
  /// and prints the table per kind; returns the totals (rules, compiled, refused, identical).
  private func judge(_ audit: Audit, rows rowsPath: String, engine: String) throws -> (Int, Int, Int, Int) {
    let native = audit.native
    let judgementLines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: rowsPath)), as: UTF8.self)

    // The rules left out, by id, from the warnings.
    var refused: [String: String] = [:]
    for line in audit.compilerOutput.split(separator: "\n") where line.contains("cannot compile to SQL: ") {
      guard let start = line.range(of: "rule '"), let end = line[start.upperBound...].firstIndex(of: "'")
      else {
        continue
      }
      refused[String(line[start.upperBound..<end])] = String(
        line.split(separator: ": cannot compile to SQL: ").last ?? "")
    }
    // The SQL judgements per rule.
    var sqlRows: [String: [Row]] = [:]
    var sqlPassed: [String: Int] = [:]
    for line in judgementLines.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a row: \(line)")
      let rule = try #require(object["rule_id"] as? String)
      let outcome = try #require(object["outcome"] as? String)
      if outcome == "passed" {
        sqlPassed[rule, default: 0] += 1
        sqlRows[rule, default: []] += []
        continue
      }
      sqlRows[rule, default: []].append(
        Row(
          subject: object["subject"] as? String ?? "", period: object["period"] as? String ?? "",
          outcome: outcome, due: (object["due_ms"] as? NSNumber)?.int64Value))
    }
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: native))) as? [String: Any]
    )
    let rules = try #require(report["rules"] as? [[String: Any]])
    var table: [String: (rules: Int, compiled: Int, refused: Int, identical: Int)] = [:]
    var differing: [String] = []
    for rule in rules {
      let id = try #require(rule["id"] as? String)
      let kind = try #require(rule["kind"] as? String)
      var entry = table[kind] ?? (0, 0, 0, 0)
      entry.rules += 1
      defer { table[kind] = entry }
      if refused[id] != nil {
        entry.refused += 1
        #expect(sqlRows[id] == nil, "refused rule \(id) has SQL judgements")
        continue
      }
      entry.compiled += 1
      let counts = try #require(rule["counts"] as? [String: Any])
      let findings = try #require(rule["findings"] as? [[String: Any]])
      let nativeRows = findings.map { finding in
        let deadline = finding["deadline"] as? [String: Any]
        let due = (deadline?["due"] as? [String: Any])?["utc"] as? String
        return Row(
          subject: finding["subject"] as? String ?? "", period: finding["period"] as? String ?? "",
          outcome: finding["outcome"] as? String ?? "", due: due.flatMap(Self.milliseconds))
      }.sorted()
      // A due time is compared where the native finding states one (an agreed due time is not a deadline).
      let dues = Set(
        nativeRows.filter { $0.due != nil }.map {
          Row(subject: $0.subject, period: $0.period, outcome: $0.outcome, due: nil)
        })
      let mine = (sqlRows[id] ?? []).map { row in
        dues.contains(Row(subject: row.subject, period: row.period, outcome: row.outcome, due: nil))
          ? row
          : Row(subject: row.subject, period: row.period, outcome: row.outcome, due: nil)
      }.sorted()
      let passed = (counts["passed"] as? Int ?? -1) == (sqlPassed[id] ?? 0)
      if mine == nativeRows && passed {
        entry.identical += 1
      } else {
        differing.append(
          "\(id) (\(kind)): passed native \(counts["passed"] ?? "?") sql \(sqlPassed[id] ?? 0); "
            + "only native \(Set(nativeRows).subtracting(mine).sorted().prefix(3)); only sql \(Set(mine).subtracting(nativeRows).sorted().prefix(3))"
        )
      }
    }
    var lines = ["\(engine): kind         rules compiled refused identical"]
    for (kind, entry) in table.sorted(by: { $0.key < $1.key }) {
      lines.append(
        "\(engine): \(kind.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%5d %8d %7d %9d", entry.rules, entry.compiled, entry.refused, entry.identical))"
      )
    }
    let total = table.values.reduce((0, 0, 0, 0)) {
      ($0.0 + $1.rules, $0.1 + $1.compiled, $0.2 + $1.refused, $0.3 + $1.identical)
    }
    lines.append(
      "\(engine): all          \(String(format: "%5d %8d %7d %9d", total.0, total.1, total.2, total.3))")
    print(lines.joined(separator: "\n"))
    #expect(differing.isEmpty, "\(differing.joined(separator: "\n"))")
    return total
  }

  static func milliseconds(_ utc: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let date = formatter.date(from: utc) ?? ISO8601DateFormatter().date(from: utc)
    return date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
  }
}

import Foundation
import Testing

/// `report --judgements`: the reports of a compiled audit's rows (run in DuckDB) against the
/// native audit's, on the fixture month and on the help-desk log. The JSON reports must be
/// identical but for the differences docs/sql.md lists ("Reports from judgement rows"), each
/// asserted here in the shape the docs give it.
@Suite("Reports from judgement rows", .serialized)
struct JudgementReportTests {
  /// Where a rebuilt report may differ from the native one, by check kind and path, and what
  /// the rebuilt report holds there.
  enum Listed {
    /// None: null.
    case null
    /// Phrased without the values the row lacks.
    case generic
    /// Only the evidence items the row gives: some of the native ones, in the same order.
    case fewerEvidence
    /// The value of the rule as written (a tier's severity or fine, an escalation's expectation).
    case rule
    /// None: `[]`.
    case empty
  }

  static let listed: [String: [String: Listed]] = [
    "approval": ["findings[].actual": .generic, "findings[].evidence": .fewerEvidence],
    "condition": ["findings[].actual": .generic],
    "escalation": ["findings[].evidence": .fewerEvidence],
    "fields": ["findings[].actual": .generic],
    "metric": ["findings[].actual": .generic, "metricRows": .empty],
    "periodic": [
      "findings[].actual": .generic, "findings[].evidence": .fewerEvidence, "findings[].deadline": .null,
      "findings[].deadlineExplanation": .null,
    ],
    // With more than one required event the row does not say which was missing.
    "precedence": ["findings[].actual": .generic, "findings[].evidence": .fewerEvidence],
    "tiers": ["findings[].actual": .generic, "findings[].severity": .rule, "findings[].penalty": .rule],
  ]

  @Test("the fixture month's report from DuckDB rows is the native report but for the listed differences")
  func fixtureMonth() throws {
    guard try SQLDifferentialTests.importable("duckdb") else { return }
    let differences = try compare(SQLDifferentialTests.month, name: "month")
    // Every kind is in the month; the findings of these are rebuilt in full.
    for kind in ["deadline", "response", "lead", "sequence"] {
      #expect(differences.keys.filter { $0.kind == kind }.isEmpty)
    }
    #expect(differences[Place(kind: "tiers", path: "findings[].severity")] == 3)
  }

  @Test(
    "the help-desk log's report from DuckDB rows is the native report but for the listed differences",
    .enabled(
      if: FileManager.default.fileExists(atPath: SQLDifferentialTests.helpdeskLog),
      "shared/data/helpdesk.csv is absent"),
    arguments: ["2014-12-31 00:00", "2012-06-04 12:00"])
  func helpdesk(asOf: String) throws {
    guard try SQLDifferentialTests.importable("duckdb") else { return }
    try compare(SQLDifferentialTests.helpdesk(asOf: asOf), name: "helpdesk")
  }

  /// A difference found: the check kind (`-` outside the rules) and the path.
  struct Place: Hashable, Comparable {
    var kind: String
    var path: String
    static func < (a: Place, b: Place) -> Bool { (a.kind, a.path) < (b.kind, b.path) }
  }

  /// Compiles `arguments` for DuckDB, runs the script, renders the rows' JSON report (from JSON
  /// Lines, and from the same rows as CSV: the same report) and compares it with the native one;
  /// returns how often each place differs (each one listed, in its listed shape).
  @discardableResult
  private func compare(_ arguments: [String], name: String) throws -> [Place: Int] {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = { (suffix: String) in folder.appendingPathComponent("\(name).\(suffix)").path }
    let compiled = try CLIRun.run(
      ["sql", "--dialect", "duckdb", "--with-data", "--skip-refused", "-o", file("sql")] + arguments)
    try #require(compiled.exitCode == 0, "\(compiled.stderr)")
    #expect(!compiled.stderr.contains("left out"), "\(compiled.stderr)")
    let ran = try DatabaseFixture.run([
      "python3", "scripts/sql-run.py", "duckdb", file("sql"), "--out", file("jsonl"),
    ])
    try #require(ran.code == 0, "sql-run.py: \(ran.output.prefix(2000))")
    let native = try CLIRun.run(["audit", "--format", "json=\(file("native.json"))"] + arguments)
    try #require(native.exitCode == 0, "\(native.stderr)")
    let report = try CLIRun.run(
      ["report", "--judgements", file("jsonl"), "--format", "json=\(file("report.json"))"] + arguments)
    try #require(report.exitCode == 0, "\(report.stderr)")
    let rows = try String(contentsOfFile: file("jsonl"), encoding: .utf8).split(separator: "\n").count
    #expect(
      report.stderr.contains("\(rows) judgement rows read, \(rows) used, 0 rejected"), "\(report.stderr)")

    // The same rows as scripts/spark-run.py writes CSV give the same report.
    let csv = try DatabaseFixture.run(["python3", "-c", Self.toCSV, file("jsonl"), file("csv")])
    try #require(csv.code == 0, "\(csv.output)")
    let fromCSV = try CLIRun.run(
      ["report", "--judgements", file("csv"), "--format", "json=\(file("csv.json"))"] + arguments)
    try #require(fromCSV.exitCode == 0, "\(fromCSV.stderr)")
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: file("csv.json")))
        == Data(contentsOf: URL(fileURLWithPath: file("report.json"))))

    return try Self.differences(native: file("native.json"), rebuilt: file("report.json"), name: name)
  }

  /// How often each place differs between the native JSON report and a rebuilt one, each place
  /// expected among the listed ones and in its listed shape.
  static func differences(native: String, rebuilt: String, name: String) throws -> [Place: Int] {
    let mine = try Self.json(rebuilt)
    let theirs = try Self.json(native)
    var found: [Place: Int] = [:]
    var unlisted: [String] = []
    Self.walk(theirs, mine, path: "", kind: "-", rule: nil) { place, nativeValue, reportValue, rule in
      found[place, default: 0] += 1
      guard let shape = Self.listed[place.kind]?[place.path] else {
        unlisted.append(
          "\(place.kind) \(place.path): native \(String(describing: nativeValue).prefix(300)) report \(String(describing: reportValue).prefix(300))"
        )
        return
      }
      #expect(
        Self.holds(shape, native: nativeValue, report: reportValue, rule: rule),
        "\(place.kind) \(place.path) is not \(shape): native \(nativeValue) report \(reportValue)")
    }
    #expect(
      unlisted.isEmpty,
      "differences not listed in docs/sql.md:\n\(unlisted.prefix(20).joined(separator: "\n"))")
    print(
      found.sorted { $0.key < $1.key }.map { "\(name): \($0.value) × \($0.key.kind) \($0.key.path)" }.joined(
        separator: "\n"))
    return found
  }

  @Test(
    "audit --engine judges the fixture month and the help-desk log in PostgreSQL: the native report but for the listed differences"
  )
  func postgresEngine() throws {
    try DatabaseFixture.withPostgres { server in
      // A database of its own: --with-data replaces the tables records and events, which the
      // SQL differential tests may be using on the same server (CI's) at the same time.
      let name = "pc_engine_\(UUID().uuidString.prefix(8).lowercased())"
      let created = try DatabaseFixture.run(["psql", "-q", "-X", server, "-c", "CREATE DATABASE \(name)"])
      try #require(created.code == 0, "\(created.output)")
      defer { _ = try? DatabaseFixture.run(["psql", "-q", "-X", server, "-c", "DROP DATABASE \(name)"]) }
      let url = Self.url(server, database: name)
      let folder = try CLIRun.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      var runs = [("month", SQLDifferentialTests.month)]
      if FileManager.default.fileExists(atPath: SQLDifferentialTests.helpdeskLog) {
        runs.append(("helpdesk", SQLDifferentialTests.helpdesk(asOf: "2012-06-04 12:00")))
      }
      for (name, arguments) in runs {
        let native = folder.appendingPathComponent("\(name).native.json").path
        let engine = folder.appendingPathComponent("\(name).engine.json").path
        let audit = try CLIRun.run(["audit", "--format", "json=\(native)"] + arguments)
        try #require(audit.exitCode == 0, "\(audit.stderr)")
        let run = try CLIRun.run(
          ["audit", "--engine", url, "--with-data", "--format", "json=\(engine)"] + arguments)
        try #require(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stderr.contains("rules to postgres SQL"), "\(run.stderr)")
        #expect(run.stderr.contains("0 rejected"), "\(run.stderr)")
        let found = try Self.differences(native: native, rebuilt: engine, name: "\(name) postgres")
        for kind in ["deadline", "response", "lead", "sequence"] {
          #expect(found.keys.filter { $0.kind == kind }.isEmpty)
        }
      }
      // A server that stopped the script: exit 2, the server's message, never the password.
      let password = DatabaseFixture.password(url)
      let closed = url.replacingOccurrences(of: "@127.0.0.1:", with: "@127.0.0.1:1")
      let refused = try CLIRun.run(["audit", "--engine", closed, "--with-data"] + SQLDifferentialTests.month)
      #expect(refused.exitCode == 2)
      #expect(refused.stderr.contains("error: --engine: cannot connect to PostgreSQL: "), "\(refused.stderr)")
      #expect(password.isEmpty || !refused.stderr.contains(password))
    }
    let usage = try CLIRun.run(["audit", "--engine", "duckdb:x.duckdb"] + SQLDifferentialTests.month)
    #expect(usage.exitCode == 64)
    #expect(usage.stderr.contains("--engine takes a postgres:// or postgresql:// URL"), "\(usage.stderr)")
  }

  /// `postgresql://user:password@host:port/other?…` for `database`.
  static func url(_ server: String, database: String) -> String {
    let query = server.firstIndex(of: "?").map { String(server[$0...]) } ?? ""
    let base = server.firstIndex(of: "?").map { String(server[..<$0]) } ?? server
    guard let scheme = base.range(of: "://"), let slash = base[scheme.upperBound...].firstIndex(of: "/")
    else {
      return base + "/" + database + query
    }
    return base[..<slash] + "/" + database + query
  }

  /// A JSON Lines file of rows as scripts/spark-run.py writes CSV (every column, times as UTC ISO 8601).
  static let toCSV = """
    import csv, json, sys, datetime
    cols = ['rule_id', 'kind', 'subject', 'period', 'group_value', 'outcome', 'anchor', 'anchor_ms', 'due', 'due_ms', 'evidence']
    iso = lambda ms: '' if ms is None else datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
    out = csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'))
    out.writerow(cols)
    for line in open(sys.argv[1], encoding='utf-8'):
        r = json.loads(line)
        r['anchor'], r['due'] = iso(r['anchor_ms']), iso(r['due_ms'])
        out.writerow(['' if r.get(c) is None else r[c] for c in cols])
    """

  static func json(_ path: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// Calls `differ` for every place where `a` (native) and `b` (rebuilt) differ: a list of
  /// another length, or texts, numbers or nulls that are not equal. A difference inside a
  /// listed object (`findings[].actual`, `deadline`) is reported at the object.
  static func walk(
    _ a: Any, _ b: Any, path: String, kind: String, rule: [String: Any]?,
    _ differ: (Place, Any, Any, [String: Any]?) -> Void
  ) {
    if let x = a as? [String: Any], let y = b as? [String: Any] {
      let atObject = listed[kind]?[path] != nil
      if atObject && !same(a, b) {
        differ(Place(kind: kind, path: path), a, b, rule)
        return
      }
      for key in Set(x.keys).union(y.keys).sorted() {
        let child = path.isEmpty ? key : "\(path).\(key)"
        walk(x[key] ?? "<absent>", y[key] ?? "<absent>", path: child, kind: kind, rule: rule, differ)
      }
      return
    }
    if let x = a as? [Any], let y = b as? [Any] {
      if path == "rules" {
        for (p, q) in zip(x, y) {
          let rule = p as? [String: Any]
          walk(p, q, path: "", kind: rule?["kind"] as? String ?? "?", rule: rule, differ)
        }
        if x.count != y.count { differ(Place(kind: kind, path: path), a, b, rule) }
        return
      }
      guard x.count == y.count else {
        differ(Place(kind: kind, path: path), a, b, rule)
        return
      }
      for (p, q) in zip(x, y) { walk(p, q, path: path + "[]", kind: kind, rule: rule, differ) }
      return
    }
    if !same(a, b) { differ(Place(kind: kind, path: path), a, b, rule) }
  }

  /// Whether two JSON values are equal: compared as their JSON text with sorted keys.
  static func same(_ a: Any, _ b: Any) -> Bool {
    let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
    return (try? JSONSerialization.data(withJSONObject: [a], options: options))
      == (try? JSONSerialization.data(withJSONObject: [b], options: options))
  }

  /// Whether the rebuilt report's value has the listed shape.
  static func holds(_ shape: Listed, native: Any, report: Any, rule: [String: Any]?) -> Bool {
    switch shape {
    case .null: return report is NSNull
    case .empty: return (report as? [Any])?.isEmpty == true
    case .generic:
      let text = report as? [String: Any]
      return (text?["en"] as? String)?.contains("(judged by the SQL engine; its row holds no values)") == true
        && (text?["zh"] as? String)?.contains("（SQL 引擎判定，行中没有取值）") == true
    case .fewerEvidence:
      func items(_ list: Any) -> [String] {
        (list as? [[String: Any]] ?? []).map {
          "\($0["label"] ?? "")@\($0["line"] ?? "") \(($0["time"] as? [String: Any])?["utc"] ?? "")"
        }
      }
      var rest = items(native)[...]
      for item in items(report) {
        guard let k = rest.firstIndex(of: item) else { return false }
        rest = rest[(k + 1)...]
      }
      return items(report).count < items(native).count
    case .rule:
      // A tier's severity is the rule's; its fine the rule's penalty; an escalation's expectation
      // the one of its limit. Shown by being a value of the rule's own where the rule states one.
      if let severity = report as? String { return severity == rule?["severity"] as? String }
      return true
    }
  }

  @Test("a rows file with bad rows is an error at each row's line and column, exit 2, no report")
  func badRows() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let rows = folder.appendingPathComponent("rows.jsonl").path
    let report = folder.appendingPathComponent("report.json").path
    try """
    {"rule_id": "S0-12-register", "kind": "deadline", "subject": "SO-0072", "period": null, "group_value": null, "outcome": "passed", "anchor_ms": 1727235600000, "due_ms": 1727237400000, "evidence": null}
    {"rule_id": "NO-SUCH-RULE", "kind": "deadline", "subject": "SO-0072", "outcome": "passed"}
    {"rule_id": "S0-12-register", "kind": "deadline", "subject": "SO-0072", "outcome": "waived"}
    {"rule_id": "S0-12-register", "kind": "deadline",

    {"rule_id": "S0-12-register", "kind": "metric", "subject": "SO-0072", "outcome": "violated"}
    {"rule_id": "S0-12-register", "subject": "SO-0072", "outcome": "violated", "evidence": "registered 12:30"}

    """.write(toFile: rows, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(
      ["report", "--judgements", rows, "--format", "json=\(report)"] + SQLDifferentialTests.month)
    #expect(run.exitCode == 2)
    for expected in [
      "\(rows):2:13: error: unknown rule 'NO-SUCH-RULE': the rules given have no rule of that id",
      "\(rows):3:84: error: bad outcome 'waived' (expected passed, violated, pending or unverifiable)",
      "\(rows):4:50: error: unexpected end of line",
      "\(rows):6:39: error: rule 'S0-12-register' is a deadline rule, the row says kind 'metric'",
      "\(rows):7:88: error: bad evidence item 'registered 12:30' (expected label@milliseconds file:line)",
      "\(rows): 6 judgement rows read, 1 used, 5 rejected",
    ] {
      #expect(run.stderr.contains(expected), "\(expected)\n\(run.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: report))

    // CSV: a header, then rows; a value that is not milliseconds, a row of too few values.
    let csv = folder.appendingPathComponent("rows.csv").path
    try """
    rule_id,kind,subject,period,group_value,outcome,anchor_ms,due_ms,evidence
    S0-12-register,deadline,SO-0072,,,passed,1727235600000,1727237400000,
    S0-12-register,deadline,SO-0072,,,passed,soon,1727237400000,
    S0-12-register,deadline

    """.write(toFile: csv, atomically: true, encoding: .utf8)
    let fromCSV = try CLIRun.run(
      ["report", "--judgements", csv, "--format", "json=\(report)"] + SQLDifferentialTests.month)
    #expect(fromCSV.exitCode == 2)
    #expect(
      fromCSV.stderr.contains("\(csv):3:42: error: 'anchor_ms' holds 'soon', not an integer"),
      "\(fromCSV.stderr)")
    #expect(
      fromCSV.stderr.contains("\(csv):4:1: error: expected 9 values as in the header, found 2"),
      "\(fromCSV.stderr)")
    #expect(fromCSV.stderr.contains("\(csv): 3 judgement rows read, 1 used, 2 rejected"), "\(fromCSV.stderr)")
    #expect(!FileManager.default.fileExists(atPath: report))
  }
}

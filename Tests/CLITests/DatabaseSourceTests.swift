import Foundation
import Testing

/// Database sources end to end: the month loaded into SQLite and PostgreSQL by
/// `scripts/load-month-db.py` gives the files' findings; bad connections, queries and mappings
/// are clear errors with exit 2, and no message shows a password.
@Suite("Database sources", .serialized)
struct DatabaseSourceTests {
  static let month = ["--month", "2024-09", "--as-of", "2024-10-08 00:00"]

  @Test("the month from SQLite gives the files' findings")
  func sqliteMatchesFiles() throws {
    let folder = try DatabaseFixture.load(["--sqlite"], file: "month.db")
    defer { try? FileManager.default.removeItem(at: folder) }
    try expectSameFindings(description: folder.appendingPathComponent("sqlite.yaml").path, name: "sqlite")
  }

  @Test("locations name the row's key; a row without one keeps its number")
  func locationsNameTheRowKey() throws {
    let folder = try DatabaseFixture.load(["--sqlite"], file: "month.db")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("month.db").path
    let added = try DatabaseFixture.run([
      "python3", "-c",
      """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1])
      db.execute("insert into ticket (\\"case\\", activity, time) values ('T-BAD-1', 'received', '2024-09-31 10:00')")
      db.execute("insert into ticket (\\"case\\", activity, time) values (NULL, 'received', '2024-09-02 10:00')")
      db.commit()
      print(db.execute("select count(*) from ticket").fetchone()[0])
      """,
      database,
    ])
    #expect(added.code == 0, "\(added.output)")
    let rows = Int(added.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    let run = try audit(
      "sqlite: {file: month.db, table: ticket}", in: folder, period: Self.month + ["--format", "json"])
    #expect(run.exitCode != 2, "\(run.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let rejected = (report["rejections"] as? [[String: Any]]) ?? []
    // The unusable value: the row's case id names it.
    #expect(
      rejected.contains {
        $0["file"] as? String == "sqlite:ticket" && $0["key"] as? String == "T-BAD-1"
          && $0["reason"] as? String == "bad timestamp '2024-09-31 10:00' in column time"
      }, "\(rejected)")
    #expect(
      run.stderr.contains("sqlite:ticket#T-BAD-1: warning: row rejected: bad timestamp '2024-09-31 10:00'"))
    // No case id: no key; the row's number (the last row) says where it is.
    #expect(
      rejected.contains {
        $0["file"] as? String == "sqlite:ticket" && $0["key"] == nil && $0["line"] as? Int == rows
          && $0["reason"] as? String == "missing case id in column case"
      }, "\(rejected)")
    #expect(
      run.stderr.contains("sqlite:ticket:\(rows):1: warning: row rejected: missing case id"), "\(run.stderr)")
    // Findings point at rows by key in every report.
    let keys = Self.evidenceKeys(report)
    #expect(!keys.isEmpty && keys.allSatisfy { $0.key != nil })
    #expect(keys.filter { !$0.periodic }.allSatisfy { Self.isCase($0.key, of: $0.subject) })
    let csv = try audit(
      "sqlite: {file: month.db, table: ticket}", in: folder, period: Self.month + ["--format", "csv"])
    let key = keys.first { !$0.periodic }?.key ?? "?"
    #expect(csv.stdout.contains("sqlite:ticket#\(key) "), "\(csv.stdout.prefix(2000))")
    #expect(!csv.stdout.contains("sqlite:ticket:"), "a location by row number")
    // The text summary lists the rejected rows: by key, and the one without by its number.
    let text = try audit(
      "sqlite: {file: month.db, table: ticket}", in: folder, period: Self.month + ["--format", "text"])
    #expect(text.stdout.contains("sqlite:ticket#T-BAD-1: bad timestamp '2024-09-31 10:00' in column time"))
    #expect(text.stdout.contains("sqlite:ticket:\(rows):1: missing case id in column case"))
  }

  @Test("a results store keeps each database evidence row's key beside its location")
  func storeKeepsEvidenceKeys() throws {
    let folder = try DatabaseFixture.load(["--sqlite"], file: "month.db")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("audits.db").path
    let run = try audit(
      "sqlite: {file: month.db, table: ticket}", in: folder,
      period: Self.month + ["--format", "json", "--store", "sqlite:\(store)"])
    #expect(run.exitCode != 2, "\(run.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let reported = Self.evidenceKeys(report).compactMap(\.key)
    let stored = try ResultsStoreCLITests.sqlite(
      store, "select key from evidence where file = 'sqlite:ticket' order by run_id, finding_id, position")
    let keys = stored.compactMap { $0.first as? String }
    #expect(!keys.isEmpty && keys.count == stored.count, "every stored database row has its key")
    #expect(keys.sorted() == reported.sorted())
  }

  @Test("SQLite: storage classes keep their type; a BLOB rejects its row, named by its integer key")
  func sqliteStorageClasses() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let made = try DatabaseFixture.run([
      "python3", "-c",
      """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1])
      db.execute("create table t (id INTEGER, activity TEXT, time TEXT, resource TEXT, ok BOOLEAN, amount REAL, data BLOB, committed_at TEXT, due_at TEXT)")
      db.execute("insert into t values (41, 'received', '2024-09-02 10:00', 'x', 1, 2.5, NULL, NULL, NULL)")
      db.execute("insert into t values (42, 'received', '2024-09-03 10:00', 'x', 0, NULL, x'00ff', NULL, NULL)")
      db.commit()
      """,
      folder.appendingPathComponent("t.db").path,
    ])
    #expect(made.code == 0, "\(made.output)")
    let run = try audit(
      "sqlite: {file: t.db, table: t}", caseId: "id", in: folder, period: Self.month + ["--format", "json"])
    let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let rejected = report?["rejections"] as? [[String: Any]] ?? []
    #expect(
      rejected.map { $0["reason"] as? String } == [
        "column data holds a BLOB; only text, numbers and booleans can be read"
      ])
    #expect(rejected.map { $0["key"] as? String } == ["42"] && rejected.map { $0["line"] as? Int } == [2])
    #expect(
      run.stderr.contains("sqlite:t#42: warning: row rejected: column data holds a BLOB"), "\(run.stderr)")
    #expect((report?["rows"] as? [String: Any])?["used"] as? Int == 1)
  }

  @Test("a report is never written over the SQLite file a source reads")
  func reportsDoNotOverwriteTheSQLiteFile() throws {
    let folder = try DatabaseFixture.load(["--sqlite"], file: "month.db")
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("month.db")
    let before = try Data(contentsOf: database)
    for target in [database.path, folder.appendingPathComponent("./month.db").path] {
      let run = try CLIRun.run(
        ["audit", "--dataset", folder.appendingPathComponent("sqlite.yaml").path] + Self.month + [
          "--format", "json=\(target)",
        ])
      #expect(run.exitCode == 64, "\(run.stderr)")
      #expect(
        run.stderr.contains("error: --format json=\(target) would overwrite the input file ")
          && run.stderr.contains("month.db; write the report elsewhere"), "\(run.stderr)")
    }
    #expect(try Data(contentsOf: database) == before)
  }

  @Test("the month from PostgreSQL gives the files' findings")
  func postgresMatchesFiles() throws {
    try DatabaseFixture.withPostgres { url in
      let folder = try DatabaseFixture.load(["--postgres", url], file: nil)
      defer { try? FileManager.default.removeItem(at: folder) }
      try expectSameFindings(
        description: folder.appendingPathComponent("postgres.yaml").path, name: "postgres",
        environment: ["POLICY_CHECK_PG_URL": url])
    }
  }

  /// Audits the month from files and from `description` and compares the JSON reports: identical
  /// but for where rows are (file and line) and the CSV row of 3 fields a table cannot hold.
  private func expectSameFindings(description: String, name: String, environment: [String: String] = [:])
    throws
  {
    let files = try CLIRun.run(
      ["audit", "--dataset", "Fixtures/month/dataset.yaml"] + Self.month + ["--format", "json"])
    let database = try CLIRun.run(
      ["audit", "--dataset", description] + Self.month + ["--format", "json"], environment: environment)
    #expect(files.exitCode == database.exitCode, "\(database.stderr)")
    var fromFiles = try JSONSerialization.jsonObject(with: Data(files.stdout.utf8)) as! [String: Any]
    var fromDatabase = try JSONSerialization.jsonObject(with: Data(database.stdout.utf8)) as! [String: Any]
    // Evidence names the table and the row's key there (its case id), never its number.
    let evidence = Self.evidence(fromDatabase)
    #expect(!evidence.isEmpty && evidence.allSatisfy { $0.hasPrefix("\(name):") }, "\(evidence.prefix(3))")
    #expect(evidence.contains("\(name):service_order_events"))
    let keyed = Self.evidenceKeys(fromDatabase)
    #expect(keyed.count > 100 && keyed.allSatisfy { $0.key != nil }, "evidence without a key")
    // A case's evidence is its own rows: their key is the finding's subject (the case, or one
    // occurrence of it, `EM-009#2`).
    #expect(keyed.filter { !$0.periodic }.allSatisfy { Self.isCase($0.key, of: $0.subject) })
    #expect(Self.evidenceKeys(fromFiles).allSatisfy { $0.key == nil }, "file evidence has no key")
    let rejected = (fromDatabase["rejections"] as? [[String: Any]]) ?? []
    #expect(
      rejected.map { $0["reason"] as? String } == ["bad timestamp '2024-09-31 10:00' in column 受理时间"]
        && rejected.map { $0["key"] as? String } == ["SO-9001"]
        && rejected.map { $0["file"] as? String } == ["\(name):service_orders"],
      "\(rejected)")
    #expect(database.stderr.contains("\(name):service_orders#SO-9001: warning: row rejected: bad timestamp"))
    let fileReasons = (fromFiles["rejections"] as? [[String: Any]])?.map { $0["reason"] as? String ?? "" }
    #expect(
      fileReasons == ["bad timestamp '2024-09-31 10:00' in column 受理时间", "expected 21 fields, found 3"])
    for key in ["dataFiles", "rejections", "rows"] {
      fromFiles[key] = nil
      fromDatabase[key] = nil
    }
    let a = try Self.canonical(Self.withoutLocations(fromFiles))
    let b = try Self.canonical(Self.withoutLocations(fromDatabase))
    #expect(a.count > 10_000)
    #expect(a == b, "the reports differ beyond source locations")
  }

  // MARK: - Bad input

  @Test("SQLite: missing file, unknown table, syntax error, missing column, unset period: exit 2")
  func sqliteBadInputs() throws {
    let folder = try DatabaseFixture.load(["--sqlite"], file: "month.db")
    defer { try? FileManager.default.removeItem(at: folder) }
    let cases: [(source: String, message: String)] = [
      ("sqlite: {file: absent.db, table: ticket}", "cannot open SQLite database "),
      ("sqlite: {file: month.db, table: tickets}", "failed: no such table: tickets"),
      (
        "sqlite: {file: month.db, query: \"select * form ticket\"}",
        "failed: near \"form\": syntax error (at character 10 of the query)"
      ),
      (
        "sqlite: {file: month.db, table: ticket}",
        "d.yaml:6:14: error: column 'cse' not found in the result of sqlite:ticket (columns: case, activity, time, "
      ),
      (
        "sqlite: {file: month.db, query: \"select * from ticket where time < $to\"}",
        "uses $to, but this run has no period end"
      ),
    ]
    for (k, item) in cases.enumerated() {
      let run = try audit(
        item.source, caseId: k == 3 ? "cse" : "case", in: folder, period: ["--as-of", "2024-10-08"])
      #expect(run.exitCode == 2, "\(item.source): \(run.stderr)")
      #expect(run.stderr.contains(item.message), "\(item.source): \(run.stderr)")
      #expect(
        run.stderr.contains("d.yaml:4:") || k == 3, "the error points into the description: \(run.stderr)")
      #expect(k != 3 || run.stderr.contains("did you mean 'case'?"), "\(run.stderr)")
    }
  }

  @Test("PostgreSQL: server down, wrong password, unknown table, query error, missing column: exit 2")
  func postgresBadInputs() throws {
    try DatabaseFixture.withPostgres { url in
      let folder = try DatabaseFixture.load(["--postgres", url], file: nil)
      defer { try? FileManager.default.removeItem(at: folder) }
      let password = DatabaseFixture.password(url)
      let wrong = url.replacingOccurrences(of: ":\(password)@", with: ":Wr0ng-s3cret-pw@")
      let down = "postgresql://postgres:\(password)@127.0.0.1:1/postgres"
      let cases: [(url: String, source: String, message: String)] = [
        (
          down, "table: ticket",
          "cannot connect to PostgreSQL for postgres:ticket: connection to server at \"127.0.0.1\", port 1 failed"
        ),
        (wrong, "table: ticket", "password authentication failed for user \"postgres\""),
        (url, "table: tickets", "failed: relation \"tickets\" does not exist"),
        (
          url, "query: \"select * from ticket where time >= $from and activty = 'x'\"",
          "failed: column \"activty\" does not exist (at character 46 of the query)"
        ),
        (url, "table: ticket", "column 'cse' not found in the result of postgres:ticket"),
      ]
      for (k, item) in cases.enumerated() {
        let run = try audit(
          "postgres: {url: env:DB_TEST_URL, \(item.source)}", caseId: k == 4 ? "cse" : "case", in: folder,
          period: Self.month + ["--timings"], environment: ["DB_TEST_URL": item.url])
        #expect(run.exitCode == 2, "\(item.source): \(run.stderr)")
        #expect(run.stderr.contains(item.message), "\(item.source): \(run.stderr)")
        for secret in [password, "Wr0ng-s3cret-pw"] {
          #expect(
            !run.stderr.contains(secret) && !run.stdout.contains(secret), "a password is shown: \(run.stderr)"
          )
        }
      }
      // Unset variable.
      let unset = try audit(
        "postgres: {url: env:DB_TEST_UNSET, table: ticket}", in: folder, period: Self.month)
      #expect(unset.exitCode == 2)
      #expect(unset.stderr.contains("environment variable DB_TEST_UNSET is not set"), "\(unset.stderr)")
      // A good run with --timings shows no password either.
      let good = try audit(
        "postgres: {url: env:DB_TEST_URL, query: \"select * from ticket where time >= $from and time < $to\"}",
        in: folder, period: Self.month + ["--timings", "--format", "json"], environment: ["DB_TEST_URL": url])
      #expect(good.exitCode != 2, "\(good.stderr)")
      #expect(!good.stderr.contains(password) && !good.stdout.contains(password))
    }
  }

  @Test("PostgreSQL: typed columns give the text's findings; $from/$to select the period's rows")
  func postgresTypedColumns() throws {
    try DatabaseFixture.withPostgres { url in
      let folder = try DatabaseFixture.load(["--postgres", url], file: nil)
      defer { try? FileManager.default.removeItem(at: folder) }
      // The tickets with an instant (timestamptz), a local time (timestamp), a date, numbers
      // and bools in typed columns; the period's bounds bound as parameters.
      let typed = try DatabaseFixture.run([
        "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
        """
        drop table if exists ticket_typed;
        create table ticket_typed as select * from ticket;
        alter table ticket_typed alter column time type timestamptz using (time || ':00+08:00')::timestamptz,
          alter column due_at type timestamp using due_at::timestamp,
          alter column rating type integer using rating::integer;
        insert into ticket_typed ("case", activity, time) values
          ('T-OUT-1', 'received', '2024-08-31 23:59:59+08'), ('T-OUT-2', 'received', '2024-09-30 16:00:00Z');
        """,
      ])
      #expect(typed.code == 0, "\(typed.output)")
      let period = Self.month + ["--format", "json"]
      let text = try audit(
        "postgres: {url: env:DB_TEST_URL, table: ticket}", in: folder, period: period,
        environment: ["DB_TEST_URL": url])
      let query = "select * from ticket_typed where time >= $from and time < $to order by time"
      let typedRun = try audit(
        "postgres: {url: env:DB_TEST_URL, query: \"\(query)\"}", in: folder, period: period,
        environment: ["DB_TEST_URL": url])
      #expect(text.exitCode == typedRun.exitCode, "\(typedRun.stderr)")
      let a = try JSONSerialization.jsonObject(with: Data(text.stdout.utf8)) as! [String: Any]
      let b = try JSONSerialization.jsonObject(with: Data(typedRun.stdout.utf8)) as! [String: Any]
      // The two rows outside September (in the dataset's zone) are not read at all.
      let rows = (a["rows"] as? [String: Any])?["read"] as? Int
      #expect(rows != nil && rows == (b["rows"] as? [String: Any])?["read"] as? Int)
      #expect((a["rules"] as? [Any])?.isEmpty == false)
      // Text arrives as UTF-8 whatever the client's encoding says (the server converts).
      let latin = try audit(
        "postgres: {url: env:DB_TEST_URL, table: ticket}", in: folder, period: period,
        environment: ["DB_TEST_URL": url, "PGCLIENTENCODING": "LATIN1"])
      #expect(latin.exitCode == text.exitCode && latin.stdout == text.stdout, "\(latin.stderr)")
      #expect(
        try Self.canonical(Self.withoutLocations(a["rules"]!))
          == Self.canonical(Self.withoutLocations(b["rules"]!)))
    }
  }

  @Test("PostgreSQL: reading stops at --max-errors, mid-COPY, with the rows read so far counted")
  func postgresStopsAtTheErrorBudget() throws {
    try DatabaseFixture.withPostgres { url in
      let folder = try CLIRun.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      // Five million rows of which every one is unusable: the server is still sending when
      // the reader stops.
      let query =
        "select 'T' || g as id, 'received' as activity, 'never' as time, 'x' as resource, "
        + "null::text as committed_at, null::text as due_at "
        + "from generate_series(1, 5000000) g"
      let run = try audit(
        "postgres: {url: env:DB_TEST_URL, query: \"\(query)\"}", caseId: "id", in: folder,
        period: Self.month + ["--max-errors", "3", "--format", "json"], environment: ["DB_TEST_URL": url])
      #expect(
        run.stderr.contains("T1: warning: row rejected: bad timestamp 'never' in column time"),
        "\(run.stderr)")
      let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
      let rows = report?["rows"] as? [String: Any]
      #expect(rows?["read"] as? Int == 3 && rows?["rejected"] as? Int == 3, "\(rows ?? [:]) \(run.stderr)")
    }
  }

  /// Audits the month's ticket records from one database source written into `d.yaml`.
  private func audit(
    _ source: String, caseId: String = "case", in folder: URL, period: [String],
    environment: [String: String] = [:]
  ) throws -> CLIRun {
    let description = """
      time_zone: Asia/Shanghai
      sources:
        - kind: events
          \(source)
          record: ticket
          case_id: \(caseId)
          activity: activity
          time: time
          resource: resource
          timestamps: {committed_at: "%Y-%m-%d %H:%M", due_at: "%Y-%m-%d %H:%M"}

      """
    let path = folder.appendingPathComponent("d.yaml")
    try description.write(to: path, atomically: true, encoding: .utf8)
    return try CLIRun.run(["audit", "--dataset", path.path] + period, environment: environment)
  }

  // MARK: - JSON

  static func evidence(_ report: [String: Any]) -> Set<String> {
    var names = Set<String>()
    for rule in report["rules"] as? [[String: Any]] ?? [] {
      for finding in rule["findings"] as? [[String: Any]] ?? [] {
        for item in finding["evidence"] as? [[String: Any]] ?? [] {
          if let file = item["file"] as? String { names.insert(file) }
        }
      }
    }
    return names
  }

  /// Per evidence item: the finding's subject, whether the finding is of a period, the item's key.
  static func evidenceKeys(_ report: [String: Any]) -> [(subject: String, periodic: Bool, key: String?)] {
    var keys: [(String, Bool, String?)] = []
    for rule in report["rules"] as? [[String: Any]] ?? [] {
      for finding in rule["findings"] as? [[String: Any]] ?? [] {
        let subject = finding["subject"] as? String ?? ""
        let periodic = finding["period"] is String
        for item in finding["evidence"] as? [[String: Any]] ?? [] {
          keys.append((subject, periodic, item["key"] as? String))
        }
      }
    }
    return keys
  }

  /// Whether `key` is the case a finding's `subject` names (`T-1`, or `T-1#2` for an occurrence).
  static func isCase(_ key: String?, of subject: String) -> Bool {
    guard let key else { return false }
    return subject == key || subject.hasPrefix(key + "#")
  }

  static func withoutLocations(_ value: Any) -> Any {
    if var object = value as? [String: Any] {
      if object["label"] != nil && object["file"] != nil {
        object["file"] = nil
        object["line"] = nil
        object["key"] = nil
      }
      return object.mapValues(withoutLocations)
    }
    if let list = value as? [Any] { return list.map(withoutLocations) }
    return value
  }

  static func canonical(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
  }
}

/// The month in databases, and a PostgreSQL server for the tests.
enum DatabaseFixture {
  /// Runs `scripts/load-month-db.py` into a fresh folder; `file` is the SQLite file's name.
  static func load(_ arguments: [String], file: String?) throws -> URL {
    let folder = try CLIRun.temporaryFolder()
    var arguments = arguments
    if let file { arguments.append(folder.appendingPathComponent(file).path) }
    let status = try run(
      ["python3", "scripts/load-month-db.py"] + arguments + ["--out", folder.path])
    #expect(status.code == 0, "load-month-db.py: \(status.output)")
    return folder
  }

  /// Runs `body` with the URL of a PostgreSQL server: `POLICY_CHECK_PG_URL` (CI starts one), else
  /// a throwaway one started for the test (`scripts/pg-throwaway.sh`) and stopped after it. Without
  /// CI and without a server that can start, the test is skipped with the reason printed; under
  /// CI it fails.
  static func withPostgres(_ body: (String) throws -> Void) throws {
    if let url = ProcessInfo.processInfo.environment["POLICY_CHECK_PG_URL"], !url.isEmpty {
      try body(url)
      return
    }
    let folder = try CLIRun.temporaryFolder().appendingPathComponent("pg")
    let started = try run(["bash", "scripts/pg-throwaway.sh", "start", folder.path])
    defer {
      _ = try? run(["bash", "scripts/pg-throwaway.sh", "stop", folder.path])
      try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }
    guard started.code == 0, let url = started.output.split(separator: "\n").last.map(String.init),
      url.hasPrefix("postgresql://")
    else {
      let reason =
        "no PostgreSQL server: POLICY_CHECK_PG_URL is unset and pg-throwaway.sh failed: \(started.output)"
      if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record(Comment(rawValue: reason))
      } else {
        print("skipped: \(reason)")
      }
      return
    }
    try body(url)
  }

  /// The password of a `postgresql://user:password@host` URL.
  static func password(_ url: String) -> String {
    guard let at = url.firstIndex(of: "@"), let colon = url[..<at].lastIndex(of: ":") else { return "" }
    return String(url[url.index(after: colon)..<at])
  }

  /// Runs a command from the repository root; its exit status and output (stdout and stderr).
  static func run(_ command: [String]) throws -> (code: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    process.currentDirectoryURL = CLIRun.repositoryRoot
    let scratch = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let output = scratch.appendingPathComponent("out")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    let handle = try FileHandle(forWritingTo: output)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: output), as: UTF8.self))
  }
}

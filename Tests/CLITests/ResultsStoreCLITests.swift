import Foundation
import Testing

/// `audit --store` and `trend` through the binary: supersession of a re-audited period, trend
/// rates against the JSON reports, the HTML report's history, and bad stores (exit 2, nothing
/// written), in SQLite and in PostgreSQL.
@Suite("Results store through the binary", .serialized)
struct ResultsStoreCLITests {
  static let month = [
    "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00",
  ]

  /// Rows of a query on an SQLite file (Python's sqlite3, as the fixture scripts use), as JSON.
  static func sqlite(_ path: String, _ sql: String) throws -> [[Any]] {
    let script =
      "import sqlite3,sys,json; print(json.dumps(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()))"
    let result = try DatabaseFixture.run(["python3", "-c", script, path, sql])
    #expect(result.code == 0, "\(result.output)")
    return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[Any]] ?? []
  }

  /// The first SQL block of docs/store.md: the BI query the documentation promises runs on both engines.
  static func documentedQuery() throws -> String {
    let text = try String(
      contentsOf: CLIRun.repositoryRoot.appendingPathComponent("docs/store.md"), encoding: .utf8)
    let start = try #require(text.range(of: "```sql\n"))
    let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }

  /// Findings of a JSON report.
  static func findingCount(_ path: String) throws -> Int {
    let report =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    return (report["rules"] as! [[String: Any]]).reduce(0) { $0 + ($1["findings"] as! [Any]).count }
  }

  /// Clause id → compliance rate (nil when nothing was judged) of a JSON report.
  static func clauseRates(_ path: String) throws -> [String: Double?] {
    let report =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    var rates: [String: Double?] = [:]
    for clause in report["clauses"] as! [[String: Any]] {
      let counts = clause["counts"] as! [String: Any]
      rates[clause["id"] as! String] = counts["complianceRate"] as? Double
    }
    return rates
  }

  /// `trend --format json`'s series: clause id → [(period, rate, change)].
  static func trend(_ arguments: [String], environment: [String: String] = [:]) throws -> [String: [(
    period: String, rate: Double?, change: Double?, run: Int
  )]] {
    let run = try CLIRun.run(["trend", "--format", "json"] + arguments, environment: environment)
    #expect(run.exitCode == 0, "\(run.stderr)")
    let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    var series: [String: [(String, Double?, Double?, Int)]] = [:]
    for item in document["series"] as! [[String: Any]] {
      series[item["clauseId"] as! String] = (item["points"] as! [[String: Any]]).map {
        (
          $0["period"] as! String, $0["complianceRate"] as? Double, $0["change"] as? Double,
          $0["runId"] as! Int
        )
      }
    }
    return series
  }

  /// `trend --group --format json`'s points: per (id, group, period) the counts (passed,
  /// violated, pending, unverifiable, waived), and per (id, group) the points' rates and changes.
  static func groupCounts(_ json: String, id: String) throws -> (
    counts: [GroupPointKey: [Int]], points: [String: [(counts: [Int], rate: Double?, change: Double?)]]
  ) {
    let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    var counts: [GroupPointKey: [Int]] = [:]
    var points: [String: [(counts: [Int], rate: Double?, change: Double?)]] = [:]
    for series in document["series"] as! [[String: Any]] {
      let key = series[id] as! String
      let group = series["group"] as? String ?? ""
      for point in series["points"] as! [[String: Any]] {
        let values = ["passed", "violated", "pending", "unverifiable", "waived"].map { point[$0] as! Int }
        #expect(counts[GroupPointKey(id: key, group: group, period: point["period"] as! String)] == nil)
        counts[GroupPointKey(id: key, group: group, period: point["period"] as! String)] = values
        points["\(key) \(group)", default: []].append(
          (values, point["complianceRate"] as? Double, point["change"] as? Double))
      }
    }
    return (counts, points)
  }

  struct GroupPointKey: Hashable {
    var id: String
    var group: String
    var period: String
  }

  @Test("the fixture month audited twice: one run superseded by the other, every finding stored")
  func sameMonthTwice() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("audits.db").path
    let report = folder.appendingPathComponent("month.json").path
    let first = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(path)", "--format", "json=\(report)"])
    #expect(first.exitCode == 0, "\(first.stderr)")
    let findings = try Self.findingCount(report)
    #expect(findings > 100)
    #expect(
      first.stderr.contains("stored run 1 (2024-09, \(findings) findings) in \(path)\n"), "\(first.stderr)")
    let second = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(path)", "--format", "json=\(report)"])
    #expect(
      second.stderr.contains("stored run 2 (2024-09, \(findings) findings) in \(path); it supersedes run 1\n")
    )
    let runs = try Self.sqlite(path, "select run_id, superseded_by, period_label from runs order by run_id")
    #expect(runs.map { $0.map { "\($0)" } } == [["1", "2", "2024-09"], ["2", "<null>", "2024-09"]])
    let counts = try Self.sqlite(
      path, "select run_id, count(*) from findings group by run_id order by run_id")
    #expect(counts.map { $0[1] as? Int } == [findings, findings])
    // Data files are fingerprinted; every clause of the report has one point, of run 2.
    let hashed = try Self.sqlite(
      path, "select count(*) from run_files where role = 'data' and length(sha256) = 64")
    #expect((hashed.first?.first as? Int ?? 0) > 10)
    let trend = try Self.trend(["--store", "sqlite:\(path)"])
    let rates = try Self.clauseRates(report)
    #expect(Set(trend.keys) == Set(rates.keys))
    for (clause, points) in trend {
      #expect(points.count == 1 && points[0].run == 2 && points[0].period == "2024-09")
      #expect(points[0].rate == rates[clause]!, "\(clause)")
    }
    // The documented BI query gives the same rates straight from the tables.
    let rows = try Self.sqlite(path, try Self.documentedQuery())
    #expect(rows.count == rates.count)
    for row in rows {
      #expect(row[0] as? String == "2024-09")
      #expect((row[4] as? Double) == rates[row[1] as! String]!, "\(row)")
    }
  }

  @Test("two months: trend has both, with the JSON reports' rates and their difference")
  func twoMonths() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("year").path
    let generated = try DatabaseFixture.run([
      "python3", "scripts/gen-synthetic.py", "--events", "20000", "--cases", "3000", "--seed", "7", "--out",
      data,
    ])
    #expect(generated.code == 0, "\(generated.output)")
    let store = "sqlite:" + folder.appendingPathComponent("audits.db").path
    var rates: [String: [String: Double?]] = [:]
    for month in ["2024-03", "2024-04"] {
      let report = folder.appendingPathComponent("\(month).json").path
      let html = folder.appendingPathComponent("\(month).html").path
      let run = try CLIRun.run([
        "audit", "--dataset", "\(data)/dataset.yaml", "--rules", "Rules/calendars", "--rules",
        "scripts/bench/rules.yaml",
        "--month", month, "--as-of", "2024-12-01 00:00", "--store", store, "--format", "json=\(report)",
        "--format", "html=\(html)", "--format", "text=\(folder.appendingPathComponent("\(month).txt").path)",
        "--lang", "en",
      ])
      #expect(run.exitCode == 0, "\(run.stderr)")
      rates[month] = try Self.clauseRates(report)
    }
    let trend = try Self.trend(["--store", store])
    #expect(!trend.isEmpty && Set(trend.keys) == Set(rates["2024-03"]!.keys))
    for (clause, points) in trend {
      #expect(points.map(\.period) == ["2024-03", "2024-04"], "\(clause)")
      #expect(points.map(\.rate) == [rates["2024-03"]![clause]!, rates["2024-04"]![clause]!], "\(clause)")
      if let march = rates["2024-03"]![clause]!, let april = rates["2024-04"]![clause]! {
        // (Within parsing: Foundation reads printed doubles to within an ulp or so.)
        #expect(abs(points[1].change! - (april - march)) < 1e-12)
      }
    }
    let clause = trend.keys.sorted().first!
    #expect(try Self.trend(["--store", store, "--clause", clause]).keys.sorted() == [clause])
    let text = try CLIRun.run(["trend", "--store", store, "--clause", clause])
    #expect(text.stdout.contains("compliance per clause and period (2 runs in force in "), "\(text.stdout)")
    #expect(text.stdout.contains("\(clause)   2024-04") || text.stdout.contains("\(clause)  2024-04"))
    // By group: each group's rate is its counts' (passed / (passed + violated)), its change the
    // difference from its previous period; per clause, the groups' counts (and none) add up to
    // the JSON report's; per group over all clauses, they are the text report's group table.
    let grouped = try CLIRun.run(["trend", "--store", store, "--group", "team", "--format", "json"])
    #expect(grouped.exitCode == 0, "\(grouped.stderr)")
    let outcomes = ["passed", "violated", "pending", "unverifiable", "waived"]
    let perClause = try Self.groupCounts(grouped.stdout, id: "clauseId")
    var byGroup: [String: [Int]] = [:]
    for (key, counts) in perClause.counts {
      byGroup["\(key.group) \(key.period)", default: [0, 0, 0, 0, 0]] = zip(
        byGroup["\(key.group) \(key.period)", default: [0, 0, 0, 0, 0]], counts
      ).map { $0 + $1 }
    }
    #expect(Set(perClause.counts.keys.map(\.group)).count > 5)
    for month in ["2024-03", "2024-04"] {
      let report =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: folder.appendingPathComponent("\(month).json"))) as! [String: Any]
      for (list, id, rows) in [
        ("clauses", "clauseId", perClause),
        (
          "rules", "ruleId",
          try Self.groupCounts(
            try CLIRun.run([
              "trend", "--store", store, "--group", "team", "--rule", "bench-S2-06-work-log",
              "--format", "json",
            ]).stdout, id: "ruleId")
        ),
      ] {
        for item in report[list] as! [[String: Any]] {
          let counts = item["counts"] as! [String: Any]
          let key = item["id"] as! String
          guard id == "clauseId" || key == "bench-S2-06-work-log" else { continue }
          var sums = [0, 0, 0, 0, 0]
          for (k, v) in rows.counts where k.id == key && k.period == month {
            sums = zip(sums, v).map { $0 + $1 }
          }
          #expect(sums == outcomes.map { counts[$0] as! Int }, "\(list) \(key) \(month)")
        }
      }
      // The text report's group table (under its rule and header): group, compliance, passed,
      // violated, pending, unverifiable, waived.
      let text = try String(
        contentsOfFile: folder.appendingPathComponent("\(month).txt").path, encoding: .utf8)
      let table = text.components(separatedBy: "Compliance by group\n")[1].split(separator: "\n").dropFirst(2)
      var checked = 0
      for line in table {
        let cells = line.split(separator: " ").map(String.init)
        guard cells.count >= 7, let passed = Int(cells[cells.count - 5]) else { break }
        let group = cells.dropLast(6).joined(separator: " ")
        let name = group == "(no group)" ? "" : group
        let counts = byGroup["\(name) \(month)"]
        #expect(counts == [passed] + cells.suffix(4).map { Int($0)! }, "\(group) \(month)")
        let judged = passed + Int(cells[cells.count - 4])!
        let tenths = judged == 0 ? nil : (Double(passed) / Double(judged) * 1000).rounded()
        #expect(
          cells[cells.count - 6] == tenths.map { "\(Int($0) / 10).\(Int($0) % 10)%" } ?? "—", "\(line)")
        checked += 1
      }
      #expect(checked >= 8, "\(text)")
    }
    for (key, points) in perClause.points {
      for (k, point) in points.enumerated() {
        let judged = point.counts[0] + point.counts[1]
        if judged == 0 {
          #expect(point.rate == nil, "\(key)")
        } else {
          #expect(abs(point.rate! - Double(point.counts[0]) / Double(judged)) < 1e-12, "\(key)")
        }
        if k > 0, let now = point.rate, let before = points[k - 1].rate {
          #expect(abs(point.change! - (now - before)) < 1e-12, "\(key)")
        } else {
          #expect(point.change == nil, "\(key)")
        }
      }
    }
    let groupedText = try CLIRun.run(["trend", "--store", store, "--group", "team"])
    #expect(groupedText.stdout.hasPrefix("compliance per clause, team and period (2 runs in force in "))
    #expect(groupedText.stdout.contains(" group "), "\(groupedText.stdout)")
    let unknown = try CLIRun.run(["trend", "--store", store, "--group", "tema"])
    #expect(unknown.exitCode == 2)
    #expect(
      unknown.stderr
        == "error: no run in \(store.dropFirst(7)) was grouped by 'tema'; runs were grouped by team (audit --group-by)\n"
    )
    // By rule: one series for the rule asked.
    let byRule = try CLIRun.run([
      "trend", "--store", store, "--rule", "bench-S2-06-work-log", "--format", "csv",
    ])
    #expect(byRule.stdout.split(separator: "\r\n").count == 3, "\(byRule.stdout)")
    #expect(byRule.stdout.hasPrefix("rule,group,period,"))
    // The April report has the history; a report without --store has none.
    let april = try String(
      contentsOfFile: folder.appendingPathComponent("2024-04.html").path, encoding: .utf8)
    #expect(april.contains("<section class=\"panel\" id=\"history\">"))
    #expect(april.contains("New violations since 2024-03 ("))
    #expect(april.contains("Violations resolved since 2024-03 ("))
    let march = try String(
      contentsOfFile: folder.appendingPathComponent("2024-03.html").path, encoding: .utf8)
    #expect(march.contains("The store has no audit of the previous period"))
    let plain = try CLIRun.run(["audit"] + Self.month + ["--format", "html"])
    #expect(!plain.stdout.contains("id=\"history\"") && plain.stdout.contains("id=\"clause-chart\""))
  }

  @Test("bad stores: a clear message, exit 2, nothing written")
  func badStores() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let notes = folder.appendingPathComponent("notes.txt").path
    try Data("some notes that are not a database at all, but long enough\n".utf8).write(
      to: URL(fileURLWithPath: notes))
    let foreign = folder.appendingPathComponent("tickets.db").path
    _ = try Self.sqlite(foreign, "create table tickets (id text)")
    let newer = folder.appendingPathComponent("newer.db").path
    let made = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(newer)", "--format", "json=/dev/null"])
    #expect(made.exitCode == 0, "\(made.stderr)")
    let script =
      "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"insert into policy_check_schema values (99, '9.0', 'x')\"); c.commit()"
    #expect(try DatabaseFixture.run(["python3", "-c", script, newer]).code == 0)
    let cases: [(store: String, message: String)] = [
      (
        "sqlite:\(folder.path)/absent/audits.db",
        "error: cannot create the store \(folder.path)/absent/audits.db: no folder \(folder.path)/absent\n"
      ),
      (
        "sqlite:\(notes)/audits.db", "error: cannot create the store \(notes)/audits.db: no folder \(notes)\n"
      ),
      ("sqlite:\(folder.path)", "error: cannot use the store \(folder.path): it is a folder\n"),
      ("sqlite:\(notes)", "error: \(notes) is not a policy-check store: it is not an SQLite database\n"),
      (
        "sqlite:\(foreign)",
        "error: \(foreign) is not a policy-check store: it holds other tables (tickets) and no policy_check_schema table; give a new file or an empty database\n"
      ),
      (
        "sqlite:\(newer)",
        "error: \(newer) has store schema version 99, newer than this policy-check's (1); use a newer policy-check, nothing was written\n"
      ),
      (
        "env:POLICY_CHECK_NO_SUCH_STORE",
        "error: environment variable POLICY_CHECK_NO_SUCH_STORE is not set; it should hold the store (sqlite:FILE or a postgres:// URL)\n"
      ),
    ]
    let files = [notes, foreign, newer]
    let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    let report = folder.appendingPathComponent("report.json").path
    for (store, message) in cases {
      let run = try CLIRun.run(["audit"] + Self.month + ["--store", store, "--format", "json=\(report)"])
      #expect(run.exitCode == 2, "\(store)")
      #expect(run.stderr == message, "\(store)")
      #expect(!FileManager.default.fileExists(atPath: report), "\(store): a report was written")
    }
    #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
    #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/absent"))
    // trend: the same refusals, and a store that does not exist.
    let trend = try CLIRun.run(["trend", "--store", "sqlite:\(newer)"])
    #expect(trend.exitCode == 2 && trend.stderr.contains("has store schema version 99"))
    let absent = try CLIRun.run(["trend", "--store", "sqlite:\(folder.path)/none.db"])
    #expect(
      absent.exitCode == 2
        && absent.stderr == "error: cannot read the store \(folder.path)/none.db: no such file\n")
    // A report over the store is a usage error, before anything is written.
    let store = folder.appendingPathComponent("over.db").path
    let over = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(store)", "--format", "json=\(store)"])
    #expect(over.exitCode == 64, "\(over.stderr)")
    #expect(
      over.stderr
        == "error: --format json=\(store) would overwrite the store \(store); write the report elsewhere\n")
    #expect(!FileManager.default.fileExists(atPath: store))
    // A value that is no store at all is a usage error, and does not repeat what was given.
    let usage = try CLIRun.run(["audit"] + Self.month + ["--store", "mysql://user:secret@host/db"])
    #expect(
      usage.exitCode == 64
        && usage.stderr.contains("--store takes sqlite:FILE, a postgres:// URL or env:NAME"))
    #expect(!usage.stderr.contains("secret"))
  }

  @Test("a run killed inside its transaction leaves the store as it was")
  func killedRun() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("audits.db").path
    let first = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(path)", "--format", "json=/dev/null"])
    #expect(first.exitCode == 0, "\(first.stderr)")
    let tables = ["runs", "run_files", "rule_counts", "clause_counts", "metric_rows", "findings", "evidence"]
    func snapshot() throws -> [String] {
      try tables.map { "\(try Self.sqlite(path, "select * from \($0) order by 1, 2"))" }
    }
    let before = try snapshot()
    // A reader holds the database: the audit can write its transaction but cannot commit it, so
    // once its journal exists it is inside the transaction for as long as the reader stays.
    let release = folder.appendingPathComponent("release").path
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = [
      "python3", "-c",
      """
      import sqlite3, sys, os, time
      c = sqlite3.connect(sys.argv[1], isolation_level=None)
      c.execute("begin")
      c.execute("select count(*) from runs").fetchall()
      open(sys.argv[2] + ".held", "w").close()
      while not os.path.exists(sys.argv[2]): time.sleep(0.02)
      c.execute("commit")
      """,
      path, release,
    ]
    try holder.run()
    defer {
      FileManager.default.createFile(atPath: release, contents: nil)
      holder.waitUntilExit()
    }
    func waitFor(_ file: String) -> Bool {
      for _ in 0..<3000 where !FileManager.default.fileExists(atPath: file) { usleep(20_000) }
      return FileManager.default.fileExists(atPath: file)
    }
    #expect(waitFor(release + ".held"))
    let audit = Process()
    audit.executableURL = BinaryLocator.binary
    audit.arguments =
      ["audit"] + Self.month + ["--store", "sqlite:\(path)", "--format", "json=/dev/null", "--quiet"]
    audit.currentDirectoryURL = CLIRun.repositoryRoot
    audit.standardOutput = FileHandle.nullDevice
    audit.standardError = FileHandle.nullDevice
    try audit.run()
    #expect(waitFor(path + "-journal"), "the audit never began its transaction")
    usleep(300_000)
    #expect(audit.isRunning, "the audit committed past a reader")
    kill(audit.processIdentifier, SIGKILL)
    audit.waitUntilExit()
    #expect(audit.terminationReason == .uncaughtSignal)
    FileManager.default.createFile(atPath: release, contents: nil)
    holder.waitUntilExit()
    // The next reader rolls the hot journal back: the store is as before the killed run.
    #expect(try snapshot() == before)
    let trend = try Self.trend(["--store", "sqlite:\(path)"])
    #expect(!trend.isEmpty && trend.values.allSatisfy { $0.map(\.run) == [1] })
    let next = try CLIRun.run(
      ["audit"] + Self.month + ["--store", "sqlite:\(path)", "--format", "json=/dev/null"])
    #expect(next.stderr.contains("stored run 2 (2024-09, ") && next.stderr.contains("it supersedes run 1"))
  }

  // MARK: - PostgreSQL

  /// Runs `sql` with psql on `url`; its output.
  @discardableResult
  static func psql(_ url: String, _ sql: String) throws -> String {
    let result = try DatabaseFixture.run(["psql", "-q", "-X", "-t", "-A", url, "-c", sql])
    #expect(result.code == 0, "psql: \(result.output)")
    return result.output
  }

  /// `url` with another database name.
  static func database(_ url: String, _ name: String) -> String {
    guard let slash = url.lastIndex(of: "/") else { return url }
    return String(url[...slash]) + name
  }

  @Test("PostgreSQL store: supersession, trend rates, wrong password, newer version, foreign database")
  func postgresStore() throws {
    try DatabaseFixture.withPostgres { url in
      let suffix = UUID().uuidString.prefix(8).lowercased()
      let name = "pc_store_\(suffix)"
      let foreignName = "pc_foreign_\(suffix)"
      try Self.psql(url, "create database \(name)")
      try Self.psql(url, "create database \(foreignName)")
      defer {
        _ = try? Self.psql(url, "drop database if exists \(name)")
        _ = try? Self.psql(url, "drop database if exists \(foreignName)")
      }
      let storeURL = Self.database(url, name)
      let environment = ["POLICY_CHECK_STORE_URL": storeURL]
      let folder = try CLIRun.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let report = folder.appendingPathComponent("month.json").path
      for k in 1...2 {
        let run = try CLIRun.run(
          ["audit"] + Self.month + [
            "--group-by", "team", "--store", "env:POLICY_CHECK_STORE_URL", "--format", "json=\(report)",
          ],
          environment: environment)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(
          run.stderr.contains("stored run \(k) (2024-09, ") && run.stderr.contains(" in the PostgreSQL store")
        )
        #expect(!run.stderr.contains(DatabaseFixture.password(url)))
      }
      #expect(
        try Self.psql(storeURL, "select run_id, coalesce(superseded_by, 0) from runs order by 1")
          == "1|2\n2|0\n")
      let findings = try Self.findingCount(report)
      #expect(try Self.psql(storeURL, "select count(*) from findings where run_id = 2") == "\(findings)\n")
      let trend = try Self.trend(["--store", "env:POLICY_CHECK_STORE_URL"], environment: environment)
      let rates = try Self.clauseRates(report)
      #expect(Set(trend.keys) == Set(rates.keys))
      for (clause, points) in trend { #expect(points.map(\.rate) == [rates[clause]!], "\(clause)") }
      // By group (PostgreSQL sums to numeric): each clause's groups add up to its counts.
      let grouped = try CLIRun.run(
        ["trend", "--store", "env:POLICY_CHECK_STORE_URL", "--group", "team", "--format", "json"],
        environment: environment)
      #expect(grouped.exitCode == 0, "\(grouped.stderr)")
      let groups = try Self.groupCounts(grouped.stdout, id: "clauseId").counts
      let clauses =
        (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
        as! [String: Any])["clauses"] as! [[String: Any]]
      // (A clause that judged nothing has no group, its counts all zero.)
      let judging = clauses.filter { ($0["counts"] as! [String: Any])["applicable"] as! Int > 0 }
      #expect(Set(groups.keys.map(\.id)) == Set(judging.map { $0["id"] as! String }))
      for clause in clauses {
        let counts = clause["counts"] as! [String: Any]
        let sums = groups.filter { $0.key.id == clause["id"] as! String }.values.reduce([0, 0, 0, 0, 0]) {
          zip($0, $1).map { $0 + $1 }
        }
        #expect(
          sums == ["passed", "violated", "pending", "unverifiable", "waived"].map { counts[$0] as! Int },
          "\(clause["id"]!)")
      }
      // The documented BI query runs on PostgreSQL too: one row per clause of the run in force.
      let lines = try Self.psql(storeURL, try Self.documentedQuery()).split(separator: "\n")
      #expect(lines.count == rates.count)
      #expect(lines.allSatisfy { $0.hasPrefix("2024-09|") })

      // A wrong password: refused before the audit, the password in no message.
      let password = DatabaseFixture.password(url)
      let wrong = "wrong-\(suffix)"
      let badURL = storeURL.replacingOccurrences(of: ":\(password)@", with: ":\(wrong)@")
      let refused = try CLIRun.run(
        ["audit"] + Self.month + ["--store", badURL, "--format", "json=\(report)-x"])
      #expect(refused.exitCode == 2)
      #expect(
        refused.stderr.hasPrefix("error: cannot connect to the PostgreSQL store: "), "\(refused.stderr)")
      #expect(refused.stderr.contains("password authentication failed"), "\(refused.stderr)")
      #expect(!refused.stderr.contains(wrong) && !refused.stderr.contains(password))
      #expect(!FileManager.default.fileExists(atPath: "\(report)-x"))

      // A newer schema: refused, nothing written.
      try Self.psql(storeURL, "insert into policy_check_schema values (99, '9.0', 'x')")
      let newer = try CLIRun.run(
        ["audit"] + Self.month + ["--store", storeURL, "--format", "json=/dev/null"])
      #expect(newer.exitCode == 2)
      #expect(
        newer.stderr
          == "error: the PostgreSQL store has store schema version 99, newer than this policy-check's (1); use a newer policy-check, nothing was written\n"
      )
      #expect(try Self.psql(storeURL, "select count(*) from runs") == "2\n")

      // A database of something else.
      let foreignURL = Self.database(url, foreignName)
      try Self.psql(foreignURL, "create table tickets (id text)")
      let foreign = try CLIRun.run(
        ["audit"] + Self.month + ["--store", foreignURL, "--format", "json=/dev/null"])
      #expect(foreign.exitCode == 2)
      #expect(
        foreign.stderr.contains(
          "the PostgreSQL store is not a policy-check store: it holds other tables (tickets)"))
      #expect(
        try Self.psql(
          foreignURL, "select count(*) from information_schema.tables where table_schema = 'public'") == "1\n"
      )
    }
  }
}

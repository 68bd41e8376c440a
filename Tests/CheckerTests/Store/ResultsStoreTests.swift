import CSQLite
import Foundation
import PolicyRules
import Testing

@testable import Checker

/// The results store in SQLite through its API: what a run writes, the rollback of a failed
/// write, schema versions and migrations, and the history computations.
@Suite("Results store")
struct ResultsStoreTests {
  /// A fresh store path in a new temporary folder (removed by the caller).
  static func storePath() throws -> (folder: URL, path: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "policy-check-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return (folder, folder.appendingPathComponent("audits.db").path)
  }

  static func run(_ result: AuditResult = SampleAuditResult.make()) -> StoreRun {
    StoreRun(
      result: result, startedAt: Timestamp(seconds: 1_728_349_200),
      finishedAt: Timestamp(seconds: 1_728_349_260),
      asOfGiven: true, groupField: "team")
  }

  /// Rows of a query, each value as text ("NULL" for null), read with SQLite directly.
  static func rows(_ path: String, _ sql: String) throws -> [[String]] {
    let connection = try SQLiteStoreConnection(path: path, create: false)
    defer { connection.close() }
    return try connection.query(sql).map { $0.map { $0.string ?? "NULL" } }
  }

  static func store(_ path: String) throws -> ResultsStore {
    try ResultsStore(StoreLocation(system: .sqlite, connection: path))
  }

  @Test("a run's counts, findings and evidence are stored as the result has them")
  func writesRun() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = SampleAuditResult.make()
    let written = try Self.store(path).write(Self.run(result))
    #expect(written.runID == 1 && written.superseded.isEmpty)
    let findings = result.rules.flatMap(\.findings)
    #expect(written.findings == findings.count)
    #expect(try Self.rows(path, "select count(*) from findings") == [["\(findings.count)"]])
    #expect(
      try Self.rows(path, "select count(*) from evidence") == [
        ["\(findings.reduce(0) { $0 + $1.evidence.count })"]
      ])
    #expect(
      try Self.rows(path, "select max(version) from policy_check_schema") == [["\(StoreSchema.current)"]])
    let run = try Self.rows(
      path, "select period_label, period_start, period_end, as_of, as_of_given, group_field from runs")
    #expect(
      run == [
        [
          "2024-08-01..2024-09-30", "2024-07-31T16:00:00Z", "2024-09-30T16:00:00Z", "2024-10-08T01:00:00Z",
          "1", "team",
        ]
      ])
    for clause in result.clauses {
      let stored = try Self.rows(
        path,
        "select passed, violated, pending, unverifiable, waived from clause_counts where clause_id = '\(clause.clause.id)'"
      )
      let c = clause.counts
      #expect(
        stored == [["\(c.passed)", "\(c.violated)", "\(c.pending)", "\(c.unverifiable)", "\(c.waived)"]])
    }
    let subjects = try Self.rows(
      path, "select rule_id, subject, outcome, fingerprint from findings order by finding_id")
    #expect(subjects == findings.map { [$0.ruleID, $0.subject, $0.outcome.rawValue, $0.fingerprint] })
    let metrics = try Self.rows(path, "select count(*) from metric_rows")
    #expect(metrics == [["\(result.rules.reduce(0) { $0 + $1.metricRows.count })"]])
    // Files that do not exist (the sample's) have no fingerprint; the rule set is the ids'.
    #expect(try Self.rows(path, "select count(*) from run_files where sha256 is null") == [["4"]])
    #expect(try Self.rows(path, "select rule_set from runs") == [[Self.run(result).ruleSet]])
  }

  @Test("an error in the middle of writing leaves the store exactly as it was")
  func failedWriteRollsBack() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Self.store(path)
    _ = try store.write(Self.run())
    let tables = ["runs", "run_files", "rule_counts", "clause_counts", "metric_rows", "findings", "evidence"]
    func snapshot() throws -> [[[String]]] {
      try tables.map { try Self.rows(path, "select * from \($0) order by 1, 2") }
    }
    let before = try snapshot()
    #expect(throws: StoreError.self) { try Self.store(path).write(Self.run(), failAfterFindings: 2) }
    #expect(try snapshot() == before)
    // The failed run supersedes nothing: the next one is run 2 and supersedes run 1.
    let next = try Self.store(path).write(Self.run())
    #expect(next.runID == 2 && next.superseded == [1])
  }

  @Test("a failed first write leaves no store behind")
  func failedFirstWrite() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: StoreError.self) { try Self.store(path).write(Self.run(), failAfterFindings: 0) }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test("the same rules and period supersede; another period or rule set does not")
  func supersedes() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Self.store(path)
    var august = SampleAuditResult.make()
    august.periodEnd = Timestamp(seconds: 1_725_120_000)  // 2024-09-01 00:00 +08:00
    var fewerRules = SampleAuditResult.make()
    fewerRules.rules.removeLast()
    #expect(try store.write(Self.run()).superseded == [])
    #expect(try store.write(Self.run(august)).superseded == [])
    #expect(try store.write(Self.run(fewerRules)).superseded == [])
    #expect(try store.write(Self.run()).superseded == [1])
    #expect(try store.write(Self.run()).superseded == [4])
    #expect(
      try Self.rows(path, "select run_id, superseded_by from runs order by run_id") == [
        ["1", "4"], ["2", "NULL"], ["3", "NULL"], ["4", "5"], ["5", "NULL"],
      ])
    #expect(
      try store.periods().map(\.label) == ["2024-08", "2024-08-01..2024-09-30", "2024-08-01..2024-09-30"])
  }

  @Test("a store of a newer schema version is refused and left alone")
  func newerVersionRefused() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = try Self.store(path).write(Self.run())
    let connection = try SQLiteStoreConnection(path: path, create: false)
    try connection.execute(
      "insert into policy_check_schema values (\(StoreSchema.current + 1), '9.0.0', 'x')")
    connection.close()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      _ = try Self.store(path)
      Issue.record("a newer store was opened")
    } catch let error as StoreError {
      #expect(
        error.message
          == "\(path) has store schema version \(StoreSchema.current + 1), newer than this policy-check's (\(StoreSchema.current)); use a newer policy-check, nothing was written"
      )
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test("a database that is not a store is refused: other tables, or not SQLite at all")
  func foreignDatabaseRefused() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    let connection = try SQLiteStoreConnection(path: path, create: true)
    try connection.execute("create table tickets (id text)")
    connection.close()
    #expect {
      try Self.store(path)
    } throws: {
      ($0 as? StoreError)?.message
        == "\(path) is not a policy-check store: it holds other tables (tickets) and no policy_check_schema table; give a new file or an empty database"
    }
    let text = folder.appendingPathComponent("notes.txt").path
    try Data("just some notes, long enough to look like a header of something\n".utf8).write(
      to: URL(fileURLWithPath: text))
    #expect {
      try Self.store(text)
    } throws: {
      ($0 as? StoreError)?.message == "\(text) is not a policy-check store: it is not an SQLite database"
    }
  }

  @Test("migrations run in order from the store's version and are recorded")
  func migratesForward() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    // A v1 store, then a tool whose schema has a v2 (a column added).
    _ = try Self.store(path).write(Self.run())
    let v2 =
      StoreSchema.migrations + [
        StoreSchema.Migration(version: 2, statements: ["alter table runs add column note text"])
      ]
    let connection = try SQLiteStoreConnection(path: path, create: false)
    defer { connection.close() }
    #expect(try StoreSchema.version(of: connection, name: path, current: 2) == 1)
    try StoreSchema.migrate(connection, from: 1, to: 2, migrations: v2, toolVersion: "0.2.0", now: "now")
    #expect(
      try connection.query("select version, tool_version from policy_check_schema order by version").map {
        $0.map { $0.string ?? "" }
      } == [["1", Audit.toolVersion], ["2", "0.2.0"]])
    #expect(try connection.query("select note from runs").count == 1)
    // This tool (v1) now refuses the store.
    #expect(throws: StoreError.self) { try StoreSchema.version(of: connection, name: path, current: 1) }
  }

  // MARK: - History

  static func ids(_ pairs: [(String, String)]) -> Set<FindingIdentity> {
    Set(pairs.map { FindingIdentity(ruleID: $0.0, subject: $0.1) })
  }

  @Test("new and resolved violations compare rule and subject")
  func newAndResolved() {
    let (new, resolved) = StoreHistory.changes(
      previous: Self.ids([("R1", "A"), ("R1", "B"), ("R2", "A")]),
      current: Self.ids([("R1", "A"), ("R2", "B"), ("R1", "C-10"), ("R1", "C-9")]))
    #expect(new.map { "\($0.ruleID) \($0.subject)" } == ["R1 C-9", "R1 C-10", "R2 B"])
    #expect(resolved.map { "\($0.ruleID) \($0.subject)" } == ["R1 B", "R2 A"])
  }

  @Test("a repeat offender violates the rule in 3 or more periods in a row up to the audit's")
  func repeatOffenders() {
    let chain = [
      Self.ids([("R1", "A"), ("R1", "B"), ("R2", "A")]),
      Self.ids([("R1", "A"), ("R1", "B"), ("R2", "A"), ("R1", "D")]),
      Self.ids([("R1", "A"), ("R2", "A"), ("R1", "D")]),
      Self.ids([("R1", "A"), ("R1", "B"), ("R2", "A"), ("R1", "D")]),
    ]
    let found = StoreHistory.repeatOffenders(chain)
    // B missed a period; D has only three; A twice four.
    #expect(
      found.map { "\($0.identity.ruleID) \($0.identity.subject) \($0.periods)" } == [
        "R1 A 4", "R2 A 4", "R1 D 3",
      ])
    #expect(StoreHistory.repeatOffenders(Array(chain.prefix(2))).isEmpty)
    #expect(StoreHistory.repeatOffenders(chain + [Self.ids([("R1", "B")])]).isEmpty)
  }

  @Test("history: the previous period, changes and repeat offenders from stored runs")
  func historyFromStore() throws {
    let (folder, path) = try Self.storePath()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Self.store(path)
    // Three consecutive months; the contact rule's violating subject stays, so it repeats.
    var months: [AuditResult] = []
    for (k, start) in [1_719_763_200, 1_722_441_600, 1_725_120_000].enumerated() {
      var result = SampleAuditResult.make()
      result.periodStart = Timestamp(seconds: Int64(start))
      result.periodEnd = Timestamp(seconds: Int64([1_722_441_600, 1_725_120_000, 1_727_712_000][k]))
      months.append(result)
    }
    // August resolves every violation of the rework rule; September has them back.
    months[1].rules[2].findings.removeAll { $0.outcome == .violated }
    var last = 0
    for month in months { last = try store.write(Self.run(month)).runID }
    let history = try #require(try store.history(of: last))
    #expect(history.current.label == "2024-09" && history.previous?.label == "2024-08")
    let rework = months[2].rules[2].findings.filter { $0.outcome == .violated }.map(\.subject)
    #expect(!rework.isEmpty)
    #expect(history.new.map(\.subject) == rework.sorted())
    #expect(history.resolved.isEmpty)
    let always = months[2].rules[0].findings.filter { $0.outcome == .violated }
    #expect(!always.isEmpty)
    #expect(
      Set(history.repeatSubjects.map(\.identity))
        == Set(always.map { FindingIdentity(ruleID: $0.ruleID, subject: $0.subject) }))
    #expect(history.repeatSubjects.allSatisfy { $0.periods == 3 })
    let clause = try #require(history.trend.series.first { $0.id == months[2].clauses[0].clause.id })
    #expect(clause.points.map(\.period.label) == ["2024-07", "2024-08", "2024-09"])
    #expect(clause.points.map(\.rate) == months.map { $0.clauses[0].counts.complianceRate })
  }

  @Test("trend: periods in order, the later run for a period two rule sets cover, changes")
  func trendPoints() {
    func period(_ run: Int, _ month: Int, ruleSet: String = "a") -> StoredPeriod {
      StoredPeriod(
        runID: run, ruleSet: ruleSet, label: "2024-0\(month)", start: "2024-0\(month)-01T00:00:00Z",
        end: "2024-0\(month + 1)-01T00:00:00Z", groupField: nil)
    }
    func counts(_ passed: Int, _ violated: Int) -> OutcomeCounts {
      var c = OutcomeCounts()
      c.passed = passed
      c.violated = violated
      return c
    }
    let key = ComplianceTrend.SeriesKey(id: "S1")
    // Run 3 (another rule set) covers May again, after run 2: it counts.
    let trend = ComplianceTrend(
      periods: [period(2, 5), period(1, 4), period(3, 5, ruleSet: "b")],
      counts: [1: [key: counts(9, 1)], 2: [key: counts(1, 1)], 3: [key: counts(3, 1)]])
    let points = trend.series.first!.points
    #expect(points.map(\.period.runID) == [1, 3])
    #expect(points.map(\.rate) == [0.9, 0.75])
    #expect(points[0].change == nil && points[1].change == 0.75 - 0.9)
    #expect(points[1].violationChange == 0)
  }

  @Test("SHA-256 of known messages")
  func sha256() {
    #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    var hash = SHA256()
    for _ in 0..<1000 { hash.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
    #expect(hash.finish() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

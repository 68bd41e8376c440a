import Foundation
import PolicyRules

/// The results store (`--store`): every audit run, its counts and findings, in SQLite or
/// PostgreSQL tables that BI tools read directly (docs/store.md).
///
/// Opening checks that the store can be used (reachable, writable, a policy-check store of a
/// version this tool knows) before the audit runs; `write` then adds the run in one transaction,
/// so a failed or interrupted run leaves the store as it was.
public final class ResultsStore {
  public let location: StoreLocation
  private var connection: (any StoreConnection)?
  /// The schema version found when opening (nil: a new store).
  private(set) var version: Int?

  /// Opens the store, refusing one that cannot be written or read: nothing is written yet (a
  /// new SQLite file is created only by `write`).
  public init(_ location: StoreLocation) throws(StoreError) {
    self.location = location
    switch location.system {
    case .sqlite:
      let path = location.connection
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        guard !isFolder.boolValue else { throw StoreError("cannot use the store \(path): it is a folder") }
        guard FileManager.default.isWritableFile(atPath: path) else {
          throw StoreError("cannot write the store \(path): permission denied")
        }
        let connection = try SQLiteStoreConnection(path: path, create: false)
        self.connection = connection
        do {
          version = try StoreSchema.version(of: connection, name: path)
        } catch {
          connection.close()
          self.connection = nil
          if error.message.contains("file is not a database") {
            throw StoreError("\(path) is not a policy-check store: it is not an SQLite database")
          }
          throw error
        }
      } else {
        // SQLite writes a journal beside the file: the folder must take new files.
        let folder = (path as NSString).deletingLastPathComponent
        let parent = folder.isEmpty ? "." : folder
        var parentIsFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &parentIsFolder),
          parentIsFolder.boolValue
        else { throw StoreError("cannot create the store \(path): no folder \(parent)") }
        guard FileManager.default.isWritableFile(atPath: parent) else {
          throw StoreError("cannot create the store \(path): the folder \(parent) is not writable")
        }
      }
    case .postgres:
      let connection = try PostgresStoreConnection(conninfo: location.connection)
      self.connection = connection
      do {
        version = try StoreSchema.version(of: connection, name: location.name)
      } catch {
        connection.close()
        self.connection = nil
        throw error
      }
    }
  }

  deinit { connection?.close() }

  /// A run was written through this store (a new store exists from then on).
  private(set) var hasWritten = false

  /// The connection, opening (and for SQLite creating) the store when it was new.
  func openConnection() throws(StoreError) -> any StoreConnection {
    if let connection { return connection }
    let created = try SQLiteStoreConnection(path: location.connection, create: true)
    connection = created
    return created
  }

  /// What `write` did.
  public struct Written: Sendable {
    public var runID: Int
    /// Earlier runs of the same rules and period, now marked superseded by this one.
    public var superseded: [Int]
    public var findings: Int
    public var evidence: Int
  }

  /// Adds `run` in one transaction (migrating an older store first, inside it); on any error
  /// the transaction is rolled back and the store is as it was. `failAfterFindings` injects
  /// an error after that many findings (tests of the rollback).
  public func write(_ run: StoreRun, failAfterFindings: Int? = nil) throws(StoreError) -> Written {
    let files = FileFingerprints(
      run.result.ruleFiles.map { (role: "rules", path: $0) }
        + run.result.dataFiles.map { (role: "data", path: $0) })
    // The hashing thread ends before this returns, whatever happens.
    defer { _ = files.wait() }
    let isNew = location.system == .sqlite && !FileManager.default.fileExists(atPath: location.connection)
    let connection = try openConnection()
    do {
      for statement in connection.dialect.beginWrite { try connection.execute(statement) }
      let written = try insert(run, files: files, into: connection, failAfterFindings: failAfterFindings)
      try connection.execute("commit")
      hasWritten = true
      version = StoreSchema.current
      return written
    } catch {
      try? connection.execute("rollback")
      if isNew { removeNewFile() }
      throw error
    }
  }

  /// A new SQLite store whose first write failed: the file SQLite created (still empty) goes,
  /// so the store is as it was, absent.
  private func removeNewFile() {
    connection?.close()
    connection = nil
    let path = location.connection
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    if size == 0 { try? FileManager.default.removeItem(atPath: path) }
  }

  private func insert(
    _ run: StoreRun, files: FileFingerprints, into db: any StoreConnection,
    failAfterFindings: Int?
  ) throws(StoreError) -> Written {
    let now = ReportClock.utcText(run.finishedAt)
    // Another run may have created or migrated the store since it was opened.
    let found = try StoreSchema.version(of: db, name: location.name)
    if found != StoreSchema.current {
      try StoreSchema.migrate(db, from: found, toolVersion: run.result.toolVersion, now: now)
    }
    if let lock = db.dialect.lockRuns { try db.execute(lock) }
    let result = run.result
    let runID = (try db.query("select max(run_id) from runs").first?.first?.integer ?? 0) + 1
    let id = StoreValue(runID)
    let utc: (Timestamp?) -> StoreValue = { StoreValue($0.map(ReportClock.utcText)) }
    let ruleSet = run.ruleSet
    let runs = BatchInsert(
      db, table: "runs",
      columns: [
        "run_id", "rule_set", "period_label", "period_start", "period_end", "time_zone", "as_of",
        "as_of_given", "tool_version", "started_at", "finished_at", "group_field", "case_count",
        "rows_read", "rows_used", "rows_rejected",
      ])
    try runs.add([
      id, .text(ruleSet), .text(run.periodLabel), utc(result.periodStart), utc(result.periodEnd),
      .text(result.timeZoneIdentifier), utc(result.asOf), StoreValue(run.asOfGiven),
      .text(result.toolVersion), utc(run.startedAt), utc(run.finishedAt), StoreValue(run.groupField),
      StoreValue(result.caseCount), StoreValue(result.counts.read), StoreValue(result.counts.used),
      StoreValue(result.counts.rejected),
    ])
    try runs.finish()
    let countColumns = [
      "passed", "violated", "pending", "unverifiable", "waived", "applicable", "compliance_rate",
      "outside_calendar_data",
    ]
    func values(_ c: OutcomeCounts) -> [StoreValue] {
      [
        StoreValue(c.passed), StoreValue(c.violated), StoreValue(c.pending), StoreValue(c.unverifiable),
        StoreValue(c.waived), StoreValue(c.applicable), StoreValue(c.complianceRate),
        StoreValue(c.outsideCalendarData),
      ]
    }
    let ruleRows = BatchInsert(
      db, table: "rule_counts",
      columns: ["run_id", "rule_id", "clause_id", "title_en", "title_zh", "severity", "kind"] + countColumns)
    let metricRows = BatchInsert(
      db, table: "metric_rows",
      columns: [
        "run_id", "rule_id", "position", "period", "group_name", "numerator", "denominator", "value",
        "target",
        "met", "against_cases",
      ])
    for rule in result.rules {
      let r = rule.rule
      try ruleRows.add(
        [
          id, .text(r.id), .text(r.clause.id), .text(r.title.en), .text(r.title.zh),
          .text(r.severity.rawValue),
          .text(r.kind),
        ] + values(rule.counts))
      for (k, row) in rule.metricRows.enumerated() {
        try metricRows.add([
          id, .text(r.id), StoreValue(k + 1), .text(row.period), .text(row.group), StoreValue(row.numerator),
          StoreValue(row.denominator), .real(row.value), .text(row.target), StoreValue(row.met),
          .text(row.againstCases.joined(separator: " ")),
        ])
      }
    }
    try ruleRows.finish()
    try metricRows.finish()
    let clauseRows = BatchInsert(
      db, table: "clause_counts",
      columns: ["run_id", "clause_id", "document", "article", "rule_ids"] + countColumns)
    for clause in result.clauses {
      try clauseRows.add(
        [
          id, .text(clause.clause.id), .text(clause.clause.document), .text(clause.clause.article),
          .text(clause.ruleIDs.joined(separator: " ")),
        ] + values(clause.counts))
    }
    try clauseRows.finish()
    // Per group: every outcome (passed included), so each group has a rate; no group is ''.
    let groupRows = BatchInsert(
      db, table: "group_counts",
      columns: ["run_id", "rule_id", "clause_id", "group_name"] + countColumns.dropLast())
    for rule in result.rules {
      for (group, counts) in rule.countsByGroup.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
        try groupRows.add(
          [id, .text(rule.rule.id), .text(rule.rule.clause.id), .text(group ?? "")]
            + values(counts).dropLast())
      }
    }
    try groupRows.finish()
    let findingRows = BatchInsert(db, table: "findings", columns: Self.findingColumns)
    let evidenceRows = BatchInsert(
      db, table: "evidence",
      columns: [
        "run_id", "finding_id", "position", "label", "time_utc", "file", "line", "key", "resource",
      ])
    var findingID = 0
    for rule in result.rules {
      for finding in rule.findings {
        if let failAfterFindings, findingID == failAfterFindings {
          throw StoreError(
            "writing the store \(location.name) failed: injected failure after \(findingID) findings")
        }
        findingID += 1
        try findingRows.add(Self.row(finding, run: id, id: findingID))
        for (k, evidence) in finding.evidence.enumerated() {
          try evidenceRows.add([
            id, StoreValue(findingID), StoreValue(k + 1), .text(evidence.label), utc(evidence.time),
            .text(evidence.file), StoreValue(evidence.line), StoreValue(evidence.key),
            StoreValue(evidence.resource),
          ])
        }
      }
    }
    try findingRows.finish()
    try evidenceRows.finish()
    let fileRows = BatchInsert(
      db, table: "run_files", columns: ["run_id", "role", "position", "path", "bytes", "sha256"])
    var positions: [String: Int] = [:]
    for (role, file) in files.wait() {
      positions[role, default: 0] += 1
      try fileRows.add([
        id, .text(role), StoreValue(positions[role]!), .text(file.path), StoreValue(file.bytes),
        StoreValue(file.sha256),
      ])
    }
    try fileRows.finish()
    // Same period: the same rule set and the same period bounds (instants, so the zone counts).
    let earlier = try db.query(
      """
      select run_id from runs where rule_set = $1 and coalesce(period_start, '') = coalesce($2, '')
        and coalesce(period_end, '') = coalesce($3, '') and superseded_by is null and run_id <> $4
      order by run_id
      """, [.text(ruleSet), utc(result.periodStart), utc(result.periodEnd), id]
    ).compactMap { $0.first?.integer }
    if !earlier.isEmpty {
      let supersede = try db.prepare(
        "update runs set superseded_by = $1, superseded_at = $2 where run_id = $3")
      defer { supersede.close() }
      for run in earlier { try supersede.run([id, .text(now), StoreValue(run)]) }
    }
    return Written(
      runID: runID, superseded: earlier, findings: findingRows.rowCount, evidence: evidenceRows.rowCount)
  }

  static let findingColumns = [
    "run_id", "finding_id", "rule_id", "clause_id", "subject", "outcome", "severity", "expected_en",
    "expected_zh", "actual_en", "actual_zh", "deadline_start", "deadline_due", "deadline_duration",
    "deadline_calendar", "deadline_skipped_days", "deadline_make_up_days", "deadline_explanation_en",
    "deadline_explanation_zh", "calendar_gap_calendar", "calendar_gap_from", "calendar_gap_to",
    "calendar_gap_after_end", "penalty_amount", "penalty_currency", "penalty_per_occurrence",
    "penalty_doubled_on_repeat", "assumed_parameters", "period", "waiver_reason", "waiver_approver",
    "waiver_expires", "waiver_source", "time_utc", "group_name", "fingerprint", "baseline_state",
  ]

  /// A finding's row: the JSON report's fields as columns (days as `YYYY-MM-DD`, lists joined by spaces).
  static func row(_ f: Finding, run: StoreValue, id: Int) -> [StoreValue] {
    let utc: (Timestamp?) -> StoreValue = { StoreValue($0.map(ReportClock.utcText)) }
    let days: ([CivilDate]?) -> StoreValue = {
      StoreValue($0.map { $0.map(CivilMath.dateText).joined(separator: " ") })
    }
    let explanation = f.deadlineExplanation
    return [
      run, StoreValue(id), .text(f.ruleID), .text(f.clauseID), .text(f.subject), .text(f.outcome.rawValue),
      .text(f.severity.rawValue), .text(f.expected.en), .text(f.expected.zh), .text(f.actual.en),
      .text(f.actual.zh), utc(f.deadline?.start), utc(f.deadline?.due),
      StoreValue(f.deadline?.duration.description), StoreValue(f.deadline?.calendarName),
      days(f.deadline?.skippedDays), days(f.deadline?.makeUpDays), StoreValue(explanation?.en),
      StoreValue(explanation?.zh), StoreValue(f.calendarGap?.calendar),
      StoreValue(f.calendarGap.map { CivilMath.dateText($0.covers.lowerBound) }),
      StoreValue(f.calendarGap.map { CivilMath.dateText($0.covers.upperBound) }),
      f.calendarGap.map { StoreValue($0.afterEnd) } ?? .null, StoreValue(f.penalty?.amount),
      StoreValue(f.penalty?.currency), f.penalty.map { StoreValue($0.perOccurrence) } ?? .null,
      f.penalty.map { StoreValue($0.doubledOnRepeat) } ?? .null,
      .text(f.assumedParameters.joined(separator: " ")), StoreValue(f.period), StoreValue(f.waiver?.reason),
      StoreValue(f.waiver?.approver), StoreValue(f.waiver.map { CivilMath.dateText($0.expires) }),
      StoreValue(f.waiver?.source), utc(f.time), StoreValue(f.group), .text(f.fingerprint),
      StoreValue(f.baselineState?.rawValue),
    ]
  }
}

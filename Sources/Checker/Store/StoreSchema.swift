/// The store's tables, versioned: `policy_check_schema` holds one row per version applied, and
/// the tool migrates an older store forward (inside the run's transaction) and refuses a newer one.
///
/// The same SQL serves SQLite and PostgreSQL: only `bigint`, `integer`, `double precision` and
/// `text` columns, instants as ISO 8601 UTC text, booleans as 0/1, ids given by the tool.
/// Foreign keys are checked at commit (`deferrable initially deferred`): rows go in in batches,
/// evidence batches before the findings they belong to are all in.
/// docs/store.md documents every table; a change to them is a new migration, never an edit of
/// an old one.
enum StoreSchema {
  /// One step forward: the statements that take a store from `version - 1` to `version`.
  struct Migration: Sendable {
    var version: Int
    var statements: [String]
  }

  /// The version this tool writes and reads.
  static var current: Int { migrations.last!.version }

  /// Every migration in order; `migrations[k].version == k + 1`.
  static let migrations: [Migration] = [Migration(version: 1, statements: version1)]

  static let versionTable = "policy_check_schema"

  /// The outcome counts of `rule_counts`, `clause_counts` and `group_counts`: part of version
  /// 1, never to change (a new column is a migration).
  private static let outcomeColumns = """
    passed bigint not null,
      violated bigint not null,
      pending bigint not null,
      unverifiable bigint not null,
      waived bigint not null,
      applicable bigint not null,
      compliance_rate double precision,
    """

  static let version1 = [
    """
    create table policy_check_schema (
      version integer primary key,
      tool_version text not null,
      applied_at text not null
    )
    """,
    """
    create table runs (
      run_id bigint primary key,
      rule_set text not null,
      period_label text not null,
      period_start text,
      period_end text,
      time_zone text not null,
      as_of text not null,
      as_of_given integer not null,
      tool_version text not null,
      started_at text not null,
      finished_at text not null,
      group_field text,
      case_count bigint not null,
      rows_read bigint not null,
      rows_used bigint not null,
      rows_rejected bigint not null,
      superseded_by bigint references runs (run_id),
      superseded_at text
    )
    """,
    "create index runs_by_period on runs (rule_set, period_start, period_end)",
    """
    create table run_files (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      role text not null,
      position integer not null,
      path text not null,
      bytes bigint,
      sha256 text,
      primary key (run_id, role, position)
    )
    """,
    """
    create table rule_counts (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      rule_id text not null,
      clause_id text not null,
      title_en text not null,
      title_zh text not null,
      severity text not null,
      kind text not null,
      \(outcomeColumns)
      outside_calendar_data bigint not null,
      primary key (run_id, rule_id)
    )
    """,
    """
    create table clause_counts (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      clause_id text not null,
      document text not null,
      article text not null,
      rule_ids text not null,
      \(outcomeColumns)
      outside_calendar_data bigint not null,
      primary key (run_id, clause_id)
    )
    """,
    """
    create table group_counts (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      rule_id text not null,
      clause_id text not null,
      group_name text not null,
      \(outcomeColumns)
      primary key (run_id, rule_id, group_name)
    )
    """,
    """
    create table metric_rows (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      rule_id text not null,
      position integer not null,
      period text not null,
      group_name text not null,
      numerator bigint not null,
      denominator bigint not null,
      value double precision not null,
      target text not null,
      met integer not null,
      against_cases text not null,
      primary key (run_id, rule_id, position)
    )
    """,
    """
    create table findings (
      run_id bigint not null references runs (run_id) deferrable initially deferred,
      finding_id bigint not null,
      rule_id text not null,
      clause_id text not null,
      subject text not null,
      outcome text not null,
      severity text not null,
      expected_en text not null,
      expected_zh text not null,
      actual_en text not null,
      actual_zh text not null,
      deadline_start text,
      deadline_due text,
      deadline_duration text,
      deadline_calendar text,
      deadline_skipped_days text,
      deadline_make_up_days text,
      deadline_explanation_en text,
      deadline_explanation_zh text,
      calendar_gap_calendar text,
      calendar_gap_from text,
      calendar_gap_to text,
      calendar_gap_after_end integer,
      penalty_amount double precision,
      penalty_currency text,
      penalty_per_occurrence integer,
      penalty_doubled_on_repeat integer,
      assumed_parameters text not null,
      period text,
      waiver_reason text,
      waiver_approver text,
      waiver_expires text,
      waiver_source text,
      time_utc text,
      group_name text,
      fingerprint text not null,
      baseline_state text,
      primary key (run_id, finding_id)
    )
    """,
    "create index findings_by_rule_subject on findings (rule_id, subject)",
    """
    create table evidence (
      run_id bigint not null,
      finding_id bigint not null,
      position integer not null,
      label text not null,
      time_utc text,
      file text not null,
      line bigint not null,
      key text,
      resource text,
      primary key (run_id, finding_id, position),
      foreign key (run_id, finding_id) references findings (run_id, finding_id) deferrable initially deferred
    )
    """,
  ]

  /// The store's version: nil for an empty database (a new store); an error for a database
  /// that holds other tables but no version table, or whose version is newer than `current`.
  static func version(
    of connection: any StoreConnection, name: String, current: Int = StoreSchema.current
  ) throws(StoreError) -> Int? {
    let tables = try connection.query(connection.dialect.tableNames).compactMap { $0.first?.string }
    guard tables.contains(versionTable) else {
      if tables.isEmpty { return nil }
      let shown = tables.sorted().prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
      throw StoreError(
        "\(name) is not a policy-check store: it holds other tables (\(shown)) and no \(versionTable) table; "
          + "give a new file or an empty database")
    }
    let rows = try connection.query("select max(version) from \(versionTable)")
    guard let version = rows.first?.first?.integer else {
      throw StoreError("\(name) is not a policy-check store: its \(versionTable) table records no version")
    }
    if version > current {
      throw StoreError(
        "\(name) has store schema version \(version), newer than this policy-check's (\(current)); "
          + "use a newer policy-check, nothing was written")
    }
    return version
  }

  /// Applies the migrations after `version` (all of them for a new store), recording each.
  static func migrate(
    _ connection: any StoreConnection, from version: Int?, to target: Int = StoreSchema.current,
    migrations: [Migration] = StoreSchema.migrations, toolVersion: String, now: String
  ) throws(StoreError) {
    for migration in migrations where migration.version > (version ?? 0) && migration.version <= target {
      for statement in migration.statements { try connection.execute(statement) }
      let record = try connection.prepare(
        "insert into \(versionTable) (version, tool_version, applied_at) values ($1, $2, $3)")
      defer { record.close() }
      try record.run([StoreValue(migration.version), .text(toolVersion), .text(now)])
    }
  }
}

/// The SQL engines a compiled audit runs in, and every place their SQL differs.
///
/// The compiled script is otherwise standard SQL the engines read alike: `WITH` queries,
/// window functions, `CASE`, `||`, `count(*) FILTER (WHERE …)`. Each difference is one member
/// here, so a new dialect is one more case.
///
/// Spark SQL runs the script with the settings its preamble pins (`spark.sql.ansi.enabled`, so
/// a cast that cannot succeed stops the query as in PostgreSQL; escaped string literals; the
/// session zone UTC, which local wall-clock times are written in: `localTime(_:zone:)`).
public enum SQLDialect: String, Sendable, CaseIterable {
  case duckdb
  case postgres
  case spark

  /// Milliseconds since 1970 of a `TIMESTAMPTZ` expression, as a 64-bit integer.
  func epochMilliseconds(_ timestamp: String) -> String {
    switch self {
    case .duckdb: "epoch_ms(\(timestamp))"
    // `extract` gives numeric seconds with the fraction exact (PostgreSQL 14+).
    case .postgres: "CAST(extract(epoch FROM \(timestamp)) * 1000 AS BIGINT)"
    case .spark: "unix_millis(\(timestamp))"
    }
  }

  /// The `TIMESTAMPTZ` of a number of milliseconds since 1970 (exact to the millisecond).
  func timestamp(fromMilliseconds ms: String) -> String {
    switch self {
    case .duckdb: "make_timestamptz(CAST(\(ms) AS BIGINT) * 1000)"
    case .postgres: "(TIMESTAMPTZ 'epoch' + CAST(\(ms) AS BIGINT) * INTERVAL '1 millisecond')"
    case .spark: "timestamp_millis(CAST(\(ms) AS BIGINT))"
    }
  }

  /// The type of expression numbers (IEEE doubles, as the native engine's).
  var doubleType: String {
    switch self {
    case .duckdb, .spark: "DOUBLE"
    case .postgres: "DOUBLE PRECISION"
    }
  }

  /// The type of text columns (Spark has no `TEXT`).
  var textType: String {
    switch self {
    case .duckdb, .postgres: "TEXT"
    case .spark: "STRING"
    }
  }

  /// The type of instants (Spark's `TIMESTAMP` is an instant, shown in the session zone).
  var timestampType: String {
    switch self {
    case .duckdb, .postgres: "TIMESTAMPTZ"
    case .spark: "TIMESTAMP"
    }
  }

  /// The type named by its neutral spelling in the compiler (`TEXT`, `TIMESTAMPTZ`, others as written).
  func type(_ name: String) -> String {
    switch name {
    case "TEXT": textType
    case "TIMESTAMPTZ": timestampType
    default: name
    }
  }

  /// Text ordered by code point (the native `<` on strings): DuckDB's default; PostgreSQL's
  /// default collation follows the locale, so the C collation is named.
  func codePointOrdered(_ text: String) -> String {
    switch self {
    // Spark compares strings by their UTF-8 bytes, which order as their code points.
    case .duckdb, .spark: text
    case .postgres: "(\(text) COLLATE \"C\")"
    }
  }

  /// A text literal. DuckDB and PostgreSQL read `'…'` with `''` for a quote and backslashes as
  /// written (PostgreSQL with `standard_conforming_strings`, its default since 9.1); Spark reads
  /// backslash escapes (`spark.sql.parser.escapedStringLiterals` false, pinned by the preamble),
  /// so a backslash and a quote are escaped with one.
  func literal(_ text: String) -> String {
    switch self {
    case .duckdb, .postgres: "'" + text.replacingAll("'", with: "''") + "'"
    case .spark: "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }
  }

  /// `CREATE TABLE name (…)` of columns named, typed (`type(_:)`) and maybe `NOT NULL`; Spark's a
  /// table of its default source (Parquet files under `spark.sql.warehouse.dir`).
  func createTable(_ name: String, _ columns: [(name: String, type: String, notNull: Bool)]...) -> String {
    let list = columns.joined().map {
      "\(identifier($0.name)) \(type($0.type))\($0.notNull ? " NOT NULL" : "")"
    }
    return "CREATE TABLE \(name) (\(list.joined(separator: ", ")))\(self == .spark ? " USING parquet" : "");"
  }

  /// The statements that (re)create the temporary table `name` as the rows of `query`. Spark has
  /// no temporary tables: a cached temporary view is computed once, when it is created.
  func temporaryTable(_ name: String, as query: String) -> [String] {
    switch self {
    case .duckdb, .postgres: ["DROP TABLE IF EXISTS \(name);", "CREATE TEMPORARY TABLE \(name) AS \(query);"]
    case .spark: ["DROP VIEW IF EXISTS \(name);", "CACHE TABLE \(name) AS \(query);"]
    }
  }

  /// The statements around the judgement inserts: one transaction where the engine has them (a
  /// query that stops the script leaves no table of some rules' judgements behind). Spark SQL has
  /// none: a stopped script leaves the judgements written so far, and the runner reports the error.
  var transaction: (begin: [String], commit: [String]) {
    switch self {
    case .duckdb, .postgres: (["BEGIN;"], ["COMMIT;"])
    case .spark: ([], [])
    }
  }

  /// A quoted identifier (column names may be Chinese or hold spaces).
  func identifier(_ name: String) -> String {
    switch self {
    case .duckdb, .postgres: "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    case .spark: "`" + name.replacingAll("`", with: "``") + "`"
    }
  }

  /// Statements that make the temporary tables quick to look cases up in: PostgreSQL plans the
  /// per-case subqueries as index lookups only with an index and statistics; DuckDB needs neither.
  func indexing(_ tables: [String], key: String = "record_type, case_id") -> [String] {
    switch self {
    case .duckdb, .spark: []
    case .postgres:
      tables.flatMap { ["CREATE INDEX ON \($0) (\(key));", "ANALYZE \($0);"] }
    }
  }

  /// A `WITH` definition `name AS (…)` as this engine should run it. PostgreSQL inlines a query
  /// referenced once and substitutes its computed columns at every reference, so a due time
  /// read by several branches of an outcome ran its calendar lookups once per branch; computed
  /// once (`MATERIALIZED`), the synthetic 130,000 events took 6.9 s instead of 14.9 s. DuckDB
  /// already computes a query referenced more than once once, and plans worse across a
  /// materialised one (7.0 s to 9.5 s for one rule), so its definitions stay as written. Spark
  /// has no `MATERIALIZED`: it plans a `WITH` query referenced several times once per reference.
  func definition(_ definition: String) -> String {
    switch self {
    case .duckdb, .spark: return definition
    case .postgres:
      guard let keyword = definition.firstRange(of: " AS (") else { return definition }
      var materialized = definition
      materialized.replaceSubrange(keyword, with: " AS MATERIALIZED (")
      return materialized
    }
  }

  /// The end of a correlated lookup whose conditions match at most one row, ordered by `key`.
  /// PostgreSQL walks an index to the first entry only under `LIMIT 1` (without it, on through
  /// the rest of the calendar table); DuckDB turns `ORDER BY … LIMIT 1` in a correlated
  /// subquery into a window over every pair of outer and inner rows (16 million rows for one
  /// rule of the synthetic log) but joins the conditions alone by range.
  func onlyMatch(orderedBy key: String) -> String {
    switch self {
    case .duckdb, .spark: ""
    case .postgres: " ORDER BY \(key) LIMIT 1"
    }
  }

  /// One row `j.r` per element of a JSON array (a text literal): the rows of a loaded batch.
  /// PostgreSQL reads the elements as `jsonb`: `->>` on `json` parses the element again for
  /// each column (the synthetic 130,000 events loaded in 6.7 s as `VALUES`, 7.9 s as `json`,
  /// 3.1 s as `jsonb`).
  func jsonArrayRows(_ literal: String) -> String {
    switch self {
    case .duckdb: "(SELECT unnest(CAST(\(literal) AS JSON[])) AS r) j"
    case .postgres: "jsonb_array_elements(CAST(\(literal) AS jsonb)) AS j(r)"
    case .spark: "(SELECT explode(from_json(\(literal), 'array<array<string>>')) AS r) j"
    }
  }

  /// The text of element `k` (0-based) of a row `j.r` of `jsonArrayRows` (null for JSON null).
  func jsonElement(_ k: Int) -> String {
    switch self {
    case .duckdb, .postgres: "(j.r ->> \(k))"
    case .spark: "j.r[\(k)]"
    }
  }

  /// The statements that set up the session before the script (a fixed zone for output).
  var preamble: [String] {
    switch self {
    case .duckdb: ["SET TimeZone = 'UTC';"]
    // JIT compiling the judgement query's thousands of expressions took 30 of its 31 s on the
    // fixture month; the query is many small index lookups, which JIT does not speed up.
    case .postgres: ["SET TimeZone = 'UTC';", "SET client_min_messages = warning;", "SET jit = off;"]
    // What the script's meaning depends on, whatever the session was started with.
    case .spark:
      [
        "SET TIME ZONE 'UTC';", "SET spark.sql.ansi.enabled = true;",
        "SET spark.sql.parser.escapedStringLiterals = false;", "SET spark.sql.caseSensitive = false;",
      ]
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced (Foundation-free: this target imports only PolicyRules).
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    out.reserveCapacity(utf8.count)
    for character in self {
      if character == target { out += replacement } else { out.append(character) }
    }
    return out
  }
}

extension SQLDialect {
  /// The characters Swift's `Character.isWhitespace` takes for blank (FieldsCheck.isBlank).
  static let whitespace =
    "\u{09}\u{0A}\u{0B}\u{0C}\u{0D}\u{20}\u{85}\u{A0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}"
    + "\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}"

  /// `text` with that whitespace removed at both ends.
  func trimmingWhitespace(_ text: String) -> String {
    switch self {
    case .duckdb: "trim(\(text), \(literal(Self.whitespace)))"
    case .postgres: "btrim(\(text), \(literal(Self.whitespace)))"
    case .spark: "trim(BOTH \(literal(Self.whitespace)) FROM \(text))"
    }
  }
}

extension SQLDialect {
  /// Whether all of `text` matches `pattern`, a regular expression of literal characters,
  /// bracket classes of code-point ranges, `?`, `*`, `+`, `{n,m}`, groups and `|` only: RE2
  /// (DuckDB), PostgreSQL's ARE and Java's `Pattern` (Spark) read those alike — Java's with
  /// `.` matching line ends too (`(?s)`) and the end as `\\z` (its `$` also matches before a
  /// final line end).
  func fullMatch(_ text: String, _ pattern: String) -> String {
    switch self {
    case .duckdb: "regexp_full_match(\(text), \(literal(pattern)))"
    case .postgres: "(\(text) ~ \(literal("^(?:" + pattern + ")$")))"
    case .spark: "(\(text) RLIKE \(literal("(?s)^(?:" + pattern + ")\\z")))"
    }
  }

  /// The remainder of two doubles with the dividend's sign (C's `fmod`, Swift's
  /// `truncatingRemainder`), `b` not zero. DuckDB's `%` on doubles is `fmod`; PostgreSQL has no
  /// double remainder, so integers (exact up to 2^53) use BIGINT's `%` and other numbers stop
  /// the query.
  func remainder(_ a: String, _ b: String) -> String {
    switch self {
    // Spark's `%` on doubles is Java's, which is `fmod`.
    case .duckdb, .spark: return "(\(a) % \(b))"
    case .postgres:
      let integral = { (x: String) in "(\(x) = trunc(\(x)) AND abs(\(x)) <= 9007199254740992)" }
      return
        "(CASE WHEN \(integral(a)) AND \(integral(b)) THEN CAST(CAST(\(a) AS BIGINT) % CAST(\(b) AS BIGINT) AS \(doubleType)) "
        + "ELSE \(queryFailure("'policy-check: % of numbers that are not integers is not compiled for PostgreSQL: ' || CAST(\(a) AS TEXT)")) END)"
    }
  }

  /// Lower or upper case of text without case mappings beyond ASCII (`SQLExpressionCompiler`
  /// checks that): PostgreSQL's follow the collation, so the C collation is named.
  func changingCase(_ text: String, upper: Bool) -> String {
    "\(upper ? "upper" : "lower")(\(codePointOrdered(text)))"
  }

  /// A double expression that stops the query with `message` (a text expression) when evaluated:
  /// where the script meets data it was not compiled for, it fails rather than judge differently.
  /// The message must read a column: PostgreSQL folds constant expressions while planning, in
  /// branches never taken too.
  func queryFailure(_ message: String) -> String {
    switch self {
    case .duckdb: "CAST(error(\(message)) AS \(doubleType))"
    // PostgreSQL has no function that raises: a cast that cannot succeed carries the message.
    case .postgres: "CAST(CAST(\(message) AS INTEGER) AS \(doubleType))"
    // `raise_error(NULL)` raises too; in the other engines a null message (null data) is null.
    case .spark: "(CASE WHEN \(message) IS NOT NULL THEN CAST(raise_error(\(message)) AS \(doubleType)) END)"
    }
  }
}

extension SQLDialect {
  /// The local wall-clock time in `zone` (a literal) of an instant. DuckDB and PostgreSQL give a
  /// `TIMESTAMP` without zone; Spark gives the instant whose UTC clock reads the local clock
  /// (the session zone is UTC), so truncating, extracting and casting it to a date read the
  /// local clock.
  func localTime(_ instant: String, zone: String) -> String {
    switch self {
    case .duckdb, .postgres: "(\(instant) AT TIME ZONE \(zone))"
    case .spark: "from_utc_timestamp(\(instant), \(zone))"
    }
  }

  /// The instant of a local wall-clock time of `localTime` in `zone` (a literal). Spark resolves a
  /// time repeated when clocks go back to the earlier instant and one skipped when they go forward
  /// with the offset before the change, as the native `utcMilliseconds(fromLocal:)` does.
  func instant(ofLocal local: String, zone: String) -> String {
    switch self {
    case .duckdb, .postgres: "(\(local) AT TIME ZONE \(zone))"
    case .spark: "to_utc_timestamp(\(local), \(zone))"
    }
  }

  /// A local time `days` calendar days later.
  func addingDays(_ local: String, _ days: Int) -> String {
    switch self {
    case .duckdb, .postgres: "(\(local) + INTERVAL '\(days) day')"
    case .spark: "(\(local) + INTERVAL '\(days)' DAY)"
    }
  }

  /// A local time `months` calendar months later (earlier when negative), the day clamped to the
  /// month's end.
  func addingMonths(_ local: String, _ months: Int) -> String {
    switch self {
    case .duckdb, .postgres: "(\(local) \(months < 0 ? "-" : "+") INTERVAL '\(abs(months)) months')"
    case .spark: "(\(local) \(months < 0 ? "-" : "+") INTERVAL '\(abs(months))' MONTH)"
    }
  }

  /// A double rounded toward zero, as a double. Spark has no numeric `trunc` and its `floor`
  /// and `ceil` give 64-bit integers, so doubles of 2^52 and more (integers already) are kept.
  func truncated(_ x: String) -> String {
    switch self {
    case .duckdb, .postgres: "trunc(\(x))"
    case .spark:
      "(CASE WHEN abs(\(x)) < 4503599627370496 THEN CAST(CAST(\(x) AS BIGINT) AS DOUBLE) ELSE \(x) END)"
    }
  }

  /// `ceil` or `floor` of a double, as a double.
  func rounded(_ function: String, _ x: String) -> String {
    switch self {
    case .duckdb, .postgres: "\(function)(\(x))"
    case .spark:
      "(CASE WHEN abs(\(x)) < 4503599627370496 THEN CAST(\(function)(\(x)) AS DOUBLE) ELSE \(x) END)"
    }
  }

  /// Whether `needle` occurs in `text` (code points; the empty text occurs in every text).
  func containsText(_ text: String, _ needle: String) -> String {
    switch self {
    case .duckdb, .postgres: "(strpos(\(text), \(needle)) > 0)"
    case .spark: "(instr(\(text), \(needle)) > 0)"
    }
  }
}

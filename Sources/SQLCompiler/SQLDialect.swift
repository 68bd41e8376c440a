/// The SQL engines a compiled audit runs in, and every place their SQL differs.
///
/// The compiled script is otherwise standard SQL both engines read alike: `WITH` queries,
/// window functions, `CASE`, `EXISTS`, `||`, `TIMESTAMPTZ` columns. Each difference is one
/// member here, so a new dialect is one more case.
public enum SQLDialect: String, Sendable, CaseIterable {
  case duckdb
  case postgres

  /// Milliseconds since 1970 of a `TIMESTAMPTZ` expression, as a 64-bit integer.
  func epochMilliseconds(_ timestamp: String) -> String {
    switch self {
    case .duckdb: "epoch_ms(\(timestamp))"
    // `extract` gives numeric seconds with the fraction exact (PostgreSQL 14+).
    case .postgres: "CAST(extract(epoch FROM \(timestamp)) * 1000 AS BIGINT)"
    }
  }

  /// The `TIMESTAMPTZ` of a number of milliseconds since 1970 (exact to the millisecond).
  func timestamp(fromMilliseconds ms: String) -> String {
    switch self {
    case .duckdb: "make_timestamptz(CAST(\(ms) AS BIGINT) * 1000)"
    case .postgres: "(TIMESTAMPTZ 'epoch' + CAST(\(ms) AS BIGINT) * INTERVAL '1 millisecond')"
    }
  }

  /// The type of expression numbers (IEEE doubles, as the native engine's).
  var doubleType: String {
    switch self {
    case .duckdb: "DOUBLE"
    case .postgres: "DOUBLE PRECISION"
    }
  }

  /// Text ordered by code point (the native `<` on strings): DuckDB's default; PostgreSQL's
  /// default collation follows the locale, so the C collation is named.
  func codePointOrdered(_ text: String) -> String {
    switch self {
    case .duckdb: text
    case .postgres: "(\(text) COLLATE \"C\")"
    }
  }

  /// A text literal. Both read `'…'` with `''` for a quote and backslashes as written
  /// (PostgreSQL with `standard_conforming_strings`, its default since 9.1).
  func literal(_ text: String) -> String {
    "'" + text.replacingAll("'", with: "''") + "'"
  }

  /// A quoted identifier (column names may be Chinese or hold spaces).
  func identifier(_ name: String) -> String {
    "\"" + name.replacingAll("\"", with: "\"\"") + "\""
  }

  /// Statements that make the temporary tables quick to look cases up in: PostgreSQL plans the
  /// per-case subqueries as index lookups only with an index and statistics; DuckDB needs neither.
  func indexing(_ tables: [String], key: String = "record_type, case_id") -> [String] {
    switch self {
    case .duckdb: []
    case .postgres:
      tables.flatMap { ["CREATE INDEX ON \($0) (\(key));", "ANALYZE \($0);"] }
    }
  }

  /// A `WITH` definition `name AS (…)` as this engine should run it. PostgreSQL inlines a query
  /// referenced once and substitutes its computed columns at every reference, so a due time
  /// read by several branches of an outcome ran its calendar lookups once per branch; computed
  /// once (`MATERIALIZED`), the synthetic 130,000 events took 6.9 s instead of 14.9 s. DuckDB
  /// already computes a query referenced more than once once, and plans worse across a
  /// materialised one (7.0 s to 9.5 s for one rule), so its definitions stay as written.
  func definition(_ definition: String) -> String {
    switch self {
    case .duckdb: return definition
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
    case .duckdb: ""
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
    }
  }

  /// The statements that set up the session before the script (a fixed zone for output).
  var preamble: [String] {
    switch self {
    case .duckdb: ["SET TimeZone = 'UTC';"]
    // JIT compiling the judgement query's thousands of expressions took 30 of its 31 s on the
    // fixture month; the query is many small index lookups, which JIT does not speed up.
    case .postgres: ["SET TimeZone = 'UTC';", "SET client_min_messages = warning;", "SET jit = off;"]
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
    }
  }
}

extension SQLDialect {
  /// Whether all of `text` matches `pattern`, a regular expression of literal characters,
  /// bracket classes of code-point ranges, `?`, `*`, `+`, `{n,m}`, groups and `|` only: RE2
  /// (DuckDB) and PostgreSQL's ARE read those alike.
  func fullMatch(_ text: String, _ pattern: String) -> String {
    switch self {
    case .duckdb: "regexp_full_match(\(text), \(literal(pattern)))"
    case .postgres: "(\(text) ~ \(literal("^(?:" + pattern + ")$")))"
    }
  }

  /// The remainder of two doubles with the dividend's sign (C's `fmod`, Swift's
  /// `truncatingRemainder`), `b` not zero. DuckDB's `%` on doubles is `fmod`; PostgreSQL has no
  /// double remainder, so integers (exact up to 2^53) use BIGINT's `%` and other numbers stop
  /// the query.
  func remainder(_ a: String, _ b: String) -> String {
    switch self {
    case .duckdb: return "(\(a) % \(b))"
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
    }
  }
}

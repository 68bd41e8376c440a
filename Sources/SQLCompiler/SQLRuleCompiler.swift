import PolicyRules

/// What a compiled audit is judged against: the cut-off, the audit period and the group field.
public struct SQLAuditSettings: Sendable {
  public var asOf: Timestamp
  public var periodStart: Timestamp?
  public var periodEnd: Timestamp?
  /// The field whose value is each judgement's group (`--group-by`), if any.
  public var groupField: String?
  /// The calendars rules may name (working time, local days and times of rules on them).
  public var calendars: [String: WorkCalendar]
  /// The earliest and latest instant of the data (event times and timestamp fields): the range
  /// the calendar table covers, with a margin.
  public var dataRange: ClosedRange<Timestamp>?

  public init(
    asOf: Timestamp, periodStart: Timestamp?, periodEnd: Timestamp?, groupField: String?,
    calendars: [String: WorkCalendar] = [:], dataRange: ClosedRange<Timestamp>? = nil
  ) {
    self.asOf = asOf
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.groupField = groupField
    self.calendars = calendars
    self.dataRange = dataRange
  }
}

/// A check kind the compiler translates: its judgements as `WITH` queries and a final
/// `SELECT` with the columns `record_type, case_id, subject, anchor_ms, due_ms, outcome, evidence`.
protocol SQLCompilableCheck {
  func sql(_ rule: SQLRuleCompiler) throws(Unsupported) -> SQLRuleQuery
}

/// One rule's part of the script.
struct SQLRuleQuery {
  /// `name AS (…)` definitions, in order, each named with the rule's prefix.
  var definitions: [String] = []
  /// A query with the judgement columns above (and `period` when `hasPeriod`).
  var judgements: String
  var hasPeriod = false
}

/// Compiles one rule: the helpers every kind shares (scope, event matchers, time points, limits).
struct SQLRuleCompiler {
  let rule: Rule
  let schema: SQLSchema
  let dialect: SQLDialect
  let settings: SQLAuditSettings
  /// `r12`: the prefix of this rule's `WITH` names.
  let prefix: String

  /// The events up to the cut-off, with `t` their milliseconds (defined once per script).
  static let eventsAtCutOff = "pc_ev"

  func name(_ part: String) -> String { "\(prefix)_\(part)" }

  func expressions(on row: String) -> SQLExpressionCompiler {
    SQLExpressionCompiler(schema: schema, dialect: dialect, row: row, eventsAtCutOff: Self.eventsAtCutOff)
  }

  /// The rule's calendar (plain time in the dataset's zone without one).
  var calendar: WorkCalendar {
    rule.calendar.flatMap { settings.calendars[$0] }
      ?? WorkCalendar.continuous(timeZoneIdentifier: schema.timeZoneIdentifier)
  }

  /// The zone of the rule's calendar (plain time in the dataset's zone without one).
  var calendarZone: String {
    rule.calendar.flatMap { settings.calendars[$0]?.timeZoneIdentifier } ?? schema.timeZoneIdentifier
  }

  /// The local wall-clock `TIMESTAMP` of an instant given in milliseconds.
  func localTime(_ ms: String, zone: String) -> String {
    dialect.localTime(dialect.timestamp(fromMilliseconds: ms), zone: dialect.literal(zone))
  }

  /// Working time on calendar `name` in this dialect.
  func workingTime(_ name: String) -> WorkingTimeSQL {
    WorkingTimeSQL(calendar: name, dialect: dialect, localDay: localDay, nextMidnight: nextMidnight)
  }

  /// The local date of `ms` in the rule's calendar zone as days since 1970-01-01 (Spark).
  func localDay(_ ms: String) -> String {
    "unix_date(CAST(\(localTime(ms, zone: calendarZone)) AS DATE))"
  }

  /// Milliseconds of the local midnight that ends the local day of `ms` in the rule's calendar zone.
  func nextMidnight(_ ms: String) -> String {
    let zone = dialect.literal(calendarZone)
    return dialect.epochMilliseconds(
      dialect.instant(
        ofLocal: dialect.addingDays("date_trunc('day', \(localTime(ms, zone: calendarZone)))", 1), zone: zone)
    )
  }

  /// Both key columns of `a` equal those of `b`.
  func sameCase(_ a: String, _ b: String) -> String {
    "\(a).record_type = \(b).record_type AND \(a).case_id = \(b).case_id"
  }

  /// The cases the rule applies to: record types, `when` (false or null ⇒ not applicable).
  func scopedCases() throws(Unsupported) -> String {
    var conditions: [String] = []
    if !rule.scope.recordTypes.isEmpty {
      conditions.append(
        "c.record_type IN (\(rule.scope.recordTypes.map(dialect.literal).joined(separator: ", ")))")
    }
    if let when = rule.scope.condition {
      conditions.append("(\(try expressions(on: "c").condition(when))) IS TRUE")
    }
    if let window = rule.scope.timeOfDay {
      let at: String
      switch window.at {
      case .event(let matcher, let occurrence):
        at =
          "(SELECT \(occurrence == .last ? "max" : "min")(e.t) FROM \(Self.eventsAtCutOff) e "
          + "WHERE \(sameCase("e", "c")) AND \(try matches(matcher, "e")))"
      case .field(let name): at = try timestampField(name, of: "c", "scope.time_of_day.at")
      }
      let local = localTime(at, zone: calendarZone)
      let minute = "(extract(hour FROM \(local)) * 60 + extract(minute FROM \(local)))"
      conditions.append("(\(minute) >= \(window.fromMinute) AND \(minute) < \(window.toMinute)) IS TRUE")
    }
    return "SELECT c.* FROM records c"
      + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
  }

  /// Whether event `e` matches: one of the activities, and `where` holds (null ⇒ no match).
  func matches(_ matcher: EventMatcher, _ e: String) throws(Unsupported) -> String {
    var sql = "\(e).activity IN (\(matcher.activities.map(dialect.literal).joined(separator: ", ")))"
    if let condition = matcher.condition {
      sql += " AND (\(try expressions(on: e).condition(condition))) IS TRUE"
    }
    return sql
  }

  /// The `seq` of the first (or last) matching event of case `c` up to the cut-off.
  func eventSeq(_ matcher: EventMatcher, last: Bool = false, of c: String) throws(Unsupported) -> String {
    "(SELECT \(last ? "max" : "min")(e.seq) FROM \(Self.eventsAtCutOff) e WHERE \(sameCase("e", c)) AND \(try matches(matcher, "e")))"
  }

  /// The events of case `c` that match `matcher` (up to the cut-off), for a query whose FROM
  /// item is `c`: write `join` after that item, then read them with `count(where:)`,
  /// `first(_:where:)` and `firstSeq(atOrAfter:)`. `alias` names the join's item (Spark) and must
  /// be unique in the query.
  func caseEvents(_ matcher: EventMatcher, of c: String, as alias: String) throws(Unsupported) -> CaseEvents {
    let match = try matches(matcher, "e")
    return CaseEvents(
      dialect: dialect, match: match, sameCase: sameCase("e", c), alias: alias,
      join: dialect == .spark
        ? " LEFT JOIN (SELECT e.record_type, e.case_id, "
          + "array_sort(collect_list(named_struct('seq', e.seq, 't', e.t, 'resource', e.resource))) AS pc_a "
          + "FROM \(Self.eventsAtCutOff) e WHERE \(match) GROUP BY e.record_type, e.case_id) \(alias) "
          + "ON \(sameCase(alias, c))"
        : "")
  }

  /// `(record_type, case_id, pc_seq)`: the `seq` of the first (or last) matching event of each case
  /// up to the cut-off, one grouped pass over the events (the cases without one have no row) — for a
  /// join, where `eventSeq` is a lookup per case.
  func eventSeqs(_ matcher: EventMatcher, last: Bool = false) throws(Unsupported) -> String {
    "(SELECT e.record_type, e.case_id, \(last ? "max" : "min")(e.seq) AS pc_seq FROM \(Self.eventsAtCutOff) e "
      + "WHERE \(try matches(matcher, "e")) GROUP BY e.record_type, e.case_id)"
  }

  /// `label@ms file:line` of an event row, for the evidence column, then its resource after a
  /// U+001F when it has one (each `;` in it as U+001E, so no resource ends an item: `report
  /// --judgements` shows it as the native evidence does).
  func evidence(event e: String) -> String {
    "\(e).activity || '@' || CAST(\(e).t AS \(dialect.textType)) || ' ' || \(e).source_file || ':' || CAST(\(e).source_line AS \(dialect.textType))"
      + " || coalesce(chr(31) || replace(\(e).resource, ';', chr(30)), '')"
  }

  /// The same for a timestamp field of the case's record row.
  func evidence(field: String, ms: String, of c: String) -> String {
    "\(dialect.literal(field)) || '@' || CAST(\(ms) AS \(dialect.textType)) || ' ' || \(c).source_file || ':' || CAST(\(c).source_line AS \(dialect.textType))"
  }

  /// A text field of case `c` naming an entity or a group (null when the data lacks it).
  func textField(_ name: String, of c: String, _ what: String) throws(Unsupported) -> String {
    switch schema.type(of: name) {
    case .text: return "\(c).\(dialect.identifier(SQLSchema.column(of: name)))"
    case nil, .empty: return "CAST(NULL AS \(dialect.textType))"
    case .some(let type): throw Unsupported("\(what): field '\(name)' holds \(type.rawValue) values")
    }
  }

  /// A timestamp field of case `c` in milliseconds (null when empty or missing).
  func timestampField(_ name: String, of c: String, _ what: String) throws(Unsupported) -> String {
    switch schema.type(of: name) {
    case .timestamp:
      return dialect.epochMilliseconds("\(c).\(dialect.identifier(SQLSchema.column(of: name)))")
    case nil, .empty: return "CAST(NULL AS BIGINT)"
    case .some(let type):
      throw Unsupported(
        "\(what): field '\(name)' holds \(type.rawValue) values, not timestamps (time text is parsed natively)"
      )
    }
  }

  /// The due time in milliseconds of a limit counted from `start` for case `c`; null when the
  /// limit cannot be known (no tier and no `otherwise`).
  func due(_ limit: TimeLimit, from start: String, of c: String, _ what: String) throws(Unsupported) -> String
  {
    switch limit {
    case .fixed(let d): return try due(d, from: start, what)
    case .tiers(let field, let tiers, let otherwise):
      let type = schema.type(of: field)
      guard type == .text || type == .empty || type == nil else {
        throw Unsupported("\(what): tiers by field '\(field)' holding \(type?.rawValue ?? "no") values")
      }
      let fallback =
        try otherwise.map { d throws(Unsupported) in try due(d, from: start, what) } ?? "CAST(NULL AS BIGINT)"
      if type != .text { return fallback }
      var sql = "CASE \(c).\(dialect.identifier(SQLSchema.column(of: field)))"
      for tier in tiers {
        sql += " WHEN \(dialect.literal(tier.value)) THEN \(try due(tier.limit, from: start, what))"
      }
      return sql + " ELSE \(fallback) END"
    case .field(let field, let unit):
      guard
        schema.type(of: field) == .number || schema.type(of: field) == .empty || schema.type(of: field) == nil
      else {
        throw Unsupported(
          "\(what): a limit read from field '\(field)' holding \(schema.type(of: field)!.rawValue) values")
      }
      let amount =
        schema.type(of: field) == .number ? "\(c).\(dialect.identifier(SQLSchema.column(of: field)))" : "NULL"
      return try due(amount: amount, unit, from: start, what)
    case .expression(let expression, let unit):
      let term = try expressions(on: c).compile(expression)
      switch term.kind {
      case .number: return try due(amount: term.sql, unit, from: start, what)
      case .string: throw Unsupported("\(what): a computed limit of text (read as a number natively)")
      default: return "CAST(NULL AS BIGINT)"
      }
    }
  }

  /// `start` plus a number of units from the data (`CaseView.limit`): unknown unless finite, not
  /// negative and at most `PolicyDuration.maximumAmount`; fractional hours and days count whole
  /// minutes (rounded half away from zero), other fractions round up.
  func due(amount n: String, _ unit: PolicyDuration.Unit, from start: String, _ what: String)
    throws(Unsupported)
    -> String
  {
    guard let perUnit = PolicyDuration(amount: 1, unit: unit).fixedMilliseconds else {
      throw Unsupported("\(what): a limit from the data in \(unit.rawValue)")
    }
    let fraction: String
    switch unit {
    case .hours: fraction = "CAST(floor(\(n) * 60 + 0.5) AS BIGINT) * 60000"
    case .days: fraction = "CAST(floor(\(n) * 1440 + 0.5) AS BIGINT) * 60000"
    default: fraction = "CAST(ceil(\(n)) AS BIGINT) * \(perUnit)"
    }
    return
      "(\(start) + CASE WHEN \(n) IS NULL OR \(n) < 0 OR \(n) > \(PolicyDuration.maximumAmount) THEN NULL "
      + "WHEN \(n) = floor(\(n)) THEN CAST(\(n) AS BIGINT) * \(perUnit) ELSE \(fraction) END)"
  }

  /// `start` plus a duration: plain time, the end of the start's local day (`same day`), or
  /// working time on the rule's calendar (its table `pc_cal`).
  func due(_ duration: PolicyDuration, from start: String, _ what: String) throws(Unsupported) -> String {
    switch duration.unit {
    case .sameDay: return nextMidnight(start)
    case .workingHours, .workingDays, .nextWorkingDay:
      guard let name = rule.calendar, settings.calendars[name] != nil else {
        throw Unsupported("\(what): \(duration.description) without a calendar")
      }
      guard duration.amount > 0 else { throw Unsupported("\(what): \(duration.description) (not positive)") }
      switch duration.unit {
      case .workingHours:
        return workingTime(name).dueAfterWorkingHours(start, hours: duration.amount)
      case .workingDays:
        if let range = settings.dataRange, let calendar = settings.calendars[name] {
          let first = calendar.civilDate(of: min(range.lowerBound, settings.asOf))
          let last = calendar.civilDate(of: max(range.upperBound, settings.asOf))
          if SQLWorkingTime.changesOffset(
            calendar, from: first.adding(days: -SQLWorkingTime.daysBefore),
            to: last.adding(days: SQLWorkingTime.daysAfter))
          {
            throw Unsupported(
              "\(what): \(duration.description) on calendar '\(name)', whose zone \(calendar.timeZoneIdentifier) changes its UTC offset"
            )
          }
        }
        return workingTime(name).dueAfterWorkingDays(start, days: duration.amount)
      default:
        guard duration.amount == 1 else { throw Unsupported("\(what): \(duration.description)") }
        return workingTime(name).dueNextWorkingDay(after: start)
      }
    case .months: return shifted(start, months: duration.amount)
    default: return "(\(start) + \(try milliseconds(duration, what)))"
    }
  }

  /// The same local clock time `months` calendar months later (earlier when negative) in the
  /// rule's calendar zone, clamped to the month's end as `CivilDate.adding(months:)`.
  func shifted(_ ms: String, months: Int) -> String {
    let zone = dialect.literal(calendarZone)
    return dialect.epochMilliseconds(
      dialect.instant(ofLocal: dialect.addingMonths(localTime(ms, zone: calendarZone), months), zone: zone))
  }

  /// The latest instant still `duration` before `end` (`WorkCalendar.latestStart`): plain time,
  /// months, or the start of the end's local day (`same day`).
  func latestStart(before end: String, leading duration: PolicyDuration, _ what: String) throws(Unsupported)
    -> String
  {
    switch duration.unit {
    case .months: return shifted(end, months: -duration.amount)
    case .sameDay:
      let zone = dialect.literal(calendarZone)
      return dialect.epochMilliseconds(
        dialect.instant(ofLocal: "date_trunc('day', \(localTime(end, zone: calendarZone)))", zone: zone))
    default: return "(\(end) - \(try milliseconds(duration, what)))"
    }
  }

  /// Whether an end at `end` meets `due` under this limit: at or before it, or — for working
  /// hours and days — with no working time between them (`WorkCalendar.meets`).
  func meets(_ end: String, due: String, _ limit: TimeLimit?, _ what: String) throws(Unsupported) -> String {
    let units: [PolicyDuration.Unit]
    switch limit {
    case nil: units = []
    case .fixed(let d): units = [d.unit]
    case .tiers(_, let tiers, let otherwise):
      units = tiers.map(\.limit.unit) + (otherwise.map { [$0.unit] } ?? [])
    case .field(_, let unit), .expression(_, let unit): units = [unit]
    }
    let working = units.map { $0 == .workingHours || $0 == .workingDays }
    guard working.contains(true), let name = rule.calendar else { return "(\(end) <= \(due))" }
    guard !working.contains(false) else { throw Unsupported("\(what): tiers mixing working and plain time") }
    let calendar = workingTime(name)
    return "(\(end) <= \(due) OR \(calendar.position(end)) <= \(calendar.position(due)))"
  }

  /// A duration of plain time in milliseconds; other units are refused.
  func milliseconds(_ duration: PolicyDuration, _ what: String) throws(Unsupported) -> String {
    guard let ms = duration.fixedMilliseconds else {
      throw Unsupported(
        "\(what): \(duration.description) (not compiled yet)")
    }
    return "CAST(\(ms) AS BIGINT)"
  }

  /// Per case with events, `first_cut` / `first_all` (defined once per script).
  static let caseFirstEvents = "pc_case"

  /// The anchor of a record judgement: the first event up to the cut-off, else the first event.
  func recordAnchor(of c: String) -> String {
    "(SELECT coalesce(x.first_cut, x.first_all) FROM \(Self.caseFirstEvents) x WHERE \(sameCase("x", c)))"
  }

  /// The case exists at the cut-off: it has no events, or one at or before it.
  func existsAtCutOff(_ c: String) -> String {
    "NOT EXISTS (SELECT 1 FROM \(Self.caseFirstEvents) x WHERE \(sameCase("x", c)) AND x.first_cut IS NULL)"
  }

  var asOf: String { "CAST(\(settings.asOf.milliseconds) AS BIGINT)" }
}

extension SQLRuleCompiler {
  /// Defines `<prefix>_s`: each case in scope whose start point exists (a start event up to the
  /// cut-off; every case for a field start), with `pc_start` (milliseconds; null for an empty or
  /// missing field) and `pc_start_ev` (its evidence).
  func defineStarts(_ start: TimePoint, into query: inout SQLRuleQuery) throws(Unsupported) {
    let startMS: String
    let startEvidence: String
    var from = " FROM (\(try scopedCases())) c"
    switch start {
    case .event(let matcher, let occurrence):
      query.definitions.append(
        "\(name("s0")) AS (SELECT c.*, g.pc_seq AS pc_start_seq FROM (\(try scopedCases())) c "
          + "JOIN \(try eventSeqs(matcher, last: occurrence == .last)) g ON \(sameCase("g", "c")))")
      from =
        " FROM \(name("s0")) c JOIN \(Self.eventsAtCutOff) s ON \(sameCase("s", "c")) AND s.seq = c.pc_start_seq"
      startMS = "s.t"
      startEvidence = evidence(event: "s")
    case .field(let field):
      startMS = try timestampField(field, of: "c", "start")
      startEvidence = evidence(field: field, ms: startMS, of: "c")
    }
    query.definitions.append(
      "\(name("s")) AS (SELECT c.*, \(startMS) AS pc_start, \(startEvidence) AS pc_start_ev\(from))")
  }

  /// Whether a judgement anchored at `anchor` is inside the rule's validity (`valid:`): its local
  /// date in the calendar's zone (no anchor: always, as natively).
  func withinValidity(_ anchor: String) -> String? {
    guard rule.validFrom != nil || rule.validTo != nil else { return nil }
    let date = "CAST(\(localTime(anchor, zone: calendarZone)) AS DATE)"
    var bounds: [String] = []
    if let from = rule.validFrom { bounds.append("\(date) >= DATE '\(from.description)'") }
    if let to = rule.validTo { bounds.append("\(date) <= DATE '\(to.description)'") }
    return "(\(anchor) IS NULL OR (\(bounds.joined(separator: " AND "))))"
  }

  /// The record types in the rule's scope whose schema lacks the field (for them it is not
  /// empty but absent: unverifiable where the native check says so).
  func typesLacking(_ field: String) -> [String] {
    let types = rule.scope.recordTypes.isEmpty ? Array(schema.fieldsByType.keys) : rule.scope.recordTypes
    return types.filter { schema.fieldsByType[$0].map { !$0.contains(field) } ?? false }.sorted()
  }
}

/// A case's matching events as one query reads them (`SQLRuleCompiler.caseEvents`): a lookup
/// subquery per case in PostgreSQL and DuckDB; in Spark a join of each case to the array of its
/// events, `(seq, t, resource)` sorted by `seq`. Spark decorrelates a lookup with a time
/// condition (`e.t >= c.x`) by the distinct values of `c.x` alone, a product of those times and
/// every matching event of every case (`scripts/spark-run.py --explain`; docs/sql.md "On a
/// cluster"); the join is on the case only, and the condition is applied to the array.
///
/// A condition is written over an event's alias (given to the closure): its `seq`, `t` and
/// `resource`, next to the columns of the outer query.
struct CaseEvents {
  let dialect: SQLDialect
  let match: String
  let sameCase: String
  let alias: String
  /// Written after the FROM item of the case (empty but in Spark).
  let join: String

  enum Field: String { case seq, t }

  /// How many of the events satisfy `condition` (null counts as false, as in `WHERE`).
  func count(where condition: (String) -> String) -> String {
    if dialect == .spark {
      return
        "CASE WHEN \(alias).pc_a IS NULL THEN 0 ELSE size(filter(\(alias).pc_a, pc_x -> \(condition("pc_x")))) END"
    }
    return
      "(SELECT count(*) FROM \(SQLRuleCompiler.eventsAtCutOff) e WHERE \(sameCase) AND \(match) AND \(condition("e")))"
  }

  /// `field` of the first event that satisfies `condition` (null: none). Events in `seq` order
  /// are in time order, so the first is also the one of the least `t`.
  func first(_ field: Field, where condition: (String) -> String) -> String {
    if dialect == .spark {
      return "get(filter(\(alias).pc_a, pc_x -> \(condition("pc_x"))), 0).\(field.rawValue)"
    }
    return
      "(SELECT min(e.\(field.rawValue)) FROM \(SQLRuleCompiler.eventsAtCutOff) e WHERE \(sameCase) AND \(match) AND \(condition("e")))"
  }

  /// The `seq` of the first event at or after `after`, else of the first event (null: none).
  func firstSeq(atOrAfter after: String) -> String {
    if dialect == .spark {
      return "coalesce(\(first(.seq) { "\($0).t >= \(after)" }), get(\(alias).pc_a, 0).seq)"
    }
    return "(SELECT coalesce(min(e.seq) FILTER (WHERE e.t >= \(after)), min(e.seq)) "
      + "FROM \(SQLRuleCompiler.eventsAtCutOff) e WHERE \(sameCase) AND \(match))"
  }
}

import PolicyRules

/// Reading the store: the periods of the runs in force, trends, and one run's history.
extension ResultsStore {
  /// The runs that are not superseded, in period order.
  public func periods() throws(StoreError) -> [StoredPeriod] {
    guard let db = try existing() else { return [] }
    return try db.query(
      """
      select run_id, rule_set, period_label, period_start, period_end, group_field from runs
      where superseded_by is null order by period_start, period_end, run_id
      """
    ).map {
      StoredPeriod(
        runID: $0[0].integer ?? 0, ruleSet: $0[1].string ?? "", label: $0[2].string ?? "",
        start: $0[3].string,
        end: $0[4].string, groupField: $0[5].string)
    }
  }

  /// The connection when the store exists (a new SQLite store has none yet).
  private func existing() throws(StoreError) -> (any StoreConnection)? {
    version == nil && !hasWritten ? nil : try openConnection()
  }

  /// Compliance per clause (`byRule`: per rule) per period; `only` keeps one clause or rule.
  public func trend(byRule: Bool = false, only: String? = nil, periods given: [StoredPeriod]? = nil)
    throws(StoreError) -> ComplianceTrend
  {
    let periods: [StoredPeriod]
    if let given { periods = given } else { periods = try self.periods() }
    guard let db = try existing(), !periods.isEmpty else { return ComplianceTrend(periods: [], counts: [:]) }
    let table = byRule ? "rule_counts" : "clause_counts"
    let key = byRule ? "rule_id" : "clause_id"
    var sql = """
      select c.run_id, c.\(key), c.passed, c.violated, c.pending, c.unverifiable, c.waived, c.outside_calendar_data
      from \(table) c join runs r on r.run_id = c.run_id where r.superseded_by is null
      """
    var parameters: [StoreValue] = []
    if let only {
      sql += " and c.\(key) = $1"
      parameters.append(.text(only))
    }
    var counts: [Int: [ComplianceTrend.SeriesKey: OutcomeCounts]] = [:]
    for row in try db.query(sql, parameters) {
      var c = Self.outcomes(row, from: 2)
      c.outsideCalendarData = row[7].integer ?? 0
      counts[row[0].integer ?? 0, default: [:]][ComplianceTrend.SeriesKey(id: row[1].string ?? "")] = c
    }
    return ComplianceTrend(periods: periods, counts: counts)
  }

  /// Compliance per clause (or rule) and group per period, for runs grouped by `field`, from
  /// `group_counts` (every outcome per rule and group, summed per clause): the same rate as a
  /// clause's, passed / (passed + violated).
  public func groupTrend(field: String, byRule: Bool = false, only: String? = nil) throws(StoreError)
    -> ComplianceTrend
  {
    let periods = try self.periods().filter { $0.groupField == field }
    guard let db = try existing(), !periods.isEmpty else { return ComplianceTrend(periods: [], counts: [:]) }
    let key = byRule ? "rule_id" : "clause_id"
    var sql = """
      select g.run_id, g.\(key), g.group_name, sum(g.passed), sum(g.violated), sum(g.pending),
        sum(g.unverifiable), sum(g.waived)
      from group_counts g join runs r on r.run_id = g.run_id
      where r.superseded_by is null and r.group_field = $1
      """
    var parameters: [StoreValue] = [.text(field)]
    if let only {
      sql += " and g.\(key) = $2"
      parameters.append(.text(only))
    }
    sql += " group by g.run_id, g.\(key), g.group_name"
    var counts: [Int: [ComplianceTrend.SeriesKey: OutcomeCounts]] = [:]
    for row in try db.query(sql, parameters) {
      let group = row[2].string.flatMap { $0.isEmpty ? nil : $0 }
      counts[row[0].integer ?? 0, default: [:]][
        ComplianceTrend.SeriesKey(id: row[1].string ?? "", group: group)] =
        Self.outcomes(row, from: 3)
    }
    return ComplianceTrend(periods: periods, counts: counts)
  }

  /// The counts in `row` from column `first` on: passed, violated, pending, unverifiable, waived.
  private static func outcomes(_ row: [StoreValue], from first: Int) -> OutcomeCounts {
    var c = OutcomeCounts()
    c.passed = row[first].integer ?? 0
    c.violated = row[first + 1].integer ?? 0
    c.pending = row[first + 2].integer ?? 0
    c.unverifiable = row[first + 3].integer ?? 0
    c.waived = row[first + 4].integer ?? 0
    return c
  }

  /// The group fields the stored runs were audited with, for a message.
  public func groupFields() throws(StoreError) -> [String] {
    Array(Set(try periods().compactMap(\.groupField))).sorted()
  }

  /// The history of run `runID` (just written): clause trends of its rule set up to its period,
  /// changes against the period before, and repeat offenders.
  public func history(of runID: Int) throws(StoreError) -> StoreHistory? {
    let all = try periods()
    guard let current = all.first(where: { $0.runID == runID }) else { return nil }
    let earlier = all.filter { $0.ruleSet == current.ruleSet && ($0.end ?? "") <= (current.start ?? "") }
    let shown = earlier + [current]
    var history = StoreHistory(trend: try trend(periods: shown), current: current)
    // Periods in a row, back from the audit's.
    var chain = [current]
    for period in earlier.reversed() where chain[0].follows(period) && period.runID != chain[0].runID {
      chain.insert(period, at: 0)
    }
    history.previous = chain.count > 1 ? chain[chain.count - 2] : nil
    var subjects: [Set<FindingIdentity>] = []
    var groups: [Set<FindingIdentity>] = []
    for period in chain {
      let violations = try self.violations(of: period.runID)
      subjects.append(Set(violations.map { FindingIdentity(ruleID: $0.rule, subject: $0.subject) }))
      groups.append(
        Set(violations.compactMap { v in v.group.map { FindingIdentity(ruleID: v.rule, subject: $0) } }))
    }
    if history.previous != nil {
      (history.new, history.resolved) = StoreHistory.changes(
        previous: subjects[subjects.count - 2], current: subjects[subjects.count - 1])
    }
    history.repeatSubjects = StoreHistory.repeatOffenders(subjects)
    history.repeatGroups = StoreHistory.repeatOffenders(groups)
    return history
  }

  /// The violated findings of one run: rule, subject and group.
  private func violations(of runID: Int) throws(StoreError) -> [(
    rule: String, subject: String, group: String?
  )] {
    guard let db = try existing() else { return [] }
    return try db.query(
      "select rule_id, subject, group_name from findings where run_id = $1 and outcome = 'violated'",
      [StoreValue(runID)]
    ).map { ($0[0].string ?? "", $0[1].string ?? "", $0[2].string.flatMap { $0.isEmpty ? nil : $0 }) }
  }
}

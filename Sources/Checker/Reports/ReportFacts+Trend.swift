import PolicyRules

extension ReportFacts {
  enum TrendGranularity: Equatable {
    case week, month
  }

  /// Outcomes a trend counts, in stacking order.
  static let trendOutcomes: [Outcome] = [.violated, .waived, .pending, .unverifiable]

  /// Findings per week (ISO weeks) or per month, by outcome, over the audit period.
  ///
  /// The span is the audit period when known, else the findings' own first and last times;
  /// months are used when it is longer than six weeks. Empty buckets inside the span are kept so
  /// the axis is even.
  func trend() -> (granularity: TrendGranularity, buckets: [(label: String, values: [Int])]) {
    let timed = allFindings.compactMap { pair in
      pair.finding.time.map { (time: $0, outcome: pair.finding.outcome) }
    }
    let start = result.periodStart ?? timed.map(\.time).min()
    let end = result.periodEnd ?? timed.map(\.time).max()
    guard let start, let end else { return (.week, []) }
    let sixWeeks = 42 * Timestamp.millisecondsPerDay
    let granularity: TrendGranularity = end - start > sixWeeks ? .month : .week
    func label(_ t: Timestamp) -> String {
      let date = clock.civil(t).date
      return granularity == .month ? CivilMath.monthLabel(date) : CivilMath.isoWeekLabel(date)
    }
    // Every bucket from the earliest to the latest instant (period or finding) is shown, so
    // the axis is even; the period's end is exclusive.
    let lastOfPeriod = result.periodEnd != nil ? end + (-1) : end
    let earliest = min(start, timed.map(\.time).min() ?? start)
    let latest = max(earliest, lastOfPeriod, timed.map(\.time).max() ?? lastOfPeriod)
    let firstDay = clock.civil(earliest).date.daysSinceEpoch
    let lastDay = clock.civil(latest).date.daysSinceEpoch
    var labels = Set<String>()
    // Ten years of days at most: a bad timestamp must not make the walk endless.
    for day in firstDay...min(lastDay, firstDay + 3660) {
      let date = CivilDate(daysSinceEpoch: day)
      labels.insert(granularity == .month ? CivilMath.monthLabel(date) : CivilMath.isoWeekLabel(date))
    }
    var counts: [String: [Int]] = [:]
    for item in timed {
      let key = label(item.time)
      labels.insert(key)
      var values = counts[key, default: Array(repeating: 0, count: ReportFacts.trendOutcomes.count)]
      if let index = ReportFacts.trendOutcomes.firstIndex(of: item.outcome) { values[index] += 1 }
      counts[key] = values
    }
    let buckets = labels.sorted().map { key in
      (label: key, values: counts[key, default: Array(repeating: 0, count: ReportFacts.trendOutcomes.count)])
    }
    return (granularity, buckets)
  }
}

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
    var timed: [(time: Timestamp, outcome: Outcome)] = []
    forEachFinding { _, finding in
      if let time = finding.time { timed.append((time, finding.outcome)) }
    }
    let start = result.periodStart ?? timed.map(\.time).min()
    let end = result.periodEnd ?? timed.map(\.time).max()
    guard let start, let end else { return (.week, []) }
    let sixWeeks = 42 * Timestamp.millisecondsPerDay
    let granularity: TrendGranularity = end - start > sixWeeks ? .month : .week
    // Findings share few days: each day's label is built once.
    var labelOfDay: [Int: String] = [:]
    func label(_ t: Timestamp) -> String {
      let date = clock.civil(t).date
      if let known = labelOfDay[date.daysSinceEpoch] { return known }
      let text = granularity == .month ? CivilMath.monthLabel(date) : CivilMath.isoWeekLabel(date)
      labelOfDay[date.daysSinceEpoch] = text
      return text
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
      // Counted in place: copying the row out and back cost an array per finding. A bucket
      // without counted outcomes reads as zeros below, as an absent one does.
      if let index = ReportFacts.trendOutcomes.firstIndex(of: item.outcome) {
        counts[key, default: Array(repeating: 0, count: ReportFacts.trendOutcomes.count)][index] += 1
      }
    }
    let buckets = labels.sorted().map { key in
      (label: key, values: counts[key, default: Array(repeating: 0, count: ReportFacts.trendOutcomes.count)])
    }
    return (granularity, buckets)
  }
}

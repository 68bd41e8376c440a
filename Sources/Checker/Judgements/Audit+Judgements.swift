import PolicyRules

extension Audit {
  /// The results model of judgements an engine made (the rows of a compiled audit, docs/sql.md),
  /// as `run` builds it from its own: every rule's counts, per group too, its findings with
  /// waivers applied, and the dataset's summary. The dataset gives the summary (files, rows read,
  /// rejections, cases), the order of the cases and the names the rules use; the judgements come
  /// from the rows alone.
  public func result(from rows: [JudgementRow], dataset: Dataset) -> AuditResult {
    let binding = RuleDataCheck.bind(library.rules, to: DatasetSchema(dataset.table))
    // Findings come in the native order: by case (the table's order; a response rule's later
    // triggers, `CASE#2`, after the first), then entities and groups in natural order, each by
    // anchor and period (a periodic rule's interval judged at the occurrence, then at its due time).
    var caseOrder: [String: Int] = [:]
    for (k, id) in dataset.table.caseIDs.enumerated() where caseOrder[id] == nil { caseOrder[id] = k }
    func caseKey(_ subject: String) -> (Int, Int)? {
      if let k = caseOrder[subject] { return (k, 1) }
      if let hash = subject.lastIndex(of: "#"), let n = Int(subject[subject.index(after: hash)...]),
        let k = caseOrder[String(subject[..<hash])]
      {
        return (k, n)
      }
      return nil
    }
    func precedes(_ a: (key: (Int, Int)?, row: JudgementRow), _ b: (key: (Int, Int)?, row: JudgementRow))
      -> Bool
    {
      switch (a.key, b.key) {
      case (let x?, let y?): return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil):
        if a.row.subject != b.row.subject { return NaturalOrder.less(a.row.subject, b.row.subject) }
        let (p, q) = (a.row.anchor?.milliseconds ?? .min, b.row.anchor?.milliseconds ?? .min)
        if p != q { return p < q }
        return NaturalOrder.less(a.row.period ?? "", b.row.period ?? "")
      }
    }
    var byRule = Array(repeating: [JudgementRow](), count: library.rules.count)
    for row in rows { byRule[row.rule].append(row) }
    var results: [RuleResult] = []
    for (r, rule) in library.rules.enumerated() {
      // A stable sort: rows of one case keep the order the engine gave them.
      let keyed = byRule[r].map { (key: caseKey($0.subject), row: $0) }
      let sorted = Self.stableSorted(keyed, by: precedes).map(\.row)
      let builder = JudgementFindingBuilder(
        rule: rule, calendar: context.calendar(for: rule), asOf: context.asOf)
      var counts = OutcomeCounts()
      var byGroup: [String?: OutcomeCounts] = [:]
      var findings: [Finding] = []
      for row in sorted {
        let (outcome, waiver) = waivers.applied(
          to: row.outcome, rule: rule.id, subject: row.subject, asOf: context.asOf)
        counts.add(outcome)
        if groupField != nil {
          byGroup[row.group?.isEmpty == true ? nil : row.group, default: OutcomeCounts()].add(outcome)
        }
        if outcome != .passed { findings.append(builder.finding(row, outcome: outcome, waiver: waiver)) }
      }
      var result = RuleResult(rule: RuleSummary(rule), counts: counts, findings: findings)
      result.countsByGroup = byGroup
      results.append(result)
    }
    var result = AuditResult(
      toolVersion: Self.toolVersion, ruleFiles: library.files, dataFiles: dataset.files,
      periodStart: context.periodStart, periodEnd: context.periodEnd, asOf: context.asOf,
      timeZoneIdentifier: dataset.timeZoneIdentifier, counts: dataset.counts, rejections: dataset.rejections,
      caseCount: dataset.caseCount, rules: results, clauses: Self.clauses(results),
      expiredWaivers: waivers.expired(asOf: context.asOf))
    result.dataWarnings = binding.diagnostics
    return result
  }

  /// `items` sorted by `less`, items that compare equal kept in their order.
  static func stableSorted<T>(_ items: [T], by less: (T, T) -> Bool) -> [T] {
    items.enumerated().sorted { a, b in
      less(a.element, b.element) || (!less(b.element, a.element) && a.offset < b.offset)
    }.map(\.element)
  }
}

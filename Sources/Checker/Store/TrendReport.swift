import PolicyRules

/// `policy-check trend`'s output: one row per series and period, in text, JSON or CSV.
public enum TrendReport {
  public enum Format: String, Sendable, CaseIterable {
    case text, json, csv
  }

  /// `by`: `clause` or `rule`, what the series' ids are; `groupField` set for a trend by group.
  public static func render(
    _ trend: ComplianceTrend, format: Format, by: String, groupField: String?, storeName: String
  ) -> String {
    switch format {
    case .text: text(trend, by: by, groupField: groupField, storeName: storeName)
    case .json: json(trend, by: by, groupField: groupField)
    case .csv: csv(trend, by: by, groupField: groupField)
    }
  }

  /// `+1.5 pp`, `-0.3 pp`, `0.0 pp`: a change of rate in percentage points.
  static func pointsText(_ change: Double?) -> String {
    guard let change else { return "" }
    let tenths = Int((change * 1000).rounded())
    let sign = tenths > 0 ? "+" : tenths < 0 ? "-" : ""
    return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10) pp"
  }

  private static func text(_ trend: ComplianceTrend, by: String, groupField: String?, storeName: String)
    -> String
  {
    guard !trend.series.isEmpty else {
      return "no runs in \(storeName)"
        + (groupField.map { " grouped by \($0)" } ?? "") + "\n"
    }
    let grouped = groupField != nil
    var rows: [[String]] = [
      [by] + (grouped ? ["group"] : [])
        + ["period", "passed", "violated", "pending", "unverifiable", "waived", "rate", "change"]
    ]
    for series in trend.series {
      for point in series.points {
        let c = point.counts
        rows.append(
          [series.id] + (grouped ? [series.group ?? "(no group)"] : [])
            + [
              point.period.label, "\(c.passed)", "\(c.violated)", "\(c.pending)", "\(c.unverifiable)",
              "\(c.waived)", ReportFacts.percentText(point.rate), pointsText(point.change),
            ])
      }
    }
    let periods = Set(trend.series.flatMap { $0.points.map(\.period.runID) }).count
    let over = groupField.map { "\(by), \($0) and period" } ?? "\(by) and period"
    var out =
      "compliance per \(over) (\(periods) \(periods == 1 ? "run" : "runs") in force in \(storeName))\n"
    let widths = rows[0].indices.map { column in
      rows.map { TerminalText.width(TerminalText.safe($0[column])) }.max() ?? 0
    }
    let textColumns = grouped ? 3 : 2
    for row in rows {
      var line = ""
      for (column, cell) in row.enumerated() {
        let cell = TerminalText.safe(cell)
        let pad = String(repeating: " ", count: widths[column] - TerminalText.width(cell))
        if column > 0 { line += "  " }
        line += column < textColumns ? cell + pad : pad + cell
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    return out
  }

  private static func json(_ trend: ComplianceTrend, by: String, groupField: String?) -> String {
    let series: [JSONValue] = trend.series.map { series in
      .object([
        by == "rule" ? "ruleId" : "clauseId": .string(series.id),
        "group": groupField == nil ? .null : .optional(series.group),
        "points": .array(
          series.points.map { point in
            let c = point.counts
            return .object([
              "period": .string(point.period.label), "runId": .integer(point.period.runID),
              "start": .optional(point.period.start), "end": .optional(point.period.end),
              "passed": .integer(c.passed), "violated": .integer(c.violated),
              "pending": .integer(c.pending), "unverifiable": .integer(c.unverifiable),
              "waived": .integer(c.waived),
              "complianceRate": point.rate.map { .number($0) } ?? .null,
              "change": point.change.map { .number($0) } ?? .null,
              "violationChange": point.violationChange.map { .integer($0) } ?? .null,
            ])
          }),
      ])
    }
    return JSONValue.object([
      "schema": .string("policy-check/trend@1"), "by": .string(by), "groupField": .optional(groupField),
      "series": .array(series),
    ]).rendered()
  }

  private static func csv(_ trend: ComplianceTrend, by: String, groupField: String?) -> String {
    var out =
      [
        by, "group", "period", "start", "end", "run", "passed", "violated", "pending", "unverifiable",
        "waived", "rate", "change", "violation_change",
      ].joined(separator: ",") + "\r\n"
    for series in trend.series {
      for point in series.points {
        let c = point.counts
        let cells = [
          series.id, series.group ?? "", point.period.label, point.period.start ?? "", point.period.end ?? "",
          "\(point.period.runID)", "\(c.passed)", "\(c.violated)", "\(c.pending)",
          "\(c.unverifiable)", "\(c.waived)", point.rate.map { JSONValue.numberText($0) } ?? "",
          point.change.map { JSONValue.numberText($0) } ?? "", point.violationChange.map { "\($0)" } ?? "",
        ]
        out += cells.map(ReportEscaping.csvCell).joined(separator: ",") + "\r\n"
      }
    }
    return out
  }
}

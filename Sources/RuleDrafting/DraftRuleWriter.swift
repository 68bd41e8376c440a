/// Writes the draft rule file of one document: a rule per candidate clause that
/// `policy-check rules validate` accepts, with real citations, thresholds as parameters,
/// placeholders for activity and field names, and one example for the author to complete.
public struct DraftRuleWriter: Sendable {
  public init() {}

  static let mapNote = "# TODO: map to your data"
  static let start = "2024-09-02 09:00"
  static let oneMinuteLater = "2024-09-02 09:01"

  /// The YAML text of the rules for `candidates` (all of one document).
  public func file(_ candidates: [ClauseCandidate]) -> String {
    var lines = [
      "schema: 1",
      "# Drafted by `policy-check rules draft` from \(candidates.first?.file ?? "?"),",
      "# document \(candidates.first?.document ?? "?"). Review every rule: map the activity and field",
      "# names to your data, set the severities, complete the examples, then run `rules test`.",
      "rules:",
    ]
    for candidate in candidates { lines += rules(candidate) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A parameter of a draft rule and the line that declares it.
  struct Parameter {
    var name: String
    var threshold: Threshold
    var value: String

    var line: String {
      let assumed = !threshold.stated
      let zh = assumed ? threshold.text : "原文：\(threshold.text)"
      let en = threshold.gloss ?? "stated in the text"
      return "      \(name): {value: \(DraftRuleWriter.quoted(value)), assumed: \(assumed), "
        + "description: {zh: \(DraftRuleWriter.quoted(zh)), en: \(DraftRuleWriter.quoted(en))}}"
    }
  }

  func rules(_ candidate: ClauseCandidate) -> [String] {
    if candidate.kind == .metric {
      let targets = candidate.thresholds.filter { $0.kind == .target }
      if targets.count > 1 {
        return targets.enumerated().flatMap { index, target in
          rule(candidate, suffix: "metric-\(index + 1)", only: target)
        }
      }
    }
    return rule(candidate, suffix: candidate.kind.rawValue, only: nil)
  }

  /// The check of a rule: its YAML lines, the parameters it uses, its example and its titles.
  struct Body {
    var check: [String] = []
    var parameters: [Parameter] = []
    var example: [String] = []
    var calendar: String?
    var en: (title: String, message: String) = ("", "")
  }

  func rule(_ candidate: ClauseCandidate, suffix: String, only target: Threshold?) -> [String] {
    var body = self.body(candidate, target: target)
    var used = Set(body.parameters.map(\.threshold.range.lowerBound))
    // A tiers check writes its limits and fines into the bands.
    if candidate.kind == .tiers {
      used.formUnion(candidate.thresholds.filter { $0.kind != .vague }.map(\.range.lowerBound))
    }
    let unused = candidate.thresholds.filter { !used.contains($0.range.lowerBound) }
    if body.en.title.isEmpty {
      body.en = ("Clause \(candidate.id) is met", "Clause \(candidate.id) is not met")
    }
    let zhTitle = String(candidate.quote.prefix(40))
    var lines = [
      "  - id: \(candidate.id)-\(suffix)",
      "    # TODO: review the titles and messages",
      "    title: {zh: \(Self.quoted(zhTitle)), en: \(Self.quoted(body.en.title))}",
      "    message: {zh: \(Self.quoted("未做到：" + zhTitle)), en: \(Self.quoted(body.en.message))}",
      "    clause:",
      "      id: \(candidate.id)",
      "      file: \(Self.quoted(candidate.file))",
      "      document: \(Self.quoted(candidate.document))",
      "      article: \(Self.quoted(candidate.article.isEmpty ? "(unnumbered, line \(candidate.line))" : candidate.article))",
      "      quote: \(Self.quoted(candidate.quote))",
      "    severity: major  # TODO: set the severity (critical, major, minor, info)",
    ]
    if candidate.kind != .tiers,
      let fine = candidate.thresholds.first(where: { $0.kind == .money && $0.normalized.contains(" per ") }),
      let amount = fine.amount
    {
      lines.append(
        "    penalty: {amount: \(ThresholdReader.number(amount)), currency: CNY, per: occurrence}  # \(fine.text)"
      )
    }
    if !unused.isEmpty {
      lines.append(
        "    # Also read in the clause, not used by this check: "
          + unused.map { "\($0.text) ⇒ \($0.normalized)" }.joined(separator: "; "))
    }
    if !body.parameters.isEmpty {
      lines.append("    parameters:")
      lines += body.parameters.map(\.line)
    }
    if let calendar = body.calendar { lines.append("    calendar: \(calendar)") }
    lines.append("    check:")
    lines += body.check.map { "      " + $0 }
    lines.append("    examples:")
    lines.append("      # TODO: complete this example with real names and times, and add a violating one")
    lines += body.example.map { "      " + $0 }
    return lines
  }

  func body(_ candidate: ClauseCandidate, target: Threshold?) -> Body {
    let thresholds = candidate.thresholds
    let durations = thresholds.filter {
      $0.kind == .duration && $0.relation != .every && $0.relation != .before
    }
    let limit = durations.first ?? thresholds.first { $0.kind == .vague && $0.normalized != "month" }
    switch candidate.kind {
    case .lead:
      guard let lead = thresholds.first(where: { $0.kind == .duration && $0.relation == .before }) else {
        break
      }
      var body = Body()
      body.parameters = [parameter("lead_time", lead)]
      body.check = [
        "kind: lead", "notice: notice_given  \(Self.mapNote)",
        "target: {field: target_date}  \(Self.mapNote)", "at_least: $lead_time",
      ]
      body.example = [
        "- name: notice well before the date", "  record: {target_date: \"2030-01-01 09:00\"}",
        "  events: [\"notice_given @ \(Self.start)\"]", "  expect: passed",
      ]
      body.calendar = calendar(lead)
      body.en = (
        "Notice at least \(lead.normalized) before the date",
        "Notice given less than \(lead.normalized) before the date"
      )
      return body
    case .periodic:
      return periodic(thresholds)
    case .metric:
      return metric(thresholds, target: target)
    case .tiers:
      return tiers(thresholds)
    case .approval:
      var body = Body()
      body.check = [
        "kind: approval", "action: action_done  \(Self.mapNote)",
        "approvals:", "  - {by: {event: approved, where: 'role == \"approver\"'}}  \(Self.mapNote)",
      ]
      body.example = [
        "- name: approved by someone else before the action", "  events:",
        "    - {activity: approved, at: \"\(Self.start)\", resource: 甲, fields: {role: approver}}",
        "    - {activity: action_done, at: \"\(Self.oneMinuteLater)\", resource: 乙}", "  expect: passed",
      ]
      body.en = ("Approved before the action", "Action taken without the required approval")
      return body
    case .fields:
      var body = Body()
      body.check = ["kind: fields", "required: [field_1, field_2]  \(Self.mapNote)"]
      body.example = [
        "- name: every required field present", "  record: {field_1: x, field_2: y}", "  expect: passed",
      ]
      body.en = ("Required fields recorded", "A required field is missing")
      return body
    case .escalation:
      guard let limit else { break }
      var body = Body()
      body.parameters = [parameter("limit", limit)]
      body.check = [
        "kind: escalation", "start: started  \(Self.mapNote)", "done: done  \(Self.mapNote)",
        "within: $limit",
        "escalation: escalated  \(Self.mapNote)", "escalate_within: 0m",
      ]
      body.example = Self.twoEvents("done in time", "started", "done")
      body.calendar = calendar(limit)
      body.en = (
        "Escalated when not done within \(limit.normalized)",
        "Not done within \(limit.normalized) and not escalated"
      )
      return body
    case .sequence:
      var body = Body()
      body.check = ["kind: sequence", "steps: [step_1, step_2]  \(Self.mapNote)"]
      body.example = Self.twoEvents("steps in order", "step_1", "step_2")
      body.en = ("Steps in the stated order", "Steps out of order or missing")
      return body
    case .deadline, .response:
      guard let limit else { break }
      return timed(candidate, limit: limit)
    }
    // A kind whose threshold is missing falls back to a deadline on whatever was read.
    if let first = thresholds.first(where: {
      $0.kind == .duration || $0.kind == .vague && $0.normalized != "month"
    }) {
      return timed(candidate, limit: first)
    }
    return periodic(thresholds)
  }

  func timed(_ candidate: ClauseCandidate, limit: Threshold) -> Body {
    var body = Body()
    // A window (三天至一周) is a deadline's: responses have no lower bound.
    let window = limit.relation == .between && candidate.tiers.count < 2
    let response = candidate.kind == .response && !window
    let (from, to) = response ? ("trigger", "response") : ("start", "end")
    let (first, second) = response ? ("triggered", "responded") : ("started", "finished")
    body.check = [
      "kind: \(response ? "response" : "deadline")", "\(from): \(first)  \(Self.mapNote)",
      "\(to): \(second)  \(Self.mapNote)",
    ]
    var example = Self.twoEvents("done within the limit", first, second)
    if candidate.tiers.count >= 2 {
      var tierLines: [String] = []
      for (index, tier) in candidate.tiers.enumerated() {
        let name = "limit_\(index + 1)"
        body.parameters.append(parameter(name, tier.threshold))
        tierLines.append("\(Self.quoted(tier.label)): $\(name)")
      }
      body.check += [
        "within:", "  by: case_type  \(Self.mapNote) (the field naming the kind of case)",
        "  tiers: {\(tierLines.joined(separator: ", "))}",
      ]
      example.insert("  record: {case_type: \(Self.quoted(candidate.tiers[0].label))}", at: 1)
      body.calendar = candidate.tiers.compactMap { calendar($0.threshold) }.first
      body.en.title =
        "Done within the limit of its tier ("
        + candidate.tiers.map(\.threshold.normalized).joined(separator: ", ") + ")"
    } else if limit.relation == .between, case let range = limit.normalized.components(separatedBy: ".."),
      range.count == 2
    {
      // 三天至一周: a window, not before the lower bound and within the upper one.
      var low = limit
      low.normalized = String(range[0])
      var high = limit
      high.normalized = String(range[1])
      body.parameters = [parameter("earliest", low), parameter("limit", high)]
      body.check += ["within: $limit", "not_before: $earliest"]
      example = [
        "- name: inside the window",
        "  events: [\"\(first) @ \(Self.start)\", \"\(second) @ 2024-09-02 09:00\"]  # TODO: a time inside the window",
        "  expect: violated  # TODO: passed once the second time is inside the window",
      ]
      body.calendar = calendar(limit)
      body.en.title = "Done between \(low.normalized) and \(high.normalized) after the start"
    } else {
      body.parameters = [parameter(limit.parameter ?? "limit", limit)]
      body.check.append("within: $\(limit.parameter ?? "limit")")
      body.calendar = calendar(limit)
      body.en.title =
        (response ? "Response within " : "Done within ") + limit.normalized
        + (limit.stated ? "" : " (assumed)")
    }
    body.en.message = response ? "No response within the limit" : "Not done within the limit"
    body.example = example
    return body
  }

  func periodic(_ thresholds: [Threshold]) -> Body {
    var body = Body()
    let every = thresholds.first { $0.kind == .period || $0.kind == .vague && $0.normalized == "month" }
    let interval = thresholds.first { $0.kind == .duration && $0.relation == .every }
    var check = ["kind: periodic", "occurrence: done  \(Self.mapNote)"]
    var period = "month"
    if let every {
      period = every.normalized
      body.parameters.append(parameter(every.parameter ?? "period", every))
      check.append("every: $\(every.parameter ?? "period")")
    } else if let interval {
      let bounds = interval.normalized.components(separatedBy: "..")
      var low = interval
      low.normalized = bounds[0]
      var high = interval
      high.normalized = bounds.last ?? bounds[0]
      body.parameters += [parameter("interval_min", low), parameter("interval_max", high)]
      period = "year"
      check += ["every: year", "interval: {min: $interval_min, max: $interval_max}"]
    } else {
      check.append("every: month  # TODO: no period was read; set it")
    }
    check.append("at_least: 1")
    body.check = check
    let (from, to) = Self.periodBounds[period] ?? ("2024-09-01", "2024-10-01")
    body.example = [
      "- name: one occurrence in the period", "  events: [\"done @ \(from) 10:00\"]",
      "  period: {from: \(from), to: \(to)}", "  as_of: \"\(to) 00:00\"",
    ]
    // With interval bounds the gap from the last occurrence to the cut-off is judged too.
    body.example +=
      interval == nil || every != nil
      ? ["  expect: passed"] : ["  expect:", "    - {outcome: passed}", "    - {outcome: pending}"]
    body.en = (
      "Done at least once per \(period.replacingOccurrences(of: "_", with: " "))", "Not done in the period"
    )
    return body
  }

  static let periodBounds: [String: (String, String)] = [
    "day": ("2024-09-02", "2024-09-03"), "working_day": ("2024-09-02", "2024-09-03"),
    "week": ("2024-09-02", "2024-09-09"), "month": ("2024-09-01", "2024-10-01"),
    "quarter": ("2024-07-01", "2024-10-01"), "half_year": ("2024-07-01", "2025-01-01"),
    "year": ("2024-01-01", "2025-01-01"),
  ]

  func metric(_ thresholds: [Threshold], target: Threshold?) -> Body {
    var body = Body()
    let goal = target ?? thresholds.first { $0.kind == .target }
    let period = thresholds.first { $0.kind == .period }
    var check = ["kind: metric"]
    var expect = "passed"
    if let goal, let amount = goal.amount {
      let comparator = goal.normalized.split(separator: " ").first.map(String.init) ?? ">="
      var value = goal
      value.normalized = "\(ThresholdReader.number(amount))%"
      body.parameters.append(parameter("target", value))
      check += ["measure: rate", "counts: 'has(\"counted\")'  \(Self.mapNote) (which cases meet the target)"]
      check.append("target: '\(comparator) $target'")
      // The example's one case counts, so its rate is 100 %.
      let met =
        comparator.hasPrefix(">")
        ? amount <= 100 && (comparator == ">=" || amount < 100)
        : comparator == "==" ? amount == 100 : comparator == "<=" && amount >= 100
      expect = met ? "passed" : "violated"
      body.en = ("Rate \(goal.normalized) per period", "Rate misses \(goal.normalized)")
    } else if let count = thresholds.first(where: { $0.kind == .count }), let amount = count.amount {
      var value = count
      value.normalized = ThresholdReader.number(amount)
      body.parameters.append(parameter("maximum", value))
      check += ["measure: count", "target: '<= $maximum'"]
      body.en = ("At most \(value.normalized) per period", "More than \(value.normalized) in the period")
    } else {
      check += ["measure: count", "target: '>= 1'  # TODO: no target was read; set it"]
    }
    check.append("date: case_dated  \(Self.mapNote)")
    if let period {
      body.parameters.append(parameter("period", period))
      check.append("every: $period")
    } else {
      check.append("every: month  # TODO: the period is not stated; check it")
    }
    body.check = check
    let (from, to) = Self.periodBounds[period?.normalized ?? "month"] ?? ("2024-09-01", "2024-10-01")
    body.example = [
      "- name: one case in the period",
      "  cases: [{id: C1, events: [\"case_dated @ \(from) 10:00\", \"counted @ \(from) 11:00\"]}]",
      "  period: {from: \(from), to: \(to)}", "  as_of: \"\(to) 00:00\"", "  expect: \(expect)",
    ]
    return body
  }

  func tiers(_ thresholds: [Threshold]) -> Body {
    var body = Body()
    var bands: [String] = []
    var previous = 0.0
    let fines = thresholds.filter { $0.kind == .money }
    let limits = thresholds.filter { $0.kind == .duration && $0.amount != nil }
    var check = ["kind: tiers"]
    if limits.count >= fines.count, !fines.isEmpty, limits.count > 1 {
      // 20分钟内罚10元,30分钟内罚20元…1小时以上按旷工处理: bands of minutes with their fines.
      check.append("value: minutes  \(Self.mapNote) (a number of minutes per case)")
      for (index, limit) in limits.enumerated() {
        let minutes = limit.amount ?? 0
        if index < fines.count, let fine = fines[index].amount, minutes > previous {
          bands.append(
            "  - {above: \(ThresholdReader.number(previous)), up_to: \(ThresholdReader.number(minutes)), severity: major, fine: \(ThresholdReader.number(fine))}  # \(limit.text) \(fines[index].text)"
          )
          previous = minutes
        } else if index >= fines.count, minutes >= previous {
          bands.append("  - {above: \(ThresholdReader.number(minutes)), severity: critical}  # \(limit.text)")
          previous = .infinity
          break
        }
      }
      if previous.isFinite {
        bands.append(
          "  - {above: \(ThresholdReader.number(previous)), severity: critical}  # TODO: beyond the last band"
        )
      }
    } else {
      check.append("value: amount  \(Self.mapNote) (the measured value; > 0 is a breach)")
      let fine = fines.first?.amount.map { ", fine: \(ThresholdReader.number($0))" } ?? ""
      bands.append("  - {above: 0, severity: major\(fine)}  # TODO: the bands the clause sets")
    }
    check.append("bands:")
    check += bands
    if thresholds.contains(where: { $0.kind == .repeatFine }) {
      check.append("repeat_key: problem  \(Self.mapNote) (the same problem again doubles the fine)")
    }
    body.check = check
    body.example = [
      "- name: no breach", "  record: {\(limits.count > 1 ? "minutes" : "amount"): 0}", "  expect: passed",
    ]
    body.en = ("Fined by band", "Breach fined by band")
    return body
  }

  func parameter(_ name: String, _ threshold: Threshold) -> Parameter {
    Parameter(name: name, threshold: threshold, value: threshold.normalized)
  }

  /// Working units count on a working calendar.
  func calendar(_ threshold: Threshold) -> String? {
    threshold.normalized.contains("working") ? "cn-workdays" : nil
  }

  static func twoEvents(_ name: String, _ first: String, _ second: String) -> [String] {
    [
      "- name: \(name)", "  events: [\"\(first) @ \(start)\", \"\(second) @ \(oneMinuteLater)\"]",
      "  expect: passed",
    ]
  }

  /// A double-quoted YAML scalar.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\t": result += "\\t"
      default: result.append(character)
      }
    }
    return result + "\""
  }
}

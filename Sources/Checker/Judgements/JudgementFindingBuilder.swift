import PolicyRules

/// Turns one rule's judgement rows into the findings a native audit makes, from the row and the
/// rule alone (no case data): the texts and deadline derivations that the rule, the row's times
/// and the rule's calendar determine are rebuilt exactly; what depends on values the row lacks
/// (a condition's operands, a tier's measured value, a metric's rate) is phrased generically
/// (docs/sql.md, "Reports from judgement rows").
struct JudgementFindingBuilder {
  let rule: Rule
  let calendar: WorkCalendar
  /// The audit's cut-off (which of two open windows a pending judgement waits on).
  let asOf: Timestamp
  private let expected: LocalizedText
  private let assumed: [String]

  init(rule: Rule, calendar: WorkCalendar, asOf: Timestamp) {
    self.rule = rule
    self.calendar = calendar
    self.asOf = asOf
    expected = LocalizedText(zh: rule.check.expectation(.zh), en: rule.check.expectation(.en))
    assumed = rule.assumedParameters.map { "\($0.name)=\($0.value)" }
  }

  /// What a row says beyond its outcome, as the rule's evaluator phrases it.
  struct Texts {
    var actual: LocalizedText
    var expected: LocalizedText?
    var deadline: DeadlineComputation?
  }

  /// The finding of a row that did not pass (`outcome`: the row's, or waived).
  func finding(_ row: JudgementRow, outcome: Outcome, waiver: WaiverReference?) -> Finding {
    let texts = texts(row)
    var finding = Finding(
      ruleID: rule.id, clauseID: rule.clause.id, subject: row.subject, outcome: outcome,
      severity: rule.severity, expected: texts.expected ?? expected, actual: texts.actual,
      evidence: row.evidence, deadline: texts.deadline,
      penalty: outcome == .violated || outcome == .waived ? rule.penalty : nil, assumedParameters: assumed,
      period: row.period, waiver: waiver, time: row.anchor, group: row.group)
    if texts.deadline != nil { finding.deadlineCalendar = ExplanationCalendar(calendar: calendar) }
    return finding
  }

  func texts(_ row: JudgementRow) -> Texts {
    switch rule.check {
    case let check as DeadlineCheck: deadline(check, row)
    case let check as ResponseCheck: response(check, row)
    case let check as LeadCheck: lead(check, row)
    case let check as EscalationCheck: escalation(check, row)
    case let check as PrecedenceCheck: precedence(check, row)
    case let check as SequenceCheck: sequence(check, row)
    case let check as PeriodicCheck: periodic(check, row)
    default: Texts(actual: Self.generic(row.outcome))
    }
  }

  /// The text of a judgement whose values are not in its row.
  static func generic(_ outcome: Outcome) -> LocalizedText {
    let zh: String
    switch outcome {
    case .passed: zh = "满足"
    case .violated: zh = "违规"
    case .pending: zh = "待定"
    case .unverifiable: zh = "无法核验"
    case .waived: zh = "豁免"
    }
    return Say.text(
      "\(zh)（SQL 引擎判定，行中没有取值）", "\(outcome.rawValue) (judged by the SQL engine; its row holds no values)")
  }

  /// As `DeadlineCheck+Evaluation`: the evidence is the start, the agreed due time (when the
  /// due field gave it) and the end.
  private func deadline(_ check: DeadlineCheck, _ row: JudgementRow) -> Texts {
    let wording = check.end.description
    guard let start = row.anchor else {
      // No dated start: the start field was empty or unreadable.
      if case .field(let name) = check.start { return Texts(actual: Say.missingField(name)) }
      return Texts(actual: Self.generic(row.outcome))
    }
    let agreed = check.dueField.map { field in row.evidence.dropFirst().first?.label == field } ?? false
    let computation =
      agreed
      ? nil
      : row.due.flatMap { duration(check.within, from: start, due: $0) }
        .map { calendar.deadline(from: start, adding: $0) }
    var texts = Texts(actual: Self.generic(row.outcome), expected: agreed ? check.agreedExpectation() : nil)
    texts.deadline = computation
    guard let due = row.due else {
      texts.actual = Say.missingField(
        limitFields(check.within) ?? check.exempt.map { $0.fieldNames.sorted().joined(separator: ", ") }
          ?? wording)
      return texts
    }
    let end = row.evidence.count > (agreed ? 2 : 1) ? row.evidence.last?.time : nil
    switch row.outcome {
    case .pending: texts.actual = Say.notYetDue(wording)
    case .unverifiable:
      if case .field(let name) = check.end {
        texts.actual = Say.missingField(name)
      } else {
        texts.actual = Say.missingField(wording)
      }
    case .violated:
      guard let end else {
        texts.actual = Say.noEvent(wording)
        break
      }
      if let notBefore = check.notBefore, end < calendar.due(from: start, adding: notBefore) {
        let early = DurationText.describe(milliseconds: calendar.due(from: start, adding: notBefore) - end)
        texts.actual = Say.text("\(wording) 提前 \(early)", "\(wording) early by \(early)")
      } else if let computation {
        texts.actual = Say.late(wording, end, computation, calendar)
      } else {
        texts.actual = Say.late(wording, by: end - due)
      }
    case .passed, .waived: texts.actual = Say.met
    }
    return texts
  }

  /// As `ResponseCheck+Evaluation`: the evidence is the trigger and its response.
  private func response(_ check: ResponseCheck, _ row: JudgementRow) -> Texts {
    let wording = check.response.description
    var texts = Texts(actual: Self.generic(row.outcome))
    guard let start = row.anchor else { return texts }
    if let within = check.within, let due = row.due, let limit = duration(within, from: start, due: due) {
      texts.deadline = calendar.deadline(from: start, adding: limit)
    }
    switch row.outcome {
    case .pending: texts.actual = Say.notYetDue(wording)
    case .unverifiable:
      if let within = check.within, let fields = limitFields(within) {
        texts.actual = Say.missingField(fields)
      }
    case .violated:
      if row.evidence.count > 1, let end = row.evidence.last?.time {
        texts.actual =
          texts.deadline.map { Say.late(wording, end, $0, calendar) }
          ?? Say.late(wording, by: end - (row.due ?? start))
      } else {
        texts.actual = Say.noEvent(wording)
      }
    case .passed, .waived: texts.actual = Say.met
    }
    return texts
  }

  /// As `LeadCheck+Evaluation`: the anchor is the target, the due time the latest notice, the
  /// evidence the notice (when there is one) and the target.
  private func lead(_ check: LeadCheck, _ row: JudgementRow) -> Texts {
    let wording = check.notice.description
    var texts = Texts(actual: Self.generic(row.outcome))
    guard let target = row.anchor else {
      if case .field(let name) = check.target { texts.actual = Say.missingField(name) }
      return texts
    }
    let computation = calendar.latestStart(before: target, leading: check.atLeast)
    if computation.due == row.due { texts.deadline = computation }
    switch row.outcome {
    case .pending: texts.actual = Say.notYetDue(wording)
    case .unverifiable:
      if case .field(let name) = check.notice {
        texts.actual = Say.missingField(name)
      } else {
        texts.actual = Say.missingField(wording)
      }
    case .violated:
      if row.evidence.count > 1, let notice = row.evidence.first?.time {
        let late = DurationText.describe(milliseconds: notice - computation.due)
        texts.actual = Say.text(
          "\(wording) 晚于最迟时间 \(late)", "\(wording) \(late) after the latest allowed time")
      } else {
        texts.actual = Say.noEvent(wording)
      }
    case .passed, .waived: texts.actual = Say.met
    }
    return texts
  }

  /// As `EscalationCheck+Evaluation`: the due time is the limit's from the start, else the
  /// promised field's (then the expectation names the field).
  private func escalation(_ check: EscalationCheck, _ row: JudgementRow) -> Texts {
    var texts = Texts(actual: Self.generic(row.outcome))
    guard let start = row.anchor else {
      if case .field(let name) = check.start { texts.actual = Say.missingField(name) }
      return texts
    }
    guard let due = row.due else {
      texts.actual = Say.missingField(check.within.flatMap(limitFields) ?? check.dueField ?? "due")
      return texts
    }
    if let within = check.within, let limit = duration(within, from: start, due: due) {
      texts.deadline = calendar.deadline(from: start, adding: limit)
    } else {
      texts.expected = check.agreedExpectation()
    }
    switch row.outcome {
    // The work not done while its due time is open, else the escalation's window still open.
    case .pending:
      texts.actual = Say.notYetDue(due > asOf ? check.done.description : check.escalation.description)
    case .violated:
      let wording = check.escalation.description
      texts.actual = Say.text("逾期未完成且未在时限内 \(wording)", "overdue and no \(wording) in time")
    case .passed, .waived: texts.actual = Say.met
    case .unverifiable: break
    }
    return texts
  }

  /// As `PrecedenceCheck+Evaluation`, where the rule requires one kind of event (with several,
  /// the row does not say which one was missing): the evidence starts with the action.
  private func precedence(_ check: PrecedenceCheck, _ row: JudgementRow) -> Texts {
    var texts = Texts(actual: Self.generic(row.outcome))
    if row.outcome == .violated, check.requires.count == 1, let action = row.evidence.first?.label {
      let required = check.requires[0].description
      texts.actual = Say.text("\(action) 发生前没有 \(required)", "\(action) happened with no earlier \(required)")
    }
    return texts
  }

  /// As `SequenceCheck+Evaluation`: the evidence is each present step's first event in step
  /// order; a step is present when the next item is one of its activities.
  private func sequence(_ check: SequenceCheck, _ row: JudgementRow) -> Texts {
    var texts = Texts(actual: Self.generic(row.outcome))
    guard row.outcome == .violated else { return texts }
    var firsts: [Timestamp?] = []
    var next = 0
    for step in check.steps {
      if next < row.evidence.count, step.activities.contains(row.evidence[next].label) {
        firsts.append(row.evidence[next].time)
        next += 1
      } else {
        firsts.append(nil)
      }
    }
    guard next == row.evidence.count else { return texts }
    let wording = check.steps.map(\.description)
    if check.complete {
      let missing = firsts.indices.filter { firsts[$0] == nil }.map { wording[$0] }
      if !missing.isEmpty {
        let names = missing.joined(separator: ", ")
        texts.actual = Say.text("缺少步骤：\(names)", "missing steps: \(names)")
        return texts
      }
    }
    var previous: Int?
    for index in firsts.indices {
      guard let time = firsts[index] else { continue }
      if let earlier = previous, let earlierTime = firsts[earlier], time < earlierTime {
        texts.actual = Say.text(
          "\(wording[index]) 早于 \(wording[earlier])", "\(wording[index]) before \(wording[earlier])")
        return texts
      }
      previous = index
    }
    return texts
  }

  /// As `PeriodicCheck+Evaluation` for what the row determines: an interval still open at the
  /// cut-off (anchored at the last occurrence, due `max` later). The counts of a period and the
  /// occurrences of an interval are not in the row.
  private func periodic(_ check: PeriodicCheck, _ row: JudgementRow) -> Texts {
    var texts = Texts(actual: Self.generic(row.outcome))
    if row.outcome == .pending, let maxInterval = check.maxInterval, let last = row.anchor, let due = row.due
    {
      let computation = calendar.deadline(from: last, adding: maxInterval)
      if computation.due == due {
        texts.deadline = computation
        texts.actual = Say.notYetDue(check.occurrence.description)
      }
    }
    return texts
  }

  /// The fields a limit reads from the data, as the evaluator names them when they give none.
  private func limitFields(_ limit: TimeLimit) -> String? {
    switch limit {
    case .fixed: nil
    case .tiers(let field, _, _), .field(let field, _): field
    case .expression(let e, _): e.fieldNames.sorted().joined(separator: ", ")
    }
  }

  /// The duration a limit gave the case whose due time counted from `start` is `due`: the rule's
  /// own, the tier that gives that due time, or the field's amount in its unit (fractional hours
  /// and days in minutes, as the evaluator reads them). Nil when none gives it.
  func duration(_ limit: TimeLimit, from start: Timestamp, due: Timestamp) -> PolicyDuration? {
    var candidates: [PolicyDuration] = []
    switch limit {
    case .fixed(let d): candidates = [d]
    case .tiers(_, let tiers, let otherwise): candidates = tiers.map(\.limit) + (otherwise.map { [$0] } ?? [])
    case .field(_, let unit), .expression(_, let unit):
      let span = due - start
      let size: Int64? =
        switch unit {
        case .minutes: Timestamp.millisecondsPerMinute
        case .hours: Timestamp.millisecondsPerHour
        case .days: Timestamp.millisecondsPerDay
        case .weeks: 7 * Timestamp.millisecondsPerDay
        default: nil
        }
      if let size, span >= 0 {
        if span % size == 0 { candidates.append(PolicyDuration(amount: Int(span / size), unit: unit)) }
        if span % Timestamp.millisecondsPerMinute == 0 {
          candidates.append(
            PolicyDuration(amount: Int(span / Timestamp.millisecondsPerMinute), unit: .minutes))
        }
      }
    }
    return candidates.first { calendar.due(from: start, adding: $0) == due }
  }
}

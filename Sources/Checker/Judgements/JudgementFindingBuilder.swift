import PolicyRules

/// Turns one rule's judgement rows into the findings a native audit makes, from the row and the
/// rule alone (no case data): the texts and deadline derivations that the rule, the row's times
/// and the rule's calendar determine are rebuilt exactly; what depends on values the row lacks
/// (a condition's operands, a tier's measured value, a metric's rate) is phrased generically
/// (docs/sql.md, "Reports from judgement rows").
struct JudgementFindingBuilder {
  let rule: Rule
  let calendar: WorkCalendar
  private let expected: LocalizedText
  private let assumed: [String]

  init(rule: Rule, calendar: WorkCalendar) {
    self.rule = rule
    self.calendar = calendar
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

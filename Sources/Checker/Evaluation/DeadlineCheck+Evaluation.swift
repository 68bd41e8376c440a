import PolicyRules

extension DeadlineCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    let subject = view.id
    let startTime: Timestamp
    var evidence: [Evidence] = []
    switch view.resolve(start, context) {
    case .absent: return []
    case .invalid(let field):
      return [Judgement(.unverifiable, subject: subject, anchor: nil, actual: Say.missingField(field))]
    case .at(let t, let e):
      startTime = t
      evidence.append(e)
    }
    if let exempt {
      switch view.holds(exempt) {
      case true: return []
      case false: break
      case nil:
        return [
          Judgement(
            .unverifiable, subject: subject, anchor: startTime,
            actual: Say.missingField(exempt.fieldNames.sorted().joined(separator: ", ")), evidence: evidence)
        ]
      }
    }

    // The due time: an agreed time on the record, else start + limit on the calendar.
    var computation: DeadlineComputation?
    let due: Timestamp
    if let dueField, let agreed = view.timestamp(field: dueField, context) {
      due = agreed
      evidence.append(Evidence(label: dueField, time: agreed, source: view.source))
    } else {
      switch view.limit(within) {
      case .failure(let unknown):
        return [
          Judgement(
            .unverifiable, subject: subject, anchor: startTime, actual: Say.missingField(unknown.field),
            evidence: evidence)
        ]
      case .success(let duration):
        let c = calendar.deadline(from: startTime, adding: duration)
        computation = c
        due = c.due
      }
    }
    let earliest = notBefore.map { calendar.deadline(from: startTime, adding: $0).due }

    var judgement: Judgement
    switch view.firstEvent(end, after: earliest.map { min($0, startTime) } ?? startTime, context) {
    case .invalid(let field):
      judgement = Judgement(
        .unverifiable, subject: subject, anchor: startTime, actual: Say.missingField(field),
        evidence: evidence)
    case .at(let endTime, let e):
      evidence.append(e)
      if let earliest, endTime < earliest {
        judgement = Judgement(
          .violated, subject: subject, anchor: startTime,
          actual: Say.text(
            "\(end.description) 提前 \(DurationText.describe(milliseconds: earliest - endTime))",
            "\(end.description) early by \(DurationText.describe(milliseconds: earliest - endTime))"),
          evidence: evidence)
      } else if endTime <= due || computation.map({ calendar.meets(endTime, $0) }) == true {
        judgement = Judgement(
          .passed, subject: subject, anchor: startTime, actual: Say.met, evidence: evidence)
      } else if let alternative, view.holds(alternative) == true {
        judgement = Judgement(
          .passed, subject: subject, anchor: startTime,
          actual: Say.text("超时但满足替代条件 \(alternative.source)", "late, but \(alternative.source) holds"),
          evidence: evidence)
      } else {
        judgement = Judgement(
          .violated, subject: subject, anchor: startTime,
          actual: computation.map { Say.late(end.description, endTime, $0, calendar) }
            ?? Say.late(end.description, by: endTime - due),
          evidence: evidence)
      }
    case .absent:
      if due > context.asOf {
        judgement = Judgement(
          .pending, subject: subject, anchor: startTime, actual: Say.notYetDue(end.description),
          evidence: evidence)
      } else if let alternative, view.holds(alternative) == true {
        judgement = Judgement(
          .passed, subject: subject, anchor: startTime,
          actual: Say.text("未发生但满足替代条件 \(alternative.source)", "absent, but \(alternative.source) holds"),
          evidence: evidence)
      } else {
        judgement = Judgement(
          .violated, subject: subject, anchor: startTime, actual: Say.noEvent(end.description),
          evidence: evidence)
      }
    }
    if let computation { judgement.attach(computation, calendar: calendar) }
    return [judgement]
  }
}

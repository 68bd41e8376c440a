import PolicyRules

extension EscalationCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    let startTime: Timestamp
    var evidence: [Evidence] = []
    switch view.resolve(start, context) {
    case .absent: return []
    case .invalid(let field):
      return [Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.missingField(field))]
    case .at(let t, let e):
      startTime = t
      evidence.append(e)
    }
    var computation: DeadlineComputation?
    let due: Timestamp
    if let dueField, let promised = view.timestamp(field: dueField, context) {
      due = promised
    } else if let within {
      switch view.limit(within) {
      case .failure(let unknown):
        return [
          Judgement(
            .unverifiable, subject: view.id, anchor: startTime, actual: Say.missingField(unknown.field),
            evidence: evidence)
        ]
      case .success(let d):
        let c = calendar.deadline(from: startTime, adding: d)
        computation = c
        due = c.due
      }
    } else {
      return [
        Judgement(
          .unverifiable, subject: view.id, anchor: startTime, actual: Say.missingField(dueField ?? "due"),
          evidence: evidence)
      ]
    }
    let doneEvent = view.events(done).first { $0.time >= startTime }
    if let doneEvent { evidence.append(context.evidence(doneEvent)) }
    var judgement: Judgement
    if let doneEvent, doneEvent.time <= due {
      judgement = Judgement(.passed, subject: view.id, anchor: startTime, actual: Say.met, evidence: evidence)
    } else if doneEvent == nil && due > context.asOf {
      judgement = Judgement(
        .pending, subject: view.id, anchor: startTime, actual: Say.notYetDue(done.description),
        evidence: evidence)
    } else {
      let escalationDue = calendar.deadline(from: due, adding: escalateWithin).due
      let escalated = view.events(escalation).first { $0.time >= startTime && $0.time <= escalationDue }
      if let escalated {
        evidence.append(context.evidence(escalated))
        judgement = Judgement(
          .passed, subject: view.id, anchor: startTime,
          actual: Say.text("逾期但已按时上报", "overdue but escalated in time"), evidence: evidence)
      } else if escalationDue > context.asOf {
        judgement = Judgement(
          .pending, subject: view.id, anchor: startTime, actual: Say.notYetDue(escalation.description),
          evidence: evidence)
      } else {
        judgement = Judgement(
          .violated, subject: view.id, anchor: startTime,
          actual: Say.text(
            "逾期未完成且未在时限内 \(escalation.description)", "overdue and no \(escalation.description) in time"),
          evidence: evidence + view.events(escalation).map(context.evidence))
      }
    }
    if let computation { judgement.attach(computation, calendar: calendar) }
    return [judgement]
  }
}

import PolicyRules

extension ResponseCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    var triggers = view.events(trigger)
    guard !triggers.isEmpty else { return [] }
    if !each { triggers = [triggers[0]] }
    let responses = view.events(response)
    var used = Array(repeating: false, count: responses.count)
    var judgements: [Judgement] = []
    for (n, event) in triggers.enumerated() {
      let subject = n == 0 ? view.id : "\(view.id)#\(n + 1)"
      var evidence = [context.evidence(event)]
      var computation: DeadlineComputation?
      if let within {
        switch view.limit(within) {
        case .failure(let unknown):
          judgements.append(
            Judgement(
              .unverifiable, subject: subject, anchor: event.time, actual: Say.missingField(unknown.field),
              evidence: evidence))
          continue
        case .success(let d): computation = calendar.deadline(from: event.time, adding: d)
        }
      }
      var judgement: Judgement
      if let index = responses.indices.first(where: { !used[$0] && responses[$0].time >= event.time }) {
        used[index] = true
        let answer = responses[index]
        evidence.append(context.evidence(answer))
        if let computation, !calendar.meets(answer.time, computation) {
          judgement = Judgement(
            .violated, subject: subject, anchor: event.time,
            actual: Say.late(response.description, answer.time, computation, calendar),
            evidence: evidence)
        } else {
          judgement = Judgement(
            .passed, subject: subject, anchor: event.time, actual: Say.met, evidence: evidence)
        }
      } else if let due = computation?.due, due > context.asOf {
        judgement = Judgement(
          .pending, subject: subject, anchor: event.time, actual: Say.notYetDue(response.description),
          evidence: evidence)
      } else {
        judgement = Judgement(
          .violated, subject: subject, anchor: event.time, actual: Say.noEvent(response.description),
          evidence: evidence)
      }
      if let computation { judgement.attach(computation, calendar: calendar) }
      judgements.append(judgement)
    }
    return judgements
  }
}

import PolicyRules

extension ResponseCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    var triggers = view.events(trigger)
    guard !triggers.isEmpty else { return }
    if !each { triggers = [triggers[0]] }
    let responses = view.events(response)
    var used = Array(repeating: false, count: responses.count)
    for (n, event) in triggers.enumerated() {
      let subject = n == 0 ? view.id : "\(view.id)#\(n + 1)"
      var computation: DeadlineComputation?
      if let within {
        switch view.limit(within) {
        case .failure(let unknown):
          sink.add(
            Judgement(
              .unverifiable, subject: subject, anchor: event.time, actual: Say.missingField(unknown.field),
              evidence: [context.evidence(event)]))
          continue
        case .success(let d): computation = calendar.deadline(from: event.time, adding: d)
        }
      }
      // Evidence is built only for judgements the sink keeps.
      func judgement(_ outcome: Outcome, _ actual: LocalizedText, answer: EventRef? = nil) -> Judgement {
        var evidence = [context.evidence(event)]
        if let answer { evidence.append(context.evidence(answer)) }
        var judgement = Judgement(
          outcome, subject: subject, anchor: event.time, actual: actual, evidence: evidence)
        if let computation { judgement.attach(computation, calendar: calendar) }
        return judgement
      }
      if let index = responses.indices.first(where: { !used[$0] && responses[$0].time >= event.time }) {
        used[index] = true
        let answer = responses[index]
        if let computation, !calendar.meets(answer.time, computation) {
          sink.add(
            judgement(
              .violated, Say.late(response.description, answer.time, computation, calendar), answer: answer))
        } else {
          sink.add(.passed, anchor: event.time) { judgement(.passed, Say.met, answer: answer) }
        }
      } else if let due = computation?.due, due > context.asOf {
        sink.add(judgement(.pending, Say.notYetDue(response.description)))
      } else {
        sink.add(judgement(.violated, Say.noEvent(response.description)))
      }
    }
  }
}

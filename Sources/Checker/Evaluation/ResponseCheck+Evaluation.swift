import PolicyRules

extension ResponseCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    // Triggers, responses and which responses are taken live on the stack: a case's events are
    // few, and allocating three lists for every case was a hot path.
    let capacity = view.events.count
    guard capacity > 0 else { return }
    withUnsafeTemporaryAllocation(of: EventRef.self, capacity: capacity) { triggers in
      let triggerCount = view.events(trigger, into: triggers, limit: each ? capacity : 1)
      guard triggerCount > 0 else { return }
      withUnsafeTemporaryAllocation(of: EventRef.self, capacity: capacity) { responses in
        let responseCount = view.events(response, into: responses, limit: capacity)
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(responseCount, 1)) { used in
          used.initialize(repeating: false)
          judge(
            view, UnsafeBufferPointer(rebasing: triggers[..<triggerCount]),
            UnsafeBufferPointer(rebasing: responses[..<responseCount]), used, calendar, context, &sink)
        }
      }
    }
  }

  private func judge(
    _ view: CaseView, _ triggers: UnsafeBufferPointer<EventRef>, _ responses: UnsafeBufferPointer<EventRef>,
    _ used: UnsafeMutableBufferPointer<Bool>, _ calendar: WorkCalendar, _ context: EvaluationContext,
    _ sink: inout JudgementSink
  ) {
    for (n, event) in triggers.enumerated() {
      let subject = n == 0 ? view.id : "\(view.id)#\(n + 1)"
      // A constant, not a variable: `judgement` below captures it, and a captured variable was
      // boxed on the heap (and its accesses checked at run time) for every trigger.
      let computation: DeadlineComputation?
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
      } else {
        computation = nil
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

import PolicyRules

extension ResponseCheck: CaseCheckEvaluation {
  struct Plan {
    let trigger: BoundMatcher
    let response: BoundMatcher
    let within: BoundLimit?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      trigger: binder.matcher(trigger), response: binder.matcher(response),
      within: within.map { binder.limit($0) })
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    // Triggers, responses and which responses are taken live on the stack: a case's events are
    // few, so no list is allocated per case. The buffers are this call's; `EventRef` and `Bool`
    // are trivial, and only the initialized prefixes (the counts returned) are read.
    let capacity = view.events.count
    guard capacity > 0 else { return }
    withUnsafeTemporaryAllocation(of: EventRef.self, capacity: capacity) { triggers in
      let triggerCount = view.events(plan.trigger, into: triggers, limit: each ? capacity : 1)
      guard triggerCount > 0 else { return }
      withUnsafeTemporaryAllocation(of: EventRef.self, capacity: capacity) { responses in
        let responseCount = view.events(plan.response, into: responses, limit: capacity)
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(responseCount, 1)) { used in
          used.initialize(repeating: false)
          judge(
            // Prefixes of the temporary buffers, initialized above and valid for this call.
            view, plan, UnsafeBufferPointer(rebasing: triggers[..<triggerCount]),
            UnsafeBufferPointer(rebasing: responses[..<responseCount]), used, calendar, context, &sink)
        }
      }
    }
  }

  private func judge(
    // Every buffer is the caller's temporary allocation, valid during the call only.
    _ view: CaseView, _ plan: Plan, _ triggers: UnsafeBufferPointer<EventRef>,
    _ responses: UnsafeBufferPointer<EventRef>,
    _ used: UnsafeMutableBufferPointer<Bool>, _ calendar: WorkCalendar, _ context: EvaluationContext,
    _ sink: inout JudgementSink
  ) {
    for (n, event) in triggers.enumerated() {
      let subject = n == 0 ? view.id : "\(view.id)#\(n + 1)"
      // Constants, not variables: `judgement` below captures them, and a captured constant needs
      // no heap box or run-time exclusivity check per trigger. Most triggers
      // are judged by the due time alone; its derivation is counted again for kept judgements.
      let limit: PolicyDuration?
      let due: Timestamp?
      if let within = plan.within {
        switch view.limit(within) {
        case .failure(let unknown):
          sink.add(
            Judgement(
              .unverifiable, subject: subject, anchor: event.time, actual: Say.missingField(unknown.field),
              evidence: [context.evidence(event)]))
          continue
        case .success(let d):
          limit = d
          due = calendar.due(from: event.time, adding: d)
        }
      } else {
        limit = nil
        due = nil
      }
      let gap = limit.flatMap { limit in
        due.flatMap { calendar.dataGap(from: event.time, to: $0, unit: limit.unit) }
      }
      // Evidence is built only for judgements the sink keeps.
      func judgement(_ outcome: Outcome, _ actual: LocalizedText, answer: EventRef? = nil) -> Judgement {
        var evidence = [context.evidence(event)]
        if let answer { evidence.append(context.evidence(answer)) }
        var judgement = Judgement(
          outcome, subject: subject, anchor: event.time, actual: actual, evidence: evidence)
        if let limit {
          judgement.attach(calendar.deadline(from: event.time, adding: limit), calendar: calendar)
        }
        judgement.calendarGap = gap
        return judgement
      }
      if let gap, context.outsideCalendarDataIsUnverifiable {
        sink.add(judgement(.unverifiable, Say.outsideCalendarData(gap)))
        continue
      }
      if let index = responses.indices.first(where: { !used[$0] && responses[$0].time >= event.time }) {
        used[index] = true
        let answer = responses[index]
        if let limit, let due, !calendar.meets(answer.time, due: due, unit: limit.unit) {
          let computation = calendar.deadline(from: event.time, adding: limit)
          sink.add(
            judgement(
              .violated, Say.late(view.text(plan.response.wording), answer.time, computation, calendar),
              answer: answer))
        } else {
          sink.add(.passed, anchor: event.time, keep: gap != nil) {
            judgement(.passed, Say.met, answer: answer)
          }
        }
      } else if let due, due > context.asOf {
        sink.add(judgement(.pending, Say.notYetDue(view.text(plan.response.wording))))
      } else {
        sink.add(judgement(.violated, Say.noEvent(view.text(plan.response.wording))))
      }
    }
  }
}

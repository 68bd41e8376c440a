import PolicyRules

extension EscalationCheck: CaseCheckEvaluation {
  struct Plan {
    let start: BoundPoint
    let done: BoundMatcher
    let escalation: BoundMatcher
    let within: BoundLimit?
    let dueField: BoundField?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      start: binder.point(start), done: binder.matcher(done), escalation: binder.matcher(escalation),
      within: within.map { binder.limit($0) }, dueField: dueField.map { binder.field($0) })
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    let startTime: Timestamp
    let startSource: EvidenceSource
    switch view.resolve(plan.start, context) {
    case .absent: return
    case .empty(let field), .noField(let field):
      sink.add(Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.missingField(field)))
      return
    case .unreadable(let field, let value):
      sink.add(Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.notATime(field, value)))
      return
    case .at(let t, let e):
      startTime = t
      startSource = e
    }
    // Constants, not variables: the nested functions below capture them, and a captured constant
    // needs no heap box or run-time exclusivity check per case.
    // Most cases are judged by the due time alone: its derivation is counted again only for
    // judgements that are kept.
    let limit: PolicyDuration?
    let due: Timestamp
    // An empty due field (or none in the data) leaves the limit in force; one that holds no time
    // leaves the due time unknown.
    let promised = plan.dueField.map { view.resolve(field: $0, context) }
    if let problem = promised?.problem, case .unreadable = promised {
      sink.add(
        Judgement(
          .unverifiable, subject: view.id, anchor: startTime, actual: problem,
          evidence: [context.evidence(startSource)]))
      return
    }
    if case .at(let t, _) = promised {
      due = t
      limit = nil
    } else if let within = plan.within {
      switch view.limit(within) {
      case .failure(let unknown):
        sink.add(
          Judgement(
            .unverifiable, subject: view.id, anchor: startTime, actual: Say.missingField(unknown.field),
            evidence: [context.evidence(startSource)]))
        return
      case .success(let d):
        limit = d
        due = calendar.due(from: startTime, adding: d)
      }
    } else {
      sink.add(
        Judgement(
          .unverifiable, subject: view.id, anchor: startTime, actual: Say.missingField(dueField ?? "due"),
          evidence: [context.evidence(startSource)]))
      return
    }
    let doneEvent = view.first(plan.done, where: { $0.time >= startTime })
    let gap = limit.flatMap { calendar.dataGap(from: startTime, to: due, unit: $0.unit) }

    // Evidence is built only for judgements the sink keeps.
    func judgement(_ outcome: Outcome, _ actual: LocalizedText, _ more: [EventRef] = []) -> Judgement {
      var evidence = [context.evidence(startSource)]
      if let doneEvent { evidence.append(context.evidence(doneEvent)) }
      evidence += more.map(context.evidence)
      var judgement = Judgement(
        outcome, subject: view.id, anchor: startTime, actual: actual,
        expected: limit == nil ? agreedExpectation() : nil, evidence: evidence)
      if let limit { judgement.attach(calendar.deadline(from: startTime, adding: limit), calendar: calendar) }
      judgement.calendarGap = gap
      return judgement
    }
    if let gap, context.outsideCalendarDataIsUnverifiable {
      sink.add(judgement(.unverifiable, Say.outsideCalendarData(gap)))
      return
    }

    if let doneEvent, doneEvent.time <= due {
      sink.add(.passed, anchor: startTime, keep: gap != nil) { judgement(.passed, Say.met) }
    } else if doneEvent == nil && due > context.asOf {
      sink.add(judgement(.pending, Say.notYetDue(view.text(plan.done.wording))))
    } else {
      let escalationDue = calendar.due(from: due, adding: escalateWithin)
      let escalated = view.first(plan.escalation, where: { $0.time >= startTime && $0.time <= escalationDue })
      if let escalated {
        sink.add(.passed, anchor: startTime, keep: gap != nil) {
          judgement(.passed, Say.text("逾期但已按时上报", "overdue but escalated in time"), [escalated])
        }
      } else if escalationDue > context.asOf {
        sink.add(judgement(.pending, Say.notYetDue(view.text(plan.escalation.wording))))
      } else {
        sink.add(
          judgement(
            .violated,
            Say.text(
              "逾期未完成且未在时限内 \(view.text(plan.escalation.wording))",
              "overdue and no \(view.text(plan.escalation.wording)) in time"),
            view.events(plan.escalation)))
      }
    }
  }
}

import PolicyRules

extension DeadlineCheck: CaseCheckEvaluation {
  struct Plan {
    let start: BoundPoint
    let end: BoundPoint
    let within: BoundLimit
    let dueField: BoundField?
    let alternative: ExpressionProgram?
    let exempt: ExpressionProgram?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      start: binder.point(start), end: binder.point(end), within: binder.limit(within),
      dueField: dueField.map { binder.field($0) }, alternative: alternative.map { binder.expression($0) },
      exempt: exempt.map { binder.expression($0) })
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    let subject = view.id
    let startTime: Timestamp
    let startSource: EvidenceSource
    switch view.resolve(plan.start, context) {
    case .absent: return
    case .empty(let field), .noField(let field):
      sink.add(Judgement(.unverifiable, subject: subject, anchor: nil, actual: Say.missingField(field)))
      return
    case .unreadable(let field, let value):
      sink.add(Judgement(.unverifiable, subject: subject, anchor: nil, actual: Say.notATime(field, value)))
      return
    case .at(let t, let e):
      startTime = t
      startSource = e
    }
    if let exempt, let bound = plan.exempt {
      switch view.holds(bound) {
      case true: return
      case false: break
      case nil:
        sink.add(
          Judgement(
            .unverifiable, subject: subject, anchor: startTime,
            actual: Say.missingField(exempt.fieldNames.sorted().joined(separator: ", ")),
            evidence: [context.evidence(startSource)]))
        return
      }
    }

    // The due time: an agreed time on the record, else start + limit on the calendar.
    // Constants, not variables: the nested functions below capture them, and a captured constant
    // needs no heap box or run-time exclusivity check per case.
    // Most cases are judged by the due time alone: its derivation (the days the count passed) is
    // counted again only for judgements that are kept.
    let limit: PolicyDuration?
    let agreedDue: Timestamp?
    let due: Timestamp
    // An empty due field (or none in the data) leaves the limit in force; one that holds no time
    // leaves the due time unknown.
    let agreed = plan.dueField.map { view.resolve(field: $0, context) }
    if let problem = agreed?.problem, case .unreadable = agreed {
      sink.add(
        Judgement(
          .unverifiable, subject: subject, anchor: startTime, actual: problem,
          evidence: [context.evidence(startSource)]))
      return
    }
    if case .at(let t, _) = agreed {
      due = t
      agreedDue = t
      limit = nil
    } else {
      agreedDue = nil
      switch view.limit(plan.within) {
      case .failure(let unknown):
        sink.add(
          Judgement(
            .unverifiable, subject: subject, anchor: startTime, actual: Say.missingField(unknown.field),
            evidence: [context.evidence(startSource)]))
        return
      case .success(let duration):
        limit = duration
        due = calendar.due(from: startTime, adding: duration)
      }
    }
    let earliest = notBefore.map { calendar.due(from: startTime, adding: $0) }
    let gap = limit.flatMap { calendar.dataGap(from: startTime, to: due, unit: $0.unit) }

    // Evidence is built only for judgements the sink keeps.
    func evidence(_ endSource: EvidenceSource? = nil) -> [Evidence] {
      var evidence = [context.evidence(startSource)]
      if let dueField, let agreedDue {
        evidence.append(Evidence(label: dueField, time: agreedDue, source: view.source))
      }
      if let endSource { evidence.append(context.evidence(endSource)) }
      return evidence
    }
    func judgement(
      _ outcome: Outcome, _ actual: LocalizedText, _ endSource: EvidenceSource? = nil,
      counted: DeadlineComputation? = nil
    ) -> Judgement {
      var judgement = Judgement(
        outcome, subject: subject, anchor: startTime, actual: actual,
        expected: agreedDue == nil ? nil : agreedExpectation(), evidence: evidence(endSource))
      if let computation = counted ?? limit.map({ calendar.deadline(from: startTime, adding: $0) }) {
        judgement.attach(computation, calendar: calendar)
      }
      judgement.calendarGap = gap
      return judgement
    }
    if let gap, context.outsideCalendarDataIsUnverifiable {
      sink.add(judgement(.unverifiable, Say.outsideCalendarData(gap)))
      return
    }

    // An empty end field is an absent end: what is not recorded did not happen.
    let resolvedEnd = view.firstEvent(
      plan.end, after: earliest.map { min($0, startTime) } ?? startTime, context)
    switch resolvedEnd.emptyAsAbsent {
    case .empty, .noField, .unreadable:
      sink.add(judgement(.unverifiable, resolvedEnd.problem ?? Say.missingField(end.description)))
    case .at(let endTime, let e):
      if let earliest, endTime < earliest {
        let early = DurationText.describe(milliseconds: earliest - endTime)
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(view.text(plan.end.wording)) 提前 \(early)",
              "\(view.text(plan.end.wording)) early by \(early)"), e))
      } else if endTime <= due || limit.map({ calendar.meets(endTime, due: due, unit: $0.unit) }) == true {
        sink.add(.passed, anchor: startTime, keep: gap != nil) { judgement(.passed, Say.met, e) }
      } else if let alternative, let bound = plan.alternative, view.holds(bound) == true {
        sink.add(.passed, anchor: startTime, keep: gap != nil) {
          judgement(
            .passed,
            Say.text("超时但满足替代条件 \(alternative.source)", "late, but \(alternative.source) holds"), e)
        }
      } else {
        let computation = limit.map { calendar.deadline(from: startTime, adding: $0) }
        sink.add(
          judgement(
            .violated,
            computation.map { Say.late(view.text(plan.end.wording), endTime, $0, calendar) }
              ?? Say.late(view.text(plan.end.wording), by: endTime - due), e, counted: computation))
      }
    case .absent:
      if due > context.asOf {
        sink.add(judgement(.pending, Say.notYetDue(view.text(plan.end.wording))))
      } else if let alternative, let bound = plan.alternative, view.holds(bound) == true {
        sink.add(.passed, anchor: startTime, keep: gap != nil) {
          judgement(
            .passed,
            Say.text("未发生但满足替代条件 \(alternative.source)", "absent, but \(alternative.source) holds"))
        }
      } else {
        sink.add(judgement(.violated, Say.noEvent(view.text(plan.end.wording))))
      }
    }
  }
}

import PolicyRules

extension LeadCheck: CaseCheckEvaluation {
  struct Plan {
    let notice: BoundPoint
    let target: BoundPoint
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(notice: binder.point(notice), target: binder.point(target))
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    let targetTime: Timestamp
    let targetSource: EvidenceSource
    switch view.resolve(plan.target, context) {
    case .absent: return
    case .empty(let field), .noField(let field):
      sink.add(Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.missingField(field)))
      return
    case .unreadable(let field, let value):
      sink.add(Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.notATime(field, value)))
      return
    case .at(let t, let e):
      targetTime = t
      targetSource = e
    }
    let computation = calendar.latestStart(before: targetTime, leading: atLeast)
    let latest = computation.due
    let gap = calendar.dataGap(from: targetTime, to: latest, unit: atLeast.unit)

    // Evidence is built only for judgements the sink keeps.
    func judgement(_ outcome: Outcome, _ actual: LocalizedText, notice: EvidenceSource? = nil) -> Judgement {
      var evidence = [context.evidence(targetSource)]
      if let notice { evidence.insert(context.evidence(notice), at: 0) }
      var judgement = Judgement(
        outcome, subject: view.id, anchor: targetTime, actual: actual, evidence: evidence)
      judgement.attach(computation, calendar: calendar)
      judgement.calendarGap = gap
      return judgement
    }
    if let gap, context.outsideCalendarDataIsUnverifiable {
      sink.add(judgement(.unverifiable, Say.outsideCalendarData(gap)))
      return
    }

    // An empty notice field is an absent notice: what is not recorded did not happen.
    let resolvedNotice = view.resolve(plan.notice, context)
    switch resolvedNotice.emptyAsAbsent {
    case .empty, .noField, .unreadable:
      sink.add(
        judgement(.unverifiable, resolvedNotice.problem ?? Say.missingField(view.text(plan.notice.wording))))
    case .at(let t, let e):
      if t <= latest {
        sink.add(.passed, anchor: targetTime, keep: gap != nil) { judgement(.passed, Say.met, notice: e) }
      } else {
        let late = DurationText.describe(milliseconds: t - latest)
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(view.text(plan.notice.wording)) 晚于最迟时间 \(late)",
              "\(view.text(plan.notice.wording)) \(late) after the latest allowed time"),
            notice: e))
      }
    case .absent:
      sink.add(
        latest > context.asOf
          ? judgement(.pending, Say.notYetDue(view.text(plan.notice.wording)))
          : judgement(.violated, Say.noEvent(view.text(plan.notice.wording))))
    }
  }
}

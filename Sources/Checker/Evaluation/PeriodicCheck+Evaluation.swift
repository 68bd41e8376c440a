import PolicyRules

extension PeriodicCheck: PopulationCheckEvaluation {
  struct Plan {
    let entity: BoundField?
    let occurrence: BoundPoint
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(entity: entity.map { binder.field($0) }, occurrence: binder.point(occurrence))
  }

  func judge(
    _ views: [CaseView], _ plans: PlansByType<Plan>, rule: Rule, calendar: WorkCalendar,
    context: EvaluationContext, into sink: inout JudgementSink
  ) -> [MetricRow] {
    var occurrences: [String: [(Timestamp, Evidence)]] = [:]
    var entityOrder: [String] = expectedEntities
    for name in expectedEntities { occurrences[name] = [] }
    for view in views {
      let plan = plans[view]
      let name: String
      if let entity, let bound = plan.entity {
        let value = view.field(bound)
        guard !value.isNull else {
          sink.add(
            Judgement(
              .unverifiable, subject: view.id, anchor: view.anchorTime, actual: Say.missingField(entity)))
          continue
        }
        name = value.description
      } else {
        name = rule.id
      }
      if occurrences[name] == nil {
        occurrences[name] = []
        entityOrder.append(name)
      }
      let resolved = view.resolve(plan.occurrence, context)
      switch resolved {
      case .at(let t, let e):
        // An occurrence dated after the cut-off (a field) has not happened yet as the audit sees it.
        if t > context.asOf { continue }
        if let beforeMinute, calendar.minuteOfDay(of: t) >= beforeMinute { continue }
        occurrences[name]!.append((t, context.evidence(e)))
      // An empty field is no occurrence, as an absent event is: what is not recorded did not happen.
      case .absent, .empty: continue
      case .noField, .unreadable:
        sink.add(
          Judgement(
            .unverifiable, subject: view.id, anchor: view.anchorTime,
            actual: resolved.problem ?? Say.missingField(occurrence.description)))
      }
    }
    let entities = entityOrder.sorted(by: NaturalOrder.less)
    let earliest = occurrences.values.compactMap { $0.map(\.0).min() }.min()
    // Every entity is judged over the same periods: they are built (and labelled) once.
    let span = reportedSpan(earliest, context)
    let spanDays =
      span.map {
        calendar.civilDate(of: $0.to).daysSinceEpoch - calendar.civilDate(of: $0.from).daysSinceEpoch
      } ?? 0
    // Over more than a century (an occurrence decades off and no --from) the periods would be
    // tens of thousands per entity, most past any calendar's data: each entity is unverifiable.
    let tooLong = every != nil && spanDays > CivilDate.centuryDays
    let slots: [PeriodSlot] =
      if let every, let span, !tooLong { periodSlots(span, every, calendar, context) } else { [] }
    for name in entities {
      let times = occurrences[name, default: []].sorted { ($0.0, $0.1.line) < ($1.0, $1.1.line) }
      if tooLong {
        let choose = context.periodOrigin.howToChoose
        sink.add(
          Judgement(
            .unverifiable, subject: name, anchor: span?.from,
            actual: Say.text(
              "审计期长 \(spanDays) 天，超过 \(CivilDate.centuryDays) 天（100 年）；\(choose.zh)",
              "the audit period spans \(spanDays) days, more than \(CivilDate.centuryDays) (100 years); \(choose.en)"
            )))
      } else if every != nil {
        judgePeriods(name, times, slots, context, into: &sink)
      }
      for judgement in judgeIntervals(name, times, calendar, context) { sink.add(judgement) }
    }
    return []
  }

  /// The periods every entity is judged over: from the audit period's start (or the earliest
  /// occurrence) to its end or the cut-off.
  private func reportedSpan(_ earliest: Timestamp?, _ context: EvaluationContext) -> (
    from: Timestamp, to: Timestamp
  )? {
    guard let from = context.periodStart ?? earliest else { return nil }
    return (from, min(context.periodEnd ?? context.asOf, max(context.asOf, from + 1)))
  }

  private func periodSlots(
    _ span: (from: Timestamp, to: Timestamp), _ every: Period, _ calendar: WorkCalendar,
    _ context: EvaluationContext
  ) -> [PeriodSlot] {
    PeriodCalendar(kind: every, calendar: calendar).slots(from: span.from, to: span.to).filter {
      context.inPeriod($0.start) || context.periodStart == nil
    }
  }

  private func judgePeriods(
    _ entity: String, _ times: [(Timestamp, Evidence)], _ slots: [PeriodSlot], _ context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    for slot in slots {
      // `times` is sorted: the slot's occurrences are one stretch of it, found by two searches
      // (linear in the slots, where filtering every occurrence per slot would be quadratic).
      let inside = times[times.firstIndex(notBefore: slot.start)..<times.firstIndex(notBefore: slot.end)]
      if inside.count >= atLeast {
        // Built only when the sink keeps passed judgements.
        sink.add(.passed, anchor: slot.start) {
          var judgement = Judgement(
            .passed, subject: entity, anchor: nil, actual: Say.met, evidence: inside.map(\.1),
            period: slot.label)
          judgement.anchor = slot.start
          return judgement
        }
        continue
      }
      var judgement: Judgement
      if slot.end > context.asOf {
        judgement = Judgement(
          .pending, subject: entity, anchor: nil,
          actual: Say.text("本期尚未结束，已有 \(inside.count) 次", "period not over, \(inside.count) so far"),
          evidence: inside.map(\.1), period: slot.label)
      } else {
        judgement = Judgement(
          .violated, subject: entity, anchor: nil,
          actual: Say.text(
            "本期仅 \(inside.count) 次，要求至少 \(atLeast) 次",
            "\(inside.count) in the period, at least \(atLeast) required"),
          evidence: inside.map(\.1), period: slot.label)
      }
      judgement.anchor = slot.start
      sink.add(judgement)
    }
  }

  private func judgeIntervals(
    _ entity: String, _ times: [(Timestamp, Evidence)], _ calendar: WorkCalendar, _ context: EvaluationContext
  ) -> [Judgement] {
    guard minInterval != nil || maxInterval != nil, let first = times.first else { return [] }
    var judgements: [Judgement] = []
    var previous = first
    for current in times.dropFirst() {
      let gap = DurationText.describe(milliseconds: current.0 - previous.0)
      let period = calendar.civilDate(of: current.0).description
      if let minInterval, current.0 < calendar.deadline(from: previous.0, adding: minInterval).due {
        judgements.append(
          Judgement(
            .violated, subject: entity, anchor: current.0,
            actual: Say.text("间隔 \(gap) 短于 \(minInterval)", "interval \(gap) shorter than \(minInterval)"),
            evidence: [previous.1, current.1], period: period))
      } else if let maxInterval, current.0 > calendar.deadline(from: previous.0, adding: maxInterval).due {
        judgements.append(
          Judgement(
            .violated, subject: entity, anchor: current.0,
            actual: Say.text("间隔 \(gap) 超过 \(maxInterval)", "interval \(gap) longer than \(maxInterval)"),
            evidence: [previous.1, current.1], period: period))
      } else {
        judgements.append(
          Judgement(
            .passed, subject: entity, anchor: current.0, actual: Say.met, evidence: [previous.1, current.1],
            period: period))
      }
      previous = current
    }
    if let maxInterval {
      let due = calendar.deadline(from: previous.0, adding: maxInterval)
      let period = calendar.civilDate(of: due.due).description
      if due.due <= context.asOf {
        var j = Judgement(
          .violated, subject: entity, anchor: due.due,
          actual: Say.text("自上次起超过 \(maxInterval) 未再发生", "none within \(maxInterval) of the last one"),
          evidence: [previous.1], period: period)
        j.attach(due, calendar: calendar)
        judgements.append(j)
      } else {
        var j = Judgement(
          .pending, subject: entity, anchor: previous.0, actual: Say.notYetDue(occurrence.description),
          evidence: [previous.1],
          period: period)
        j.attach(due, calendar: calendar)
        judgements.append(j)
      }
    }
    return judgements
  }
}

extension Array where Element == (Timestamp, Evidence) {
  /// The first position whose time is at or after `time` in an array sorted by time.
  fileprivate func firstIndex(notBefore time: Timestamp) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if self[middle].0 < time { low = middle + 1 } else { high = middle }
    }
    return low
  }
}

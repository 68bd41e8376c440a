import PolicyRules

/// A check judged one case at a time (deadline, response, precedence, …).
protocol CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink)
}

/// A check judged over all cases in scope at once (periodic, metric).
protocol PopulationCheckEvaluation {
  /// Puts the judgements into `sink` and returns the metric rows, if the check has any.
  func judge(
    _ views: [CaseView], rule: Rule, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) -> [MetricRow]
}

extension CaseView {
  /// The first matching event at or after `time`, else the first at all.
  func firstEvent(_ point: TimePoint, after time: Timestamp, _ context: EvaluationContext) -> ResolvedTime {
    guard case .event(let matcher, let occurrence) = point, occurrence == .first else {
      return resolve(point, context)
    }
    guard let event = first(matcher, where: { $0.time >= time }) ?? first(matcher) else { return .absent }
    return .at(event.time, .event(event))
  }
}

extension WorkCalendar {
  /// Whether `end` meets a computed due time. For limits in working time, an end after the due
  /// instant is still in time when no working time passed in between (a 12:00 call due at 18:00
  /// met at 09:00 the next working morning has used exactly its working hours).
  func meets(_ end: Timestamp, _ computation: DeadlineComputation) -> Bool {
    meets(end, due: computation.due, unit: computation.duration.unit)
  }

  /// `meets(_:_:)` for a due time counted in `unit` (without its derivation).
  func meets(_ end: Timestamp, due: Timestamp, unit: PolicyDuration.Unit) -> Bool {
    if end <= due { return true }
    switch unit {
    case .workingHours, .workingDays: return workingMilliseconds(from: due, to: end) == 0
    default: return false
    }
  }

  /// How late `end` is: working time for working-time limits, plain time otherwise.
  func lateness(_ end: Timestamp, _ computation: DeadlineComputation) -> Int64 {
    switch computation.duration.unit {
    case .workingHours, .workingDays: workingMilliseconds(from: computation.due, to: end)
    default: end - computation.due
    }
  }
}

import PolicyRules

/// A check judged one case at a time (deadline, response, precedence, …).
protocol CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
}

/// A check judged over all cases in scope at once (periodic, metric).
protocol PopulationCheckEvaluation {
  func judge(
    _ views: [CaseView], rule: Rule, calendar: WorkCalendar, context: EvaluationContext
  ) -> (judgements: [Judgement], rows: [MetricRow])
}

extension CaseView {
  /// The first matching event at or after `time`, else the first at all.
  func firstEvent(_ point: TimePoint, after time: Timestamp, _ context: EvaluationContext) -> ResolvedTime {
    guard case .event(let matcher, let occurrence) = point, occurrence == .first else {
      return resolve(point, context)
    }
    let matches = events(matcher)
    guard let event = matches.first(where: { $0.time >= time }) ?? matches.first else { return .absent }
    return .at(event.time, context.evidence(event))
  }
}

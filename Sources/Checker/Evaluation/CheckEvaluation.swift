import PolicyRules

/// A check judged one case at a time (deadline, response, precedence, …).
protocol CaseCheckEvaluation {
  /// The check bound to one record type: slots, ids and wordings (`RulePlan.swift`), plain
  /// values that reference nothing, so handing one to `judge` for every case costs nothing.
  associatedtype Plan: Sendable

  /// Binds the check to `binder.type`, before any case is judged.
  func plan(_ binder: inout PlanBinder) -> Plan

  /// Judges a case with the plan of its record type (`plans[view]`). The plan is looked up by
  /// the check's own code, where its type is known: done by generic code, it would look the
  /// plan's type up at run time for every case.
  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink)
}

/// A check judged over all cases in scope at once (periodic, metric).
protocol PopulationCheckEvaluation {
  /// As for `CaseCheckEvaluation.Plan`.
  associatedtype Plan: Sendable

  func plan(_ binder: inout PlanBinder) -> Plan

  /// Puts the judgements into `sink` and returns the metric rows, if the check has any. Each
  /// view is judged with the plan of its record type (`plans`).
  func judge(
    _ views: [CaseView], _ plans: PlansByType<Plan>, rule: Rule, calendar: WorkCalendar,
    context: EvaluationContext, into sink: inout JudgementSink
  ) -> [MetricRow]
}

/// A check's plan for each record type its rule applies to.
struct PlansByType<Plan: Sendable>: Sendable {
  /// By record type index; nil for the types the rule does not apply to.
  let plans: [Plan?]

  /// The plan of a view's type. Views reach a check only when the rule applies to their type,
  /// and every such type has a plan.
  @inline(__always)
  subscript(view: CaseView) -> Plan {
    guard let plan = plans[view.recordTypeIndex] else {
      preconditionFailure("a case of record type \(view.recordTypeIndex) reached a rule not bound to it")
    }
    return plan
  }
}

extension CaseView {
  /// The first matching event at or after `time`, else the first at all.
  func firstEvent(_ point: BoundPoint, after time: Timestamp, _ context: EvaluationContext) -> ResolvedTime {
    guard case .event(let matcher, false, _) = point else {
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
    case .workingHours, .workingDays: return !hasWorkingTime(from: due, to: end)
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

import PolicyRules

extension SequenceCheck: CaseCheckEvaluation {
  struct Plan {
    /// The steps' matchers, in `PlanTables.matchers`.
    let steps: BoundList
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(steps: binder.matchers(steps))
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    // Most cases pass: their steps' first events are found on the stack.
    let count = Int(plan.steps.count)
    guard count > 0, let start = view.first(view.matcher(plan.steps, 0)) else { return }
    // The buffer lives on this frame for the call; `EventRef?` is trivial, so nothing to deinitialize.
    withUnsafeTemporaryAllocation(of: EventRef?.self, capacity: count) { firsts in
      firsts.initialize(repeating: nil)
      firsts[0] = start
      for index in 1..<count { firsts[index] = view.first(view.matcher(plan.steps, index)) }
      judge(view, plan, start, UnsafeBufferPointer(firsts), context, into: &sink)
    }
  }

  private func judge(
    // `firsts`: the caller's temporary allocation, read during the call only.
    _ view: CaseView, _ plan: Plan, _ start: EventRef, _ firsts: UnsafeBufferPointer<EventRef?>,
    _ context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    func judgement(_ outcome: Outcome, _ actual: LocalizedText) -> Judgement {
      Judgement(
        outcome, subject: view.id, anchor: start.time, actual: actual,
        evidence: firsts.compactMap { $0 }.map(context.evidence))
    }
    func wording(_ index: Int) -> String { view.text(view.matcher(plan.steps, index).wording) }
    if complete {
      let missing = firsts.indices.filter { firsts[$0] == nil }.map(wording)
      if !missing.isEmpty {
        let names = missing.joined(separator: ", ")
        sink.add(judgement(.violated, Say.text("缺少步骤：\(names)", "missing steps: \(names)")))
        return
      }
    }
    var previous: Int? = nil
    for index in firsts.indices {
      guard let event = firsts[index] else { continue }
      if let earlier = previous, let earlierEvent = firsts[earlier], event.time < earlierEvent.time {
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(wording(index)) 早于 \(wording(earlier))", "\(wording(index)) before \(wording(earlier))")))
        return
      }
      previous = index
    }
    sink.add(.passed, anchor: start.time) { judgement(.passed, Say.met) }
  }
}

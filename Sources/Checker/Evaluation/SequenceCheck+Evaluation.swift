import PolicyRules

extension SequenceCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    // Most cases pass: their steps are found on the stack, and the steps are read in place
    // (a step copied out of the rule would retain its parts, which every worker shares).
    steps.withUnsafeBufferPointer { stepList in
      guard !stepList.isEmpty, let steps = stepList.baseAddress, let start = view.first(at: steps) else {
        return
      }
      withUnsafeTemporaryAllocation(of: EventRef?.self, capacity: stepList.count) { firsts in
        firsts.initialize(repeating: nil)
        for index in stepList.indices { firsts[index] = index == 0 ? start : view.first(at: steps + index) }
        judge(view, start, UnsafeBufferPointer(firsts), context, into: &sink)
      }
    }
  }

  private func judge(
    _ view: CaseView, _ start: EventRef, _ firsts: UnsafeBufferPointer<EventRef?>,
    _ context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    func judgement(_ outcome: Outcome, _ actual: LocalizedText) -> Judgement {
      Judgement(
        outcome, subject: view.id, anchor: start.time, actual: actual,
        evidence: firsts.compactMap { $0 }.map(context.evidence))
    }
    if complete {
      let missing = steps.indices.filter { firsts[$0] == nil }.map { view.lookups.wording(of: steps[$0]) }
      if !missing.isEmpty {
        let names = missing.joined(separator: ", ")
        sink.add(judgement(.violated, Say.text("缺少步骤：\(names)", "missing steps: \(names)")))
        return
      }
    }
    var previous: Int? = nil
    for index in steps.indices {
      guard let event = firsts[index] else { continue }
      if let earlier = previous, let earlierEvent = firsts[earlier], event.time < earlierEvent.time {
        let (step, earlierStep) = (steps[index], steps[earlier])
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(view.lookups.wording(of: step)) 早于 \(view.lookups.wording(of: earlierStep))",
              "\(view.lookups.wording(of: step)) before \(view.lookups.wording(of: earlierStep))")))
        return
      }
      previous = index
    }
    sink.add(.passed, anchor: start.time) { judgement(.passed, Say.met) }
  }
}

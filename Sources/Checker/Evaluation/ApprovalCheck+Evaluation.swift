import PolicyRules

extension ApprovalCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard let act = view.first(action) else { return }
    let requesterEvent = requester.flatMap { view.first($0) }
    let requesterResource = requester == nil ? act.resource : requesterEvent?.resource
    // Approvals of the levels judged so far, for the evidence (built only for kept judgements).
    var approved: [EventRef] = []
    func judgement(_ outcome: Outcome, _ actual: LocalizedText) -> Judgement {
      var evidence = [context.evidence(act)]
      if let requesterEvent { evidence.append(context.evidence(requesterEvent)) }
      evidence += approved.map(context.evidence)
      return Judgement(outcome, subject: view.id, anchor: act.time, actual: actual, evidence: evidence)
    }
    for level in levels {
      if let condition = level.condition {
        switch view.holds(condition) {
        case true: break
        case false: continue
        case nil:
          let names = condition.fieldNames.sorted().joined(separator: ", ")
          sink.add(judgement(.unverifiable, Say.missingField(names)))
          return
        }
      }
      let approvals = view.events(level.approval).filter { $0.time <= act.time }
      approved += approvals
      guard !approvals.isEmpty else {
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(act.activity) 前没有 \(view.lookups.wording(of: level.approval)) 审批",
              "no \(view.lookups.wording(of: level.approval)) before \(act.activity)")))
        return
      }
      if distinct {
        guard let requesterResource else {
          sink.add(judgement(.unverifiable, Say.missingField("resource")))
          return
        }
        let byOthers = approvals.contains { $0.resource != nil && $0.resource != requesterResource }
        // An approval without a resource might be by anyone: the check cannot tell (README: unverifiable).
        if !byOthers, approvals.contains(where: { $0.resource == nil }) {
          sink.add(judgement(.unverifiable, Say.missingField("resource")))
          return
        }
        if !byOthers {
          sink.add(
            judgement(
              .violated,
              Say.text(
                "审批人与申请人相同（\(requesterResource)）", "approved by the requester (\(requesterResource))")))
          return
        }
      }
    }
    sink.add(.passed, anchor: act.time) { judgement(.passed, Say.met) }
  }
}

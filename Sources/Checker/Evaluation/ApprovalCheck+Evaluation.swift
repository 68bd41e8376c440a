import PolicyRules

extension ApprovalCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    guard let act = view.first(action) else { return [] }
    var evidence = [context.evidence(act)]
    let requesterEvent = requester.flatMap { view.first($0) }
    if let requesterEvent { evidence.append(context.evidence(requesterEvent)) }
    let requesterResource = requester == nil ? act.resource : requesterEvent?.resource
    for level in levels {
      if let condition = level.condition {
        switch view.holds(condition) {
        case true: break
        case false: continue
        case nil:
          let names = condition.fieldNames.sorted().joined(separator: ", ")
          return [
            Judgement(
              .unverifiable, subject: view.id, anchor: act.time, actual: Say.missingField(names),
              evidence: evidence)
          ]
        }
      }
      let approvals = view.events(level.approval).filter { $0.time <= act.time }
      evidence += approvals.map(context.evidence)
      guard !approvals.isEmpty else {
        return [
          Judgement(
            .violated, subject: view.id, anchor: act.time,
            actual: Say.text(
              "\(act.activity) 前没有 \(level.approval.description) 审批",
              "no \(level.approval.description) before \(act.activity)"),
            evidence: evidence)
        ]
      }
      if distinct {
        guard let requesterResource else {
          return [
            Judgement(
              .unverifiable, subject: view.id, anchor: act.time, actual: Say.missingField("resource"),
              evidence: evidence)
          ]
        }
        let byOthers = approvals.contains { $0.resource != nil && $0.resource != requesterResource }
        // An approval without a resource might be by anyone: the check cannot tell (README: unverifiable).
        if !byOthers, approvals.contains(where: { $0.resource == nil }) {
          return [
            Judgement(
              .unverifiable, subject: view.id, anchor: act.time, actual: Say.missingField("resource"),
              evidence: evidence)
          ]
        }
        if !byOthers {
          return [
            Judgement(
              .violated, subject: view.id, anchor: act.time,
              actual: Say.text(
                "审批人与申请人相同（\(requesterResource)）", "approved by the requester (\(requesterResource))"),
              evidence: evidence)
          ]
        }
      }
    }
    return [Judgement(.passed, subject: view.id, anchor: act.time, actual: Say.met, evidence: evidence)]
  }
}

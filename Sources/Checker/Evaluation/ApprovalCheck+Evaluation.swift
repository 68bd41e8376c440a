import PolicyRules

extension ApprovalCheck: CaseCheckEvaluation {
  struct Plan {
    let action: BoundMatcher
    /// Per level, its condition (or none) in `PlanTables.programs` and its approval in
    /// `PlanTables.matchers`.
    let conditions: BoundList
    let approvals: BoundList
    let requester: BoundMatcher?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      action: binder.matcher(action), conditions: binder.programs(levels.map(\.condition)),
      approvals: binder.matchers(levels.map(\.approval)), requester: requester.map { binder.matcher($0) })
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    guard let act = view.first(plan.action) else { return }
    let requesterEvent = plan.requester.flatMap { view.first($0) }
    let requesterResource = requester == nil ? act.resource : requesterEvent?.resource
    // Approvals of the levels judged so far, for the evidence (built only for kept judgements).
    // Passed to `judgement`, not captured: a captured variable would be boxed on the heap (and its
    // accesses checked at run time) for every case.
    var approved: [EventRef] = []
    func judgement(_ outcome: Outcome, _ actual: LocalizedText, _ approved: [EventRef]) -> Judgement {
      var evidence = [context.evidence(act)]
      if let requesterEvent { evidence.append(context.evidence(requesterEvent)) }
      evidence += approved.map(context.evidence)
      return Judgement(outcome, subject: view.id, anchor: act.time, actual: actual, evidence: evidence)
    }
    for level in 0..<Int(plan.approvals.count) {
      let approval = view.matcher(plan.approvals, level)
      if let condition = view.tables.programs[Int(plan.conditions.start) + level] {
        switch view.holds(condition) {
        case true: break
        case false: continue
        case nil:
          let names = (levels[level].condition?.fieldNames.sorted() ?? []).joined(separator: ", ")
          sink.add(judgement(.unverifiable, Say.missingField(names), approved))
          return
        }
      }
      // Events come in time order: those up to the action are the first ones (no second list).
      var approvals = view.events(approval)
      if let later = approvals.firstIndex(where: { $0.time > act.time }) {
        approvals.removeSubrange(later...)
      }
      approved += approvals
      guard !approvals.isEmpty else {
        sink.add(
          judgement(
            .violated,
            Say.text(
              "\(act.activity) 前没有 \(view.text(approval.wording)) 审批",
              "no \(view.text(approval.wording)) before \(act.activity)"), approved))
        return
      }
      if distinct {
        guard let requesterResource else {
          sink.add(judgement(.unverifiable, Say.missingField("resource"), approved))
          return
        }
        let byOthers = approvals.contains { $0.resource != nil && $0.resource != requesterResource }
        // An approval without a resource might be by anyone: the check cannot tell (README: unverifiable).
        if !byOthers, approvals.contains(where: { $0.resource == nil }) {
          sink.add(judgement(.unverifiable, Say.missingField("resource"), approved))
          return
        }
        if !byOthers {
          sink.add(
            judgement(
              .violated,
              Say.text(
                "审批人与申请人相同（\(requesterResource)）", "approved by the requester (\(requesterResource))"),
              approved))
          return
        }
      }
    }
    sink.add(.passed, anchor: act.time) { judgement(.passed, Say.met, approved) }
  }
}

import PolicyRules

extension LeadCheck: CaseCheckEvaluation {
  func judge(_ view: CaseView, rule: Rule, calendar: WorkCalendar, context: EvaluationContext) -> [Judgement]
  {
    let targetTime: Timestamp
    var evidence: [Evidence] = []
    switch view.resolve(target, context) {
    case .absent: return []
    case .invalid(let field):
      return [Judgement(.unverifiable, subject: view.id, anchor: nil, actual: Say.missingField(field))]
    case .at(let t, let e):
      targetTime = t
      evidence.append(e)
    }
    let computation = calendar.latestStart(before: targetTime, leading: atLeast)
    let latest = computation.due
    var judgement: Judgement
    switch view.resolve(notice, context) {
    case .invalid(let field):
      judgement = Judgement(
        .unverifiable, subject: view.id, anchor: targetTime, actual: Say.missingField(field),
        evidence: evidence)
    case .at(let t, let e):
      evidence.insert(e, at: 0)
      judgement =
        t <= latest
        ? Judgement(.passed, subject: view.id, anchor: targetTime, actual: Say.met, evidence: evidence)
        : Judgement(
          .violated, subject: view.id, anchor: targetTime,
          actual: Say.text(
            "\(notice.description) 晚于最迟时间 \(DurationText.describe(milliseconds: t - latest))",
            "\(notice.description) \(DurationText.describe(milliseconds: t - latest)) after the latest allowed time"
          ),
          evidence: evidence)
    case .absent:
      judgement =
        latest > context.asOf
        ? Judgement(
          .pending, subject: view.id, anchor: targetTime, actual: Say.notYetDue(notice.description),
          evidence: evidence)
        : Judgement(
          .violated, subject: view.id, anchor: targetTime, actual: Say.noEvent(notice.description),
          evidence: evidence)
    }
    judgement.attach(computation, calendar: calendar)
    return [judgement]
  }
}

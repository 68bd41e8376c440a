import PolicyRules

extension TiersCheck: PopulationCheckEvaluation {
  struct Plan {
    let value: ExpressionProgram
    let repeatKey: ExpressionProgram?
    let subject: BoundField?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      value: binder.expression(value), repeatKey: repeatKey.map { binder.expression($0) },
      subject: subject.map { binder.field($0) })
  }

  func judge(
    _ views: [CaseView], _ plans: PlansByType<Plan>, rule: Rule, calendar: WorkCalendar,
    context: EvaluationContext, into sink: inout JudgementSink
  ) -> [MetricRow] {
    // Repeats per subject and key, in the order cases happened (S2-13: doubled each time).
    var repeats: [String: Int] = [:]
    // Closures below capture these rather than `self`, which would copy the check per case.
    let boundsAreDurations = boundsAreDurations
    func measure(_ view: CaseView) -> Double? {
      switch view.value(plans[view].value) {
      case .number(let n): boundsAreDurations ? nil : n
      case .duration(let ms): boundsAreDurations ? Double(ms) : Double(ms) / 60_000
      case .string(let s): boundsAreDurations ? nil : Double(s)
      default: nil
      }
    }
    func passed(_ view: CaseView, _ measured: Double) -> Judgement {
      let shown =
        boundsAreDurations
        ? DurationText.describe(milliseconds: Int64(measured)) : Value.number(measured).description
      return Judgement(
        .passed, subject: view.id, anchor: view.anchorTime,
        actual: Say.text("测得 \(shown)", "measured \(shown)"), evidence: [view.recordEvidence(context)])
    }
    // Cases that fall in no band are only counted unless the sink keeps passed judgements: they
    // need no place in the time order, so only the others are sorted. Sorted by (anchor, position): a total order, so the unstable sort gives
    // the stable order.
    var ordered: [(anchor: Int64, index: Int)] = []
    for position in views.indices {
      let view = views[position]
      guard view.existsAtCutOff else { continue }
      if !sink.keepsPassed, let measured = measure(view), band(for: measured) == nil {
        sink.add(.passed, anchor: view.anchorTime, caseIndex: view.index) { passed(view, measured) }
        continue
      }
      ordered.append((view.anchorTime?.milliseconds ?? .min, position))
    }
    ordered.sort { ($0.anchor, $0.index) < ($1.anchor, $1.index) }
    for (_, position) in ordered {
      let view = views[position]
      guard let measured = measure(view) else {
        let names = value.fieldNames.sorted().joined(separator: ", ")
        sink.add(
          Judgement(
            .unverifiable, subject: view.id, anchor: view.anchorTime, actual: Say.missingField(names),
            evidence: [view.recordEvidence(context)]))
        continue
      }
      let shown = {
        boundsAreDurations
          ? DurationText.describe(milliseconds: Int64(measured)) : Value.number(measured).description
      }
      guard let (index, band) = band(for: measured) else {
        sink.add(.passed, anchor: view.anchorTime, caseIndex: view.index) { passed(view, measured) }
        continue
      }
      var fine = band.fine
      var repeatNote = ("", "")
      let plan = plans[view]
      if let repeatKey = plan.repeatKey, case let key = view.value(repeatKey), !key.isNull,
        plan.subject.map({ !view.field($0).isNull }) ?? true
      {
        let who = plan.subject.map { view.field($0).description } ?? view.id
        let slot = "\(who)|\(key)"
        let count = repeats[slot, default: 0]
        repeats[slot] = count + 1
        if count > 0, let f = fine {
          fine = f * Double(1 << min(count, 20))
          repeatNote = ("（第 \(count + 1) 次重复，罚款加倍）", " (repeat \(count + 1), fine doubled)")
        }
      }
      let label = band.label.map { (" " + $0.zh, " " + $0.en) } ?? ("", "")
      var judgement = Judgement(
        .violated, subject: view.id, anchor: view.anchorTime,
        actual: Say.text(
          "测得 \(shown())，落入第 \(index + 1) 档\(label.0)\(repeatNote.0)",
          "measured \(shown()), band \(index + 1)\(label.1)\(repeatNote.1)"),
        evidence: [view.recordEvidence(context)])
      judgement.severity = band.severity
      judgement.fine = fine
      sink.add(judgement)
    }
    return []
  }
}

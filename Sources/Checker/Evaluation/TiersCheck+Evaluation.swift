import PolicyRules

extension TiersCheck: PopulationCheckEvaluation {
  func judge(
    _ views: [CaseView], rule: Rule, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) -> [MetricRow] {
    // Repeats per subject and key, in the order cases happened (S2-13: doubled each time).
    var repeats: [String: Int] = [:]
    // Sorted by (anchor, position): a total order, so the unstable sort gives the stable order.
    var ordered = views.indices.map { (anchor: views[$0].anchorTime?.milliseconds ?? .min, index: $0) }
    ordered.sort { ($0.anchor, $0.index) < ($1.anchor, $1.index) }
    // Closures below capture these rather than `self`: capturing the check copied it per case.
    let boundsAreDurations = boundsAreDurations
    for (_, position) in ordered {
      let view = views[position]
      guard view.existsAtCutOff else { continue }
      let measured: Double?
      switch value.evaluate(in: view) {
      case .number(let n): measured = boundsAreDurations ? nil : n
      case .duration(let ms): measured = boundsAreDurations ? Double(ms) : Double(ms) / 60_000
      case .string(let s): measured = boundsAreDurations ? nil : Double(s)
      default: measured = nil
      }
      guard let measured else {
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
        sink.add(.passed, anchor: view.anchorTime) {
          Judgement(
            .passed, subject: view.id, anchor: view.anchorTime,
            actual: Say.text("测得 \(shown())", "measured \(shown())"), evidence: [view.recordEvidence(context)]
          )
        }
        continue
      }
      var fine = band.fine
      var repeatNote = ("", "")
      if repeatKey != nil, let key = repeatKey?.evaluate(in: view), !key.isNull,
        subject.map({ !view.field($0).isNull }) ?? true
      {
        let who = subject.map { view.field($0).description } ?? view.id
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

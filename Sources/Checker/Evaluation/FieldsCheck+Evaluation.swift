import PolicyRules

extension FieldsCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard view.existsAtCutOff else { return }
    let anchor = view.anchorTime
    var needed = required
    for requirement in requiredWhen {
      switch view.holds(requirement.condition) {
      case true: needed += requirement.fields
      case false: break
      case nil:
        let names = requirement.condition.fieldNames.sorted().joined(separator: ", ")
        sink.add(view.recordJudgement(.unverifiable, Say.missingField(names), context))
        return
      }
    }
    var problems: [(zh: String, en: String)] = []
    var missing: [String] = []
    for name in needed {
      let value = view.field(name)
      if value.isNull || value.string.map(Self.isBlank) == true { missing.append(name) }
    }
    if !missing.isEmpty {
      let names = missing.joined(separator: ", ")
      problems.append(("缺少 \(names)", "missing \(names)"))
    }
    for (field, values) in allowed {
      let value = view.field(field)
      if !value.isNull, !values.contains(value.description) {
        problems.append(
          ("\(field)=\(value) 不在允许值内", "\(field)=\(value) is not one of \(values.joined(separator: ", "))"))
      }
    }
    // Patterns test the value as written: a phone or code typed as a number is matched by its text
    // (`matches` alone gives null on a number, which would let a bad value pass unseen).
    for (field, pattern, regex) in patterns
    where !view.field(field).isNull && regex.evaluate(in: FieldAsText(field: field, owner: view)).bool != true
    {
      problems.append(
        (
          "\(field)=\(view.field(field)) 格式不符 /\(pattern)/",
          "\(field)=\(view.field(field)) does not match /\(pattern)/"
        ))
    }
    if problems.isEmpty {
      sink.add(.passed, anchor: anchor) { view.recordJudgement(.passed, Say.met, context) }
      return
    }
    sink.add(
      view.recordJudgement(
        .violated,
        Say.text(problems.map(\.zh).joined(separator: "；"), problems.map(\.en).joined(separator: "; ")),
        context))
  }
}

extension FieldsCheck {
  /// Only whitespace. ASCII text is read byte by byte; other text by character, as before (a
  /// combining mark can join a space into a character that is not whitespace).
  static func isBlank(_ text: String) -> Bool {
    for byte in text.utf8 {
      guard byte < 0x80 else { return text.allSatisfy(\.isWhitespace) }
      guard byte == 0x20 || (0x09...0x0D).contains(byte) else { return false }
    }
    return true
  }
}

extension CaseView {
  /// Dates cases judged as a whole: the first event, or none for records without events.
  var anchorTime: Timestamp? { events.first?.time ?? allEvents.first?.time }

  func recordEvidence(_ context: EvaluationContext) -> Evidence {
    Evidence(label: recordType, time: anchorTime, source: source)
  }

  /// A judgement on the case as a whole: dated by `anchorTime`, the record as its evidence.
  func recordJudgement(_ outcome: Outcome, _ actual: LocalizedText, _ context: EvaluationContext) -> Judgement
  {
    Judgement(outcome, subject: id, anchor: anchorTime, actual: actual, evidence: [recordEvidence(context)])
  }
}

/// A case whose one field reads as its text, so a pattern can judge numbers and dates as written.
private struct FieldAsText: ExpressionScope {
  let field: String
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(_ name: String) -> Value {
    let value = owner.field(name)
    guard name == field, !value.isNull else { return value }
    if case .string = value { return value }
    return .string(value.description)
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
  func eventCount(_ activity: String) -> Int { owner.eventCount(activity) }
}

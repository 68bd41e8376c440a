import PolicyRules

extension FieldsCheck: CaseCheckEvaluation {
  func judge(
    _ view: CaseView, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    guard view.existsAtCutOff else { return }
    let anchor = view.anchorTime
    // The rule's lists are read in place, never copied out: their parts are shared by every
    // worker, and a copy would retain and release them per case.
    var extra: [String] = []
    for index in requiredWhen.indices {
      switch view.holds(requiredWhen[index].condition) {
      case true: extra += requiredWhen[index].fields
      case false: break
      case nil:
        let names = requiredWhen[index].condition.fieldNames.sorted().joined(separator: ", ")
        sink.add(view.recordJudgement(.unverifiable, Say.missingField(names), context))
        return
      }
    }
    // Field names are resolved to slots once per list and record type, each field is read
    // once, and the rule's lists are read in place.
    let type = view.recordTypeIndex
    var problems: [(zh: String, en: String)] = []
    var missing: [String] = []
    let requiredSlots = view.lookups.fieldSlots(of: required, type: type) { $0 }
    for index in requiredSlots.indices where Self.isMissing(view.field(at: requiredSlots[index])) {
      missing.append(required[index])
    }
    for name in extra where Self.isMissing(view.field(name)) { missing.append(name) }
    if !missing.isEmpty {
      let names = missing.joined(separator: ", ")
      problems.append(("缺少 \(names)", "missing \(names)"))
    }
    let allowedSlots = view.lookups.fieldSlots(of: allowed, type: type) { $0.field }
    allowed.withUnsafeBufferPointer { allowed in
      for index in allowedSlots.indices where allowedSlots[index] >= 0 {
        let stored = view.storedField(slot: Int(allowedSlots[index]))
        // A field holds few distinct texts: whether one is allowed is answered once per text and
        // worker rather than by comparing texts for every case. A text is its own description,
        // so the answer is the one below.
        if stored.tag == .string,
          let entry = allowedSlots.baseAddress.map({ UnsafeRawPointer($0 + index) }),
          view.lookups.answer(entry, text: stored.stringID, { allowed[index].values.contains($0) })
        {
          continue
        }
        let value = view.columns.value(stored)
        if !value.isNull, !allowed[index].values.contains(value.description) {
          let (field, values) = allowed[index]
          problems.append(
            ("\(field)=\(value) 不在允许值内", "\(field)=\(value) is not one of \(values.joined(separator: ", "))"))
        }
      }
    }
    // Patterns test the value as written: a phone or code typed as a number is matched by its text
    // (`matches` alone gives null on a number, which would let a bad value pass unseen).
    let patternSlots = view.lookups.fieldSlots(of: patterns, type: type) { $0.field }
    patterns.withUnsafeBufferPointer { patterns in
      for index in patternSlots.indices {
        let value = view.field(at: patternSlots[index])
        guard !value.isNull else { continue }
        // The field's text is matched directly when the pattern is only that (always, as the
        // check builds it); the expression is walked otherwise.
        let text = value.string ?? value.description
        let matched =
          patterns[index].regex.matches(field: patterns[index].field, text: text)
          ?? (patterns[index].regex.evaluate(
            in: FieldAsText(field: patterns[index].field, value: value, owner: view)
          )
          .bool == true)
        guard !matched else { continue }
        let (field, pattern) = (patterns[index].field, patterns[index].pattern)
        problems.append(
          ("\(field)=\(value) 格式不符 /\(pattern)/", "\(field)=\(value) does not match /\(pattern)/"))
      }
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
  /// Null, or text that is only whitespace.
  static func isMissing(_ value: Value) -> Bool {
    value.isNull || value.string.map(isBlank) == true
  }

  /// Only whitespace. ASCII text is read byte by byte; other text by character (a combining
  /// mark can join a space into a character that is not whitespace).
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
/// The field's value is the one the check already read.
private struct FieldAsText: ExpressionScope {
  let field: String
  let value: Value
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(_ name: String) -> Value {
    guard name == field else { return owner.field(name) }
    guard !value.isNull else { return value }
    if case .string = value { return value }
    return .string(value.description)
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
  func eventCount(_ activity: String) -> Int { owner.eventCount(activity) }
}

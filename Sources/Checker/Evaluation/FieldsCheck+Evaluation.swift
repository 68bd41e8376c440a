import PolicyRules

extension FieldsCheck: CaseCheckEvaluation {
  /// Lists are positions in the `PlanTables`: slots of `required`, `allowed` and `patterns`
  /// (`slots`), the `required_when` conditions (`programs`) with their fields' slots (`lists`
  /// of `slots`), and the patterns (`regexes`).
  struct Plan {
    let required: BoundList
    let conditions: BoundList
    let conditionalFields: BoundList
    let allowed: BoundList
    let patternSlots: BoundList
    let patterns: BoundList
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    let fieldLists = requiredWhen.map { binder.slots($0.fields) }
    return Plan(
      required: binder.slots(required), conditions: binder.programs(requiredWhen.map(\.condition)),
      conditionalFields: binder.lists(fieldLists), allowed: binder.slots(allowed.map(\.field)),
      patternSlots: binder.slots(patterns.map(\.field)),
      patterns: binder.regexes(patterns.map { $0.regex.pattern(onField: $0.field) }))
  }

  func judge(
    _ view: CaseView, _ plans: PlansByType<Plan>, calendar: WorkCalendar, context: EvaluationContext,
    into sink: inout JudgementSink
  ) {
    let plan = plans[view]
    guard view.existsAtCutOff else { return }
    let anchor = view.anchorTime
    let tables = view.tables
    var missing: [String] = []
    for index in 0..<Int(plan.conditions.count) {
      guard let condition = tables.programs[Int(plan.conditions.start) + index] else { continue }
      switch view.holds(condition) {
      case true:
        let fields = tables.lists[Int(plan.conditionalFields.start) + index]
        for (k, position) in fields.positions.enumerated()
        where Self.isMissing(view.field(at: tables.slots[position])) {
          missing.append(requiredWhen[index].fields[k])
        }
      case false: break
      case nil:
        let names = requiredWhen[index].condition.fieldNames.sorted().joined(separator: ", ")
        sink.add(view.recordJudgement(.unverifiable, Say.missingField(names), context))
        return
      }
    }
    // Required fields first, then those the conditions add, as the rule lists them.
    var problems: [(zh: String, en: String)] = []
    var missingRequired: [String] = []
    for (index, position) in plan.required.positions.enumerated()
    where Self.isMissing(view.field(at: tables.slots[position])) {
      missingRequired.append(required[index])
    }
    missing = missingRequired + missing
    if !missing.isEmpty {
      let names = missing.joined(separator: ", ")
      problems.append(("缺少 \(names)", "missing \(names)"))
    }
    for (index, position) in plan.allowed.positions.enumerated() where tables.slots[position] >= 0 {
      let stored = view.storedField(slot: Int(tables.slots[position]))
      // A field holds few distinct texts: whether one is allowed is answered once per text and
      // worker rather than by comparing texts for every case. A text is its own description,
      // so the answer is the one below. The entry's position in the plan's slots identifies it.
      if stored.tag == .string,
        view.lookups.answer(Int32(position), text: stored.stringID, { allowed[index].values.contains($0) })
      {
        continue
      }
      let value = stored.value(view.table.strings)
      if !value.isNull, !allowed[index].values.contains(value.description) {
        let (field, values) = allowed[index]
        problems.append(
          ("\(field)=\(value) 不在允许值内", "\(field)=\(value) is not one of \(values.joined(separator: ", "))"))
      }
    }
    // Patterns test the value as written: a phone or code typed as a number is matched by its text
    // (`matches` alone gives null on a number, which would let a bad value pass unseen).
    for (index, position) in plan.patternSlots.positions.enumerated() {
      let value = view.field(at: tables.slots[position])
      guard !value.isNull else { continue }
      // The field's text is matched directly when the pattern is only that (always, as the
      // check builds it); the expression is walked otherwise.
      let text = value.string ?? value.description
      let regex = tables.regexes[Int(plan.patterns.start) + index]
      let matched =
        regex >= 0
        ? tables.code.regexes[Int(regex)].matches(text)
        : patterns[index].regex.evaluate(
          in: FieldAsText(field: patterns[index].field, value: value, owner: view)
        ).bool == true
      guard !matched else { continue }
      let (field, pattern) = (patterns[index].field, patterns[index].pattern)
      problems.append(
        ("\(field)=\(value) 格式不符 /\(pattern)/", "\(field)=\(value) does not match /\(pattern)/"))
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

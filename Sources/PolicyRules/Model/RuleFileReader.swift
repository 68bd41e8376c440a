/// Reads one rule file (`schema: 1`, `rules: [...]`) into rules; every problem is collected.
public enum RuleFileReader {
  /// The rule-language version this build reads.
  public static let schemaVersion = 1

  static let fileKeys = ["schema", "domain", "rules"]
  static let ruleKeys = [
    "id", "title", "message", "clause", "severity", "penalty", "tags", "valid", "parameters", "scope",
    "calendar", "check", "examples",
  ]
  static let clauseKeys = ["id", "file", "document", "article", "quote"]

  public static func read(_ document: YAMLDocument, profile: SiteProfile?, context: RuleReadContext) -> [Rule]
  {
    guard let root = document.root,
      let file = context.mapping(root, "rule file", allowed: fileKeys)
    else { return [] }
    if let s = context.required(file, "schema", in: "rule file"), let version = context.integer(s, "schema") {
      if version != schemaVersion {
        context.error(
          "unsupported schema version \(version); this policy-check reads version \(schemaVersion)",
          at: s.mark)
        return []
      }
    }
    guard let rulesNode = context.required(file, "rules", in: "rule file") else { return [] }
    guard case .sequence(let items) = rulesNode else {
      context.error("rules must be a list, found \(rulesNode.kindDescription)", at: rulesNode.mark)
      return []
    }
    return items.items.compactMap { readRule($0, path: document.path, profile: profile, context) }
  }

  static func readRule(_ node: YAMLNode, path: String, profile: SiteProfile?, _ context: RuleReadContext)
    -> Rule?
  {
    guard let m = context.mapping(node, "rule", allowed: ruleKeys) else { return nil }
    let id = context.required(m, "id", in: "rule").flatMap { context.string($0, "rule id") }
    if let id, let idNode = m["id"], !isValidID(id) {
      context.error("rule id '\(id)' may contain only letters, digits, '-', '_' and '.'", at: idNode.mark)
    }
    let title = context.required(m, "title", in: "rule").flatMap { context.localized($0, "title") }
    let message = context.required(m, "message", in: "rule").flatMap { context.localized($0, "message") }
    context.nameMarks = [:]
    let clause = context.required(m, "clause", in: "rule").flatMap { readClause($0, context) }
    let clauseMarks = context.nameMarks
    let severity = context.required(m, "severity", in: "rule").flatMap {
      context.choice($0, "severity", Severity.self)
    }
    let penalty = m["penalty"].flatMap { readPenalty($0, context) }
    let tags = m["tags"].map { context.strings($0, "tags") } ?? []
    var validFrom: CivilDate?
    var validTo: CivilDate?
    if let v = m["valid"], let vm = context.mapping(v, "valid", allowed: ["from", "to"]) {
      validFrom = vm["from"].flatMap { context.date($0, "valid.from") }
      validTo = vm["to"].flatMap { context.date($0, "valid.to") }
    }
    // Parameters first: the scope and check refer to them.
    var parameters: [String: RuleParameter] = [:]
    if let p = m["parameters"] { parameters = readParameters(p, context) }
    if let profile, let id { parameters = profile.apply(to: parameters, ruleID: id) }
    context.parameters = parameters
    context.usedParameters = []
    context.nameMarks = [:]
    let scope = m["scope"].flatMap { RuleScope.read($0, context) } ?? RuleScope()
    var calendar: String?
    if let c = m["calendar"], let name = context.string(c, "calendar") {
      calendar = name
      context.calendarReferences.append((name, c.mark))
    }
    let check = context.required(m, "check", in: "rule").flatMap { CheckKinds.read($0, context) }
    // Names of the scope and check first: a clause text never hides where an activity is written.
    let nameMarks = context.nameMarks.merging(clauseMarks) { scope, _ in scope }
    let used = context.usedParameters.sorted()
    for name in parameters.keys.sorted() where !used.contains(name) {
      if let p = m["parameters"]?.mapping?.entry(name) {
        context.diagnostics.warning("parameter '\(name)' is never used", at: p.key.mark)
      }
    }
    var examples: [RuleExample] = []
    if let e = m["examples"] {
      examples = context.list(e, "examples").enumerated().compactMap {
        RuleExample.read($1, index: $0, context)
      }
    }
    guard let id, let title, let message, let clause, let severity, let check else { return nil }
    return Rule(
      id: id, title: title, message: message, clause: clause, severity: severity, penalty: penalty,
      tags: tags,
      validFrom: validFrom, validTo: validTo, parameters: parameters, usedParameters: used, scope: scope,
      calendar: calendar, check: check, examples: examples, file: path, mark: m.mark, nameMarks: nameMarks)
  }

  static func isValidID(_ id: String) -> Bool {
    !id.isEmpty
      && id.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
      }
  }

  static func readClause(_ node: YAMLNode, _ context: RuleReadContext) -> ClauseReference? {
    guard let m = context.mapping(node, "clause", allowed: clauseKeys) else { return nil }
    let values = clauseKeys.map { key in
      context.required(m, key, in: "clause").flatMap { context.string($0, "clause.\(key)") }
    }
    guard values.allSatisfy({ $0 != nil }) else { return nil }
    return ClauseReference(
      id: values[0]!, file: values[1]!, document: values[2]!, article: values[3]!, quote: values[4]!)
  }

  static func readPenalty(_ node: YAMLNode, _ context: RuleReadContext) -> Penalty? {
    guard
      let m = context.mapping(node, "penalty", allowed: ["amount", "currency", "per", "doubled_on_repeat"]),
      let amount = context.required(m, "amount", in: "penalty").flatMap({
        context.number($0, "penalty.amount")
      })
    else { return nil }
    let currency = m["currency"].flatMap { context.string($0, "penalty.currency") } ?? "CNY"
    var perOccurrence = true
    if let per = m["per"], let text = context.string(per, "penalty.per") {
      switch text {
      case "occurrence": perOccurrence = true
      case "period": perOccurrence = false
      default: context.error("penalty.per must be occurrence or period, found '\(text)'", at: per.mark)
      }
    }
    let doubled = m["doubled_on_repeat"].flatMap { context.bool($0, "penalty.doubled_on_repeat") } ?? false
    return Penalty(amount: amount, currency: currency, perOccurrence: perOccurrence, doubledOnRepeat: doubled)
  }

  /// `name: {value: 30m, assumed: true, description: {zh:, en:}}` or `name: 30m` (written in the text).
  static func readParameters(_ node: YAMLNode, _ context: RuleReadContext) -> [String: RuleParameter] {
    guard let m = context.mapping(node, "parameters", allowed: node.mapping?.keys ?? []) else { return [:] }
    var result: [String: RuleParameter] = [:]
    for entry in m.entries {
      let name = entry.key.value
      let what = "parameter '\(name)'"
      if let s = entry.value.scalar {
        guard !s.isNull else {
          context.error("\(what) needs a value", at: entry.value.mark)
          continue
        }
        result[name] = RuleParameter(name: name, value: .init(parsing: s.value), origin: .text)
        continue
      }
      guard let pm = context.mapping(entry.value, what, allowed: ["value", "assumed", "description"]),
        let v = context.required(pm, "value", in: what), let text = context.string(v, "\(what).value")
      else { continue }
      let assumed = pm["assumed"].flatMap { context.bool($0, "\(what).assumed") } ?? false
      let description = pm["description"].flatMap { context.localized($0, "\(what).description") }
      let value = RuleParameter.ParameterValue(parsing: text)
      if text.first?.isNumber == true, case .text = value {
        context.error("\(what) value '\(text)' is neither a duration nor a number", at: v.mark)
      }
      result[name] = RuleParameter(
        name: name, value: value, origin: assumed ? .assumed : .text, description: description)
    }
    return result
  }
}

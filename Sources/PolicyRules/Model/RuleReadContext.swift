/// Typed reading of YAML nodes for one file: every accessor reports problems at the node's mark
/// and keeps going, so all problems of a file are collected in one run.
///
/// A class because every part of a rule file is read through the same diagnostics and the same
/// parameter table; it never leaves the loading of one file.
public final class RuleReadContext {
  public var diagnostics: DiagnosticBag
  /// Parameters visible to the rule being read (after site-profile overrides).
  public var parameters: [String: RuleParameter] = [:]
  /// Parameters the rule being read has used so far (to report assumed thresholds).
  public var usedParameters: Set<String> = []
  /// Calendars named by rules, checked once every calendar is loaded.
  public var calendarReferences: [(name: String, mark: SourceMark)] = []
  /// Where each name of the rule being read is first written (activities, fields, record types),
  /// so that checks against a dataset can point at it (`Rule.nameMarks`).
  public var nameMarks: [String: SourceMark] = [:]

  public init(path: String) { diagnostics = DiagnosticBag(path: path) }

  public func error(_ message: String, at mark: SourceMark) { diagnostics.error(message, at: mark) }

  // MARK: - Structure

  /// The node as a mapping whose keys are all in `allowed`; unknown keys are reported with a suggestion.
  public func mapping(_ node: YAMLNode, _ what: String, allowed: [String]) -> YAMLMapping? {
    guard let mapping = node.mapping else {
      error("\(what) must be a mapping, found \(node.kindDescription)", at: node.mark)
      return nil
    }
    for entry in mapping.entries where !allowed.contains(entry.key.value) {
      error(
        "unknown key '\(entry.key.value)' in \(what)"
          + (mapping.strayCommaHint(entry) ?? Suggestions.didYouMean(entry.key.value, in: allowed)),
        at: entry.key.mark)
    }
    return mapping
  }

  /// The value of a key that must be present.
  public func required(_ mapping: YAMLMapping, _ key: String, in what: String) -> YAMLNode? {
    if let node = mapping[key] { return node }
    error("missing required key '\(key)' in \(what)", at: mapping.mark)
    return nil
  }

  /// The items of a list; a single scalar is accepted as a one-item list.
  public func list(_ node: YAMLNode, _ what: String) -> [YAMLNode] {
    switch node {
    case .sequence(let s): return s.items
    case .scalar(let s) where s.isNull:
      error("\(what) must not be empty", at: node.mark)
      return []
    case .scalar: return [node]
    case .mapping:
      error("\(what) must be a list, found a mapping", at: node.mark)
      return []
    }
  }

  // MARK: - Scalars

  public func string(_ node: YAMLNode, _ what: String) -> String? {
    guard let scalar = node.scalar else {
      error("\(what) must be a string, found \(node.kindDescription)", at: node.mark)
      return nil
    }
    if scalar.isNull {
      error("\(what) must not be empty", at: node.mark)
      return nil
    }
    if nameMarks[scalar.value] == nil { nameMarks[scalar.value] = scalarMark(node, offset: 0) }
    return scalar.value
  }

  public func strings(_ node: YAMLNode, _ what: String) -> [String] {
    list(node, what).compactMap { string($0, what) }
  }

  /// Only `true` and `false` are booleans.
  public func bool(_ node: YAMLNode, _ what: String) -> Bool? {
    guard let scalar = node.scalar, scalar.isPlain, scalar.value == "true" || scalar.value == "false" else {
      error("\(what) must be true or false", at: node.mark)
      return nil
    }
    return scalar.value == "true"
  }

  public func number(_ node: YAMLNode, _ what: String) -> Double? {
    guard let scalar = node.scalar, scalar.isPlain, let value = Double(scalar.value), value.isFinite else {
      error("\(what) must be a number", at: node.mark)
      return nil
    }
    return value
  }

  public func integer(_ node: YAMLNode, _ what: String, minimum: Int = 0) -> Int? {
    guard let scalar = node.scalar, scalar.isPlain, let value = Int(scalar.value) else {
      error("\(what) must be a whole number", at: node.mark)
      return nil
    }
    guard value >= minimum else {
      error("\(what) must be at least \(minimum)", at: node.mark)
      return nil
    }
    return value
  }

  /// One of a closed set of words, with a suggestion when misspelt.
  public func choice<T: RawRepresentable>(_ node: YAMLNode, _ what: String, _ type: T.Type) -> T?
  where T: CaseIterable, T.RawValue == String {
    guard var text = string(node, what) else { return nil }
    if text.hasPrefix("$") {
      guard let resolved = parameterText(text, at: node) else { return nil }
      text = resolved
    }
    if let value = T(rawValue: text) { return value }
    let names = T.allCases.map(\.rawValue)
    error(
      "\(what) must be one of \(names.joined(separator: ", ")), found '\(text)'\(Suggestions.didYouMean(text, in: names))",
      at: node.mark)
    return nil
  }

  /// `YYYY-MM-DD`.
  public func date(_ node: YAMLNode, _ what: String) -> CivilDate? {
    guard let text = string(node, what) else { return nil }
    if let date = CivilDate(parsing: text) { return date }
    error("\(what) must be a date YYYY-MM-DD, found '\(text)'", at: node.mark)
    return nil
  }

  /// `{zh: …, en: …}`; both languages are required.
  public func localized(_ node: YAMLNode, _ what: String) -> LocalizedText? {
    guard let m = mapping(node, what, allowed: ["zh", "en"]) else { return nil }
    let zh = required(m, "zh", in: what).flatMap { string($0, "\(what).zh") }
    let en = required(m, "en", in: what).flatMap { string($0, "\(what).en") }
    guard let zh, let en else { return nil }
    return LocalizedText(zh: zh, en: en)
  }

  // MARK: - Rule-language values

  /// The parameter a `$name` reference names (marking it used), or an error at the node.
  public func parameter(_ reference: String, at node: YAMLNode) -> RuleParameter? {
    let name = String(reference.dropFirst())
    guard let parameter = parameters[name] else {
      error(
        "undefined parameter '$\(name)'\(Suggestions.didYouMean(name, in: parameters.keys.sorted()))",
        at: node.mark)
      return nil
    }
    usedParameters.insert(name)
    return parameter
  }

  /// The text of a `$name` parameter (marking it used), or an error at the node.
  public func parameterText(_ reference: String, at node: YAMLNode) -> String? {
    parameter(reference, at: node)?.value.description
  }

  /// A duration written in place (`2 working days`) or as a parameter (`$immediate`).
  public func duration(_ node: YAMLNode, _ what: String) -> PolicyDuration? {
    guard let text = string(node, what) else { return nil }
    if text.hasPrefix("$") {
      guard let parameter = parameter(text, at: node) else { return nil }
      guard case .duration(let d) = parameter.value else {
        error("parameter '\(text)' is not a duration", at: node.mark)
        return nil
      }
      return d
    }
    switch PolicyDuration.parse(text) {
    case .success(let d): return d
    case .failure(let e):
      error("invalid duration '\(text)': \(e.message)", at: scalarMark(node, offset: e.offset))
      return nil
    }
  }

  /// An expression, parsed and type-checked now; errors point inside the expression.
  public func expression(_ node: YAMLNode, _ what: String) -> Expression? {
    guard let text = string(node, what) else { return nil }
    var values: [String: Value] = [:]
    for (name, parameter) in parameters { values[name] = parameter.value.expressionValue }
    switch Expression.parse(text, parameters: values) {
    case .success(let expression):
      for name in parameters.keys where text.contains("$" + name) { usedParameters.insert(name) }
      for name in expression.fieldNames.union(expression.activityNames) where nameMarks[name] == nil {
        if let offset = Self.offset(ofName: name, in: text) {
          nameMarks[name] = scalarMark(node, offset: offset)
        }
      }
      return expression
    case .failure(let e):
      error("invalid expression: \(e.message)", at: scalarMark(node, offset: e.offset))
      return nil
    }
  }

  /// The offset (in Unicode scalars) of the first occurrence of `name` in `text` that is not part
  /// of a longer name, or nil.
  static func offset(ofName name: String, in text: String) -> Int? {
    let scalars = Array(text.unicodeScalars)
    let wanted = Array(name.unicodeScalars)
    guard !wanted.isEmpty, wanted.count <= scalars.count else { return nil }
    func isNamePart(_ s: Unicode.Scalar) -> Bool {
      s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
    }
    for start in 0...(scalars.count - wanted.count)
    where scalars[start..<start + wanted.count].elementsEqual(wanted) {
      let before = start > 0 ? scalars[start - 1] : nil
      let after = start + wanted.count < scalars.count ? scalars[start + wanted.count] : nil
      if before.map(isNamePart) != true && after.map(isNamePart) != true { return start }
    }
    return nil
  }

  /// The mark `offset` scalars into a scalar's text: exact for plain and single-line quoted scalars.
  func scalarMark(_ node: YAMLNode, offset: Int) -> SourceMark {
    guard let scalar = node.scalar else { return node.mark }
    switch scalar.style {
    case .plain: return scalar.mark.advanced(by: offset)
    case .singleQuoted, .doubleQuoted: return scalar.mark.advanced(by: offset + 1)
    case .literal, .folded: return scalar.mark
    }
  }
}

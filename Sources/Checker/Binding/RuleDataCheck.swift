import PolicyRules

/// A name of a rule found in the dataset: which of the rule's record types have it.
public struct ResolvedName: Sendable, Hashable {
  public var use: NameUse
  /// Record types of the rule's scope whose cases carry the name (by `DatasetSchema` order).
  public var recordTypes: [String]
}

/// A name of a rule the dataset lacks within the rule's scope.
public struct UnresolvedName: Sendable, Hashable {
  public var use: NameUse
  /// Record types outside the rule's scope that do have it (the rule can never see it there).
  public var presentIn: [String]
  /// The data's closest name of the same kind within the scope, when one is a plausible typo.
  public var suggestion: String?
}

/// One rule bound to a dataset: the record types it applies to and every name it uses, resolved
/// or not. This is the seed of the plan evaluators will read (names become slots once, before
/// evaluation); today evaluation still looks names up itself.
public struct RuleBinding: Sendable {
  public var ruleID: String
  /// The dataset's record types the rule's scope selects (every type when it names none).
  public var recordTypes: [String]
  public var resolved: [ResolvedName]
  public var unresolved: [UnresolvedName]
}

/// The rules of an audit bound to its dataset, with a warning for every name that cannot be
/// resolved (`file:line:column: warning: rule 'X': activity 'feedbak' (check.end) never occurs in
/// the data; did you mean 'feedback'?`).
public struct DataBinding: Sendable {
  public var rules: [RuleBinding]
  public var diagnostics: [Diagnostic]
}

/// Compares what each rule needs with what the dataset has, before evaluating: record types in
/// `scope.record`, activities of every event matcher and of `has("…")`-style calls, and fields
/// (expressions, `by:` tiers, `group`, `entity`, timestamp fields, `due_field`, required fields).
/// A name is looked for in the record types the rule applies to; one missing there but present
/// in other types is still reported, naming them. Runs once per rule, never per case.
public enum RuleDataCheck {
  /// Names every event matcher's `where` may read without a field of that name.
  static let eventNames: Set<String> = ["resource", "actor"]

  /// Binds every rule; data without a single case has no names to hold the rules against, so it
  /// gives no warnings (the reports show 0 cases and every rule as not exercised).
  public static func bind(_ rules: [Rule], to schema: DatasetSchema) -> DataBinding {
    var bindings: [RuleBinding] = []
    var diagnostics: [Diagnostic] = []
    for rule in rules {
      let binding = bind(rule, to: schema)
      bindings.append(binding)
      guard !schema.recordTypes.isEmpty else { continue }
      diagnostics += binding.unresolved.map { diagnostic($0, rule: rule, schema: schema) }
    }
    return DataBinding(rules: bindings, diagnostics: diagnostics)
  }

  public static func bind(_ rule: Rule, to schema: DatasetSchema) -> RuleBinding {
    let uses = RuleNames.uses(of: rule)
    var seen: Set<NameUse> = []
    var resolved: [ResolvedName] = []
    var unresolved: [UnresolvedName] = []
    let allTypes = schema.recordTypes.map(\.name)
    let knownScopeTypes = rule.scope.recordTypes.filter { allTypes.contains($0) }
    for use in uses where use.kind == .recordType && !allTypes.contains(use.name) {
      unresolved.append(
        UnresolvedName(
          use: use, presentIn: [], suggestion: Suggestions.closest(to: use.name, in: allTypes)))
    }
    let inScope = schema.types(named: rule.scope.recordTypes.isEmpty ? [] : knownScopeTypes)
    // A scope that names only types the data lacks selects nothing: its other names cannot be
    // judged, and the record type is what to fix.
    if !rule.scope.recordTypes.isEmpty && knownScopeTypes.isEmpty {
      return RuleBinding(ruleID: rule.id, recordTypes: [], resolved: [], unresolved: unresolved)
    }
    let outOfScope = schema.recordTypes.filter { type in !inScope.contains { $0.name == type.name } }
    for use in uses where use.kind != .recordType {
      // One verdict per name and kind: a name used in several places is reported once.
      if use.onEvent && eventNames.contains(use.name) { continue }
      guard seen.insert(NameUse(use.kind, use.name, role: "")).inserted else { continue }
      let having = inScope.filter { names(of: $0, use.kind).contains(use.name) }.map(\.name)
      if !having.isEmpty {
        resolved.append(ResolvedName(use: use, recordTypes: having))
        continue
      }
      let candidates = inScope.flatMap { names(of: $0, use.kind) }.sorted()
      unresolved.append(
        UnresolvedName(
          use: use,
          presentIn: outOfScope.filter { names(of: $0, use.kind).contains(use.name) }.map(\.name),
          suggestion: Suggestions.closest(to: use.name, in: candidates)))
    }
    return RuleBinding(
      ruleID: rule.id, recordTypes: inScope.map(\.name), resolved: resolved, unresolved: unresolved)
  }

  private static func names(of type: DatasetSchema.RecordType, _ kind: NameUse.Kind) -> Set<String> {
    switch kind {
    case .activity: type.activities
    case .field: type.fields
    case .recordType: [type.name]
    }
  }

  /// The warning for one unresolved name, at the place the rule writes it.
  static func diagnostic(_ name: UnresolvedName, rule: Rule, schema: DatasetSchema) -> Diagnostic {
    let use = name.use
    let what = "\(use.kind.rawValue) '\(use.name)' (\(use.role))"
    var message: String
    switch use.kind {
    case .recordType:
      let types = schema.recordTypes.map(\.name)
      message =
        "rule '\(rule.id)': \(what) matches no records in the data "
        + "(record types: \(types.isEmpty ? "none" : types.joined(separator: ", ")))"
    case .activity, .field:
      let verb = use.kind == .activity ? "never occurs in" : "is not in"
      if name.presentIn.isEmpty {
        message = "rule '\(rule.id)': \(what) \(verb) the data"
      } else {
        let scope = rule.scope.recordTypes.filter { t in schema.recordTypes.contains { $0.name == t } }
        message =
          "rule '\(rule.id)': \(what) \(verb) records of type \(scope.joined(separator: ", ")) "
          + "(only in \(name.presentIn.joined(separator: ", ")))"
      }
    }
    if let suggestion = name.suggestion { message += "; did you mean '\(suggestion)'?" }
    return Diagnostic(
      path: rule.file, mark: rule.nameMarks[use.name] ?? rule.mark, severity: .warning, message: message)
  }
}

/// A site's own values for rule parameters, applied without editing rules.
///
/// ```yaml
/// profile: example-site
/// parameters: {immediate: 15m}                   # every rule with a parameter of that name
/// rules: {S0-11-loss-report: {immediate: 10m}}     # one rule
/// ```
public struct SiteProfile: Sendable {
  public var name: String
  public var path: String
  public var parameters: [String: RuleParameter.ParameterValue]
  public var ruleParameters: [String: [String: RuleParameter.ParameterValue]]
  /// Where each key was written: `name` for global parameters, `rule` and `rule.name` for per-rule ones.
  public var marks: [String: SourceMark] = [:]

  /// Keys that name no rule or no parameter of the loaded rules: a typo would silently do nothing.
  public func unusedKeys(_ rules: [Rule]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let allNames = Set(rules.flatMap { $0.parameters.keys })
    for name in parameters.keys.sorted() where !allNames.contains(name) {
      diagnostics.append(
        Diagnostic(
          path: path, mark: marks[name], severity: .warning,
          message: "no rule has a parameter '\(name)'\(Suggestions.didYouMean(name, in: allNames.sorted()))"))
    }
    for id in ruleParameters.keys.sorted() {
      guard let rule = rules.first(where: { $0.id == id }) else {
        diagnostics.append(
          Diagnostic(
            path: path, mark: marks[id], severity: .warning,
            message: "no rule with id '\(id)'\(Suggestions.didYouMean(id, in: rules.map(\.id)))"))
        continue
      }
      for name in ruleParameters[id, default: [:]].keys.sorted() where rule.parameters[name] == nil {
        diagnostics.append(
          Diagnostic(
            path: path, mark: marks["\(id).\(name)"], severity: .warning,
            message:
              "rule '\(id)' has no parameter '\(name)'\(Suggestions.didYouMean(name, in: rule.parameters.keys.sorted()))"
          ))
      }
    }
    return diagnostics
  }

  /// The rule's parameters with the profile's values in force (marked `.profile`).
  public func apply(to parameters: [String: RuleParameter], ruleID: String) -> [String: RuleParameter] {
    var result = parameters
    for (name, var parameter) in parameters {
      if let value = ruleParameters[ruleID]?[name] ?? self.parameters[name] {
        parameter.value = value
        parameter.origin = .profile
        result[name] = parameter
      }
    }
    return result
  }

  public static func read(_ document: YAMLDocument, context: RuleReadContext) -> SiteProfile? {
    guard let root = document.root,
      let m = context.mapping(root, "site profile", allowed: ["profile", "parameters", "rules"]),
      let name = context.required(m, "profile", in: "site profile").flatMap({ context.string($0, "profile") })
    else { return nil }
    var marks: [String: SourceMark] = [:]
    func values(_ node: YAMLNode, _ what: String, prefix: String) -> [String: RuleParameter.ParameterValue] {
      guard let pm = context.mapping(node, what, allowed: node.mapping?.keys ?? []) else { return [:] }
      var result: [String: RuleParameter.ParameterValue] = [:]
      for entry in pm.entries {
        marks[prefix + entry.key.value] = entry.key.mark
        if let text = context.string(entry.value, "\(what).\(entry.key.value)") {
          result[entry.key.value] = .init(parsing: text)
        }
      }
      return result
    }
    var profile = SiteProfile(name: name, path: document.path, parameters: [:], ruleParameters: [:])
    if let p = m["parameters"] { profile.parameters = values(p, "parameters", prefix: "") }
    if let r = m["rules"], let rm = context.mapping(r, "rules", allowed: r.mapping?.keys ?? []) {
      for entry in rm.entries {
        marks[entry.key.value] = entry.key.mark
        profile.ruleParameters[entry.key.value] = values(
          entry.value, "rules.\(entry.key.value)", prefix: entry.key.value + ".")
      }
    }
    profile.marks = marks
    return profile
  }
}

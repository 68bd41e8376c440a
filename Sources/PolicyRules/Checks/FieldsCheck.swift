/// Required fields, fields required under a condition, allowed values and patterns.
public struct FieldsCheck: CheckKind {
  public static let name = "fields"
  public static let keys = ["required", "required_when", "allowed", "patterns"]
  public static let summary = LocalizedText(
    zh: "必填字段、条件必填字段、取值范围与格式", en: "required and conditionally required fields, allowed values, patterns")

  public struct ConditionalRequirement: Sendable {
    public var condition: Expression
    public var fields: [String]
  }

  public var required: [String]
  public var requiredWhen: [ConditionalRequirement]
  public var allowed: [(field: String, values: [String])]
  public var patterns: [(field: String, pattern: String, regex: Expression)]

  public init?(_ m: YAMLMapping, _ context: RuleReadContext) {
    required = m["required"].map { context.strings($0, "required") } ?? []
    requiredWhen = []
    allowed = []
    patterns = []
    if let node = m["required_when"] {
      for (i, item) in context.list(node, "required_when").enumerated() {
        let what = "required_when[\(i)]"
        guard let im = context.mapping(item, what, allowed: ["when", "fields"]),
          let when = context.required(im, "when", in: what).flatMap({ context.expression($0, "\(what).when") }
          ),
          let fields = context.required(im, "fields", in: what).map({ context.strings($0, "\(what).fields") })
        else { continue }
        requiredWhen.append(ConditionalRequirement(condition: when, fields: fields))
      }
    }
    if let node = m["allowed"], let am = context.mapping(node, "allowed", allowed: node.mapping?.keys ?? []) {
      for entry in am.entries {
        allowed.append((entry.key.value, context.strings(entry.value, "allowed.\(entry.key.value)")))
      }
    }
    if let node = m["patterns"], let pm = context.mapping(node, "patterns", allowed: node.mapping?.keys ?? [])
    {
      for entry in pm.entries {
        guard let pattern = context.string(entry.value, "patterns.\(entry.key.value)") else { continue }
        // The pattern is compiled once through the expression language so an invalid regex is a load error.
        let quoted = "`\(entry.key.value)` matches \"" + pattern.replacingBackslashesForExpression + "\""
        switch Expression.parse(quoted) {
        case .success(let e): patterns.append((entry.key.value, pattern, e))
        case .failure(let e):
          context.error("invalid pattern for '\(entry.key.value)': \(e.message)", at: entry.value.mark)
        }
      }
    }
    if ["required", "required_when", "allowed", "patterns"].allSatisfy({ m[$0] == nil }) {
      context.error("a fields check needs 'required', 'required_when', 'allowed' or 'patterns'", at: m.mark)
      return nil
    }
  }

  public func expectation(_ language: Language) -> String {
    var parts: [String] = []
    if !required.isEmpty {
      parts.append((language == .zh ? "必填：" : "required: ") + required.joined(separator: ", "))
    }
    for r in requiredWhen {
      parts.append(
        (language == .zh ? "当 \(r.condition.source) 时必填：" : "when \(r.condition.source) required: ")
          + r.fields.joined(separator: ", "))
    }
    for a in allowed { parts.append("\(a.field) ∈ {\(a.values.joined(separator: ", "))}") }
    for p in patterns { parts.append("\(p.field) ~ /\(p.pattern)/") }
    return parts.joined(separator: "; ")
  }
}

extension String {
  /// Escapes backslashes and quotes so a regex can sit inside a double-quoted expression string.
  var replacingBackslashesForExpression: String {
    var out = ""
    for c in self {
      if c == "\\" || c == "\"" { out.append("\\") }
      out.append(c)
    }
    return out
  }
}

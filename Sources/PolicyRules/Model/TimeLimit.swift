/// How long an obligation may take: fixed, by tiers of an attribute, from a record field, or
/// computed by an expression.
public enum TimeLimit: Sendable {
  /// `6 working hours`, `$immediate`.
  case fixed(PolicyDuration)
  /// `{by: zone, tiers: {city: 6 working hours, suburb: 7 working hours}, otherwise: …}`.
  case tiers(field: String, tiers: [(value: String, limit: PolicyDuration)], otherwise: PolicyDuration?)
  /// `{field: contract_hours, unit: hours}`: the record carries its own number (S2-15).
  case field(String, unit: PolicyDuration.Unit)
  /// `{expression: "ceil(units / 10)", unit: days}`: a number of units computed per case (S1-23).
  case expression(Expression, unit: PolicyDuration.Unit)

  public var description: String {
    switch self {
    case .fixed(let d): d.description
    case .tiers(let field, let tiers, let otherwise):
      "by \(field): "
        + (tiers.map { "\($0.value) \($0.limit)" } + (otherwise.map { ["otherwise \($0)"] } ?? []))
        .joined(separator: ", ")
    case .field(let f, let unit): "\(f) \(unit.rawValue)"
    case .expression(let e, let unit): "(\(e.source)) \(unit.rawValue)"
    }
  }

  static func read(_ node: YAMLNode, _ what: String, _ context: RuleReadContext) -> TimeLimit? {
    guard case .mapping(let raw) = node else {
      return context.duration(node, what).map(TimeLimit.fixed)
    }
    if raw["by"] != nil {
      guard let m = context.mapping(node, what, allowed: ["by", "tiers", "otherwise"]),
        let field = m["by"].flatMap({ context.string($0, "\(what).by") }),
        let tiersNode = context.required(m, "tiers", in: what),
        let tiersMap = context.mapping(tiersNode, "\(what).tiers", allowed: tiersNode.mapping?.keys ?? [])
      else { return nil }
      var tiers: [(value: String, limit: PolicyDuration)] = []
      for entry in tiersMap.entries {
        if let d = context.duration(entry.value, "\(what).tiers.\(entry.key.value)") {
          tiers.append((entry.key.value, d))
        }
      }
      let otherwise = m["otherwise"].flatMap { context.duration($0, "\(what).otherwise") }
      return .tiers(field: field, tiers: tiers, otherwise: otherwise)
    }
    let allowed = ["field", "expression", "unit"]
    guard let m = context.mapping(node, what, allowed: allowed) else { return nil }
    let unit = m["unit"].flatMap { context.choice($0, "\(what).unit", PolicyDuration.Unit.self) } ?? .hours
    if let f = m["field"] {
      return context.string(f, "\(what).field").map { .field($0, unit: unit) }
    }
    if let e = m["expression"] {
      return context.expression(e, "\(what).expression").map { .expression($0, unit: unit) }
    }
    context.error("\(what) needs a duration, 'by' with 'tiers', 'field' or 'expression'", at: node.mark)
    return nil
  }
}

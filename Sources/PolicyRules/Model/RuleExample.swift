import Foundation

/// A compliant or violating case written inside a rule, with the judgements it must produce.
/// `policy-check rules test` and the test suite run every one.
public struct RuleExample: Sendable {
  /// One event as written: activity, local time text, optional resource and attributes.
  public struct ExampleEvent: Sendable {
    public var activity: String
    public var time: String
    public var resource: String?
    public var attributes: [(name: String, value: String)]
    public var mark: SourceMark
  }

  public struct ExampleCase: Sendable {
    public var id: String
    public var recordType: String?
    /// Field values as written (typed by the example runner like CSV text).
    public var fields: [(name: String, value: String)]
    public var events: [ExampleEvent]
    public var mark: SourceMark
  }

  /// One expected judgement; `subject`/`period` narrow it for multi-case examples.
  public struct Expectation: Sendable {
    public var outcome: String
    public var subject: String?
    public var period: String?
    public var count: Int?
    public var mark: SourceMark
  }

  public static let outcomes = ["passed", "violated", "pending", "unverifiable", "not_applicable"]

  public var name: String
  public var cases: [ExampleCase]
  /// Audit cut-off as local time text; nil ⇒ far after every event.
  public var asOf: String?
  /// Audit period `[from, to)` as dates, for periodic and metric examples.
  public var periodFrom: CivilDate?
  public var periodTo: CivilDate?
  public var expectations: [Expectation]
  public var mark: SourceMark

  static let keys = ["name", "record", "events", "cases", "as_of", "period", "expect"]

  static func read(_ node: YAMLNode, index: Int, _ context: RuleReadContext) -> RuleExample? {
    let what = "examples[\(index)]"
    guard let m = context.mapping(node, what, allowed: keys) else { return nil }
    let name = m["name"].flatMap { context.string($0, "\(what).name") } ?? "example \(index + 1)"
    var cases: [ExampleCase] = []
    if let casesNode = m["cases"] {
      if m["record"] != nil || m["events"] != nil {
        context.error("\(what) has 'cases' and also 'record' or 'events'; use one form", at: node.mark)
      }
      for (i, c) in context.list(casesNode, "\(what).cases").enumerated() {
        guard let cm = context.mapping(c, "\(what).cases[\(i)]", allowed: ["id", "type", "record", "events"])
        else { continue }
        let id = cm["id"].flatMap { context.string($0, "case id") } ?? "case-\(i + 1)"
        cases.append(readCase(cm, id: id, what: "\(what).cases[\(i)]", context))
      }
    } else {
      cases.append(readCase(m, id: "example", what: what, context))
    }
    var example = RuleExample(
      name: name, cases: cases, asOf: nil, periodFrom: nil, periodTo: nil, expectations: [], mark: node.mark)
    example.asOf = m["as_of"].flatMap { context.string($0, "\(what).as_of") }
    if let p = m["period"], let pm = context.mapping(p, "\(what).period", allowed: ["from", "to"]) {
      example.periodFrom = context.required(pm, "from", in: "\(what).period").flatMap {
        context.date($0, "period.from")
      }
      example.periodTo = context.required(pm, "to", in: "\(what).period").flatMap {
        context.date($0, "period.to")
      }
      if let from = example.periodFrom, let to = example.periodTo, let toNode = pm["to"] {
        let days = to.daysSinceEpoch - from.daysSinceEpoch
        if days <= 0 {
          context.error(
            "\(what).period.to (\(to)) must be after period.from (\(from)): the period is [from, to)",
            at: toNode.mark)
        } else if days > CivilDate.centuryDays {
          context.error(
            "\(what).period spans \(days) days (\(from) to \(to)); at most \(CivilDate.centuryDays) (100 years) are allowed",
            at: toNode.mark)
        }
      }
    }
    if let e = context.required(m, "expect", in: what) {
      example.expectations = readExpectations(e, what: "\(what).expect", context)
    }
    return example
  }

  private static func readCase(
    _ m: YAMLMapping, id: String, what: String, _ context: RuleReadContext
  ) -> ExampleCase {
    var fields: [(String, String)] = []
    if let r = m["record"], let rm = context.mapping(r, "\(what).record", allowed: r.mapping?.keys ?? []) {
      for entry in rm.entries { fields.append((entry.key.value, scalarText(entry.value, context))) }
    }
    var events: [ExampleEvent] = []
    if let e = m["events"] {
      for (i, item) in context.list(e, "\(what).events").enumerated() {
        if let event = readEvent(item, what: "\(what).events[\(i)]", context) { events.append(event) }
      }
    }
    let type = m["type"].flatMap { context.string($0, "\(what).type") }
    return ExampleCase(id: id, recordType: type, fields: fields, events: events, mark: m.mark)
  }

  /// `"Activity @ 2024-09-12 16:00"` or `{activity:, at:, resource:, fields: {…}}`.
  private static func readEvent(_ node: YAMLNode, what: String, _ context: RuleReadContext) -> ExampleEvent? {
    if let s = node.scalar {
      let parts = s.value.components(separatedBy: " @ ")
      guard parts.count == 2 else {
        context.error("\(what) must be 'activity @ time' or a mapping", at: node.mark)
        return nil
      }
      return ExampleEvent(
        activity: parts[0].trimmingSpaces, time: parts[1].trimmingSpaces, resource: nil, attributes: [],
        mark: node.mark)
    }
    guard let m = context.mapping(node, what, allowed: ["activity", "at", "resource", "fields"]),
      let activity = context.required(m, "activity", in: what).flatMap({ context.string($0, "activity") }),
      let at = context.required(m, "at", in: what).flatMap({ context.string($0, "at") })
    else { return nil }
    var attributes: [(String, String)] = []
    if let f = m["fields"], let fm = context.mapping(f, "\(what).fields", allowed: f.mapping?.keys ?? []) {
      for entry in fm.entries { attributes.append((entry.key.value, scalarText(entry.value, context))) }
    }
    let resource = m["resource"].flatMap { context.string($0, "resource") }
    return ExampleEvent(
      activity: activity, time: at, resource: resource, attributes: attributes, mark: node.mark)
  }

  private static func scalarText(_ node: YAMLNode, _ context: RuleReadContext) -> String {
    guard let s = node.scalar else {
      context.error("field values in examples must be scalars", at: node.mark)
      return ""
    }
    return s.isNull ? "" : s.value
  }

  private static func readExpectations(
    _ node: YAMLNode, what: String, _ context: RuleReadContext
  ) -> [Expectation] {
    if let s = node.scalar {
      guard outcomes.contains(s.value) else {
        context.error(
          "\(what) must be one of \(outcomes.joined(separator: ", ")), found '\(s.value)'\(Suggestions.didYouMean(s.value, in: outcomes))",
          at: node.mark)
        return []
      }
      return [Expectation(outcome: s.value, subject: nil, period: nil, count: nil, mark: node.mark)]
    }
    var result: [Expectation] = []
    for (i, item) in context.list(node, what).enumerated() {
      let w = "\(what)[\(i)]"
      guard let m = context.mapping(item, w, allowed: ["outcome", "subject", "period", "count"]),
        let o = context.required(m, "outcome", in: w), let outcome = context.string(o, "\(w).outcome")
      else { continue }
      guard outcomes.contains(outcome) else {
        context.error(
          "\(w).outcome must be one of \(outcomes.joined(separator: ", ")), found '\(outcome)'\(Suggestions.didYouMean(outcome, in: outcomes))",
          at: o.mark)
        continue
      }
      result.append(
        Expectation(
          outcome: outcome, subject: m["subject"].flatMap { context.string($0, "subject") },
          period: m["period"].flatMap { context.string($0, "period") },
          count: m["count"].flatMap { context.integer($0, "count", minimum: 1) }, mark: item.mark))
    }
    return result
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}

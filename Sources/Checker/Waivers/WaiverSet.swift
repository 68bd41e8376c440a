import Foundation
import PolicyRules

/// One accepted exception: a rule (or `*`/prefix pattern) for a subject (or pattern), with the
/// reason, the approver and an expiry — all required.
public struct Waiver: Sendable, Hashable {
  public var rulePattern: String
  public var subjectPattern: String
  public var reason: String
  public var approver: String
  public var expires: CivilDate
  /// `waivers.yaml:12`
  public var source: String

  public var reference: WaiverReference {
    WaiverReference(reason: reason, approver: approver, expires: expires, source: source)
  }

  func matches(rule: String, subject: String) -> Bool {
    Self.glob(rulePattern, rule) && Self.glob(subjectPattern, subject)
  }

  /// `*` matches any run of characters; everything else literally.
  static func glob(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern), t = Array(text)
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
      if pi < p.count && p[pi] != "*" && p[pi] == t[ti] {
        pi += 1
        ti += 1
      } else if pi < p.count && p[pi] == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}

/// The waivers of a run. Expired ones (expiry before the cut-off's date) do not apply and are listed.
public struct WaiverSet: Sendable {
  public var waivers: [Waiver]
  /// Time zone in which expiry dates end.
  public var timeZoneIdentifier: String

  public init(waivers: [Waiver] = [], timeZoneIdentifier: String = "Asia/Shanghai") {
    self.waivers = waivers
    self.timeZoneIdentifier = timeZoneIdentifier
  }

  /// The first valid waiver covering this finding.
  public func waiver(for rule: String, subject: String, asOf: Timestamp) -> WaiverReference? {
    let today = WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier).civilDate(of: asOf)
    return waivers.first { $0.expires >= today && $0.matches(rule: rule, subject: subject) }?.reference
  }

  public func expired(asOf: Timestamp) -> [WaiverReference] {
    let today = WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier).civilDate(of: asOf)
    return waivers.filter { $0.expires < today }.map(\.reference)
  }

  /// Reads a waivers file:
  /// ```yaml
  /// waivers:
  ///   - {rule: S2-26-*, subject: RO-2024-0042, reason: …, approver: 王经理, expires: 2024-12-31}
  /// ```
  public static func load(path: String, diagnostics: inout DiagnosticBag) -> WaiverSet? {
    guard let document = YAMLParser.parseFile(atPath: path, diagnostics: &diagnostics) else { return nil }
    let context = RuleReadContext(path: path)
    defer { diagnostics.append(contentsOf: context.diagnostics.items) }
    guard let root = document.root else {
      context.error("empty file", at: SourceMark(line: 1, column: 1))
      return nil
    }
    guard let file = context.mapping(root, "waivers file", allowed: ["waivers"]),
      let list = context.required(file, "waivers", in: "waivers file")
    else { return nil }
    var set = WaiverSet()
    let keys = ["rule", "subject", "reason", "approver", "expires"]
    for (i, item) in context.list(list, "waivers").enumerated() {
      let what = "waivers[\(i)]"
      guard let m = context.mapping(item, what, allowed: keys) else { continue }
      let values = keys.map { key in
        context.required(m, key, in: what).flatMap { node -> String? in
          key == "expires"
            ? context.date(node, "\(what).expires")?.description : context.string(node, "\(what).\(key)")
        }
      }
      guard values.allSatisfy({ $0 != nil }), let expires = CivilDate(parsing: values[4]!) else { continue }
      set.waivers.append(
        Waiver(
          rulePattern: values[0]!, subjectPattern: values[1]!, reason: values[2]!, approver: values[3]!,
          expires: expires,
          source: "\(path):\(item.mark.line)"))
    }
    return context.diagnostics.hasErrors ? nil : set
  }
}

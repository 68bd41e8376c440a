import Foundation

/// The Markdown reference of a rule library, generated from the rule files in one language.
/// `policy-check rules docs` writes it; a test fails when the committed copy is stale.
public enum RuleDocumentation {
  /// `root`: a folder prefix stripped from rule file paths so the output does not depend on where it ran.
  public static func render(_ rules: [Rule], calendars: [String], language: Language, root: String = "")
    -> String
  {
    let prefix = root.isEmpty || root.hasSuffix("/") ? root : root + "/"
    func shown(_ path: String) -> String {
      !prefix.isEmpty && path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
    let zh = language == .zh
    var out = ""
    out += zh ? "# 规则库参考\n\n" : "# Rule library reference\n\n"
    out +=
      zh
      ? "本文件由 `policy-check rules docs` 根据规则文件生成，请勿手工编辑。\n\n"
      : "Generated from the rule files by `policy-check rules docs`; do not edit by hand.\n\n"
    out += zh ? "共 \(rules.count) 条规则。\n\n" : "\(rules.count) rules.\n\n"
    out += zh ? "## 检查类型\n\n| 类型 | 说明 |\n|---|---|\n" : "## Check kinds\n\n| kind | meaning |\n|---|---|\n"
    for kind in CheckKinds.all { out += "| `\(kind.name)` | \(escape(kind.summary.text(language))) |\n" }
    out += "\n"
    let byClause = Dictionary(grouping: rules, by: \.clause.id)
    out += zh ? "## 条款索引\n\n| 条款 | 规则 |\n|---|---|\n" : "## Clause index\n\n| clause | rules |\n|---|---|\n"
    for clause in byClause.keys.sorted(by: naturalLess) {
      let ids = byClause[clause]!.map(\.id).sorted(by: naturalLess).map { "[`\($0)`](#\(anchor($0)))" }
      out += "| \(clause) | \(ids.joined(separator: ", ")) |\n"
    }
    out += "\n"
    for rule in rules.sorted(by: { naturalLess($0.id, $1.id) }) {
      out += "## \(rule.id)\n\n"
      out += "**\(escape(rule.title.text(language)))**\n\n"
      out +=
        "- \(zh ? "条款" : "clause"): \(rule.clause.id) — \(escape(rule.clause.document)) \(escape(rule.clause.article)) (`\(rule.clause.file)`)\n"
      out += "- \(zh ? "原文" : "quote"): 「\(escape(rule.clause.quote))」\n"
      out +=
        "- \(zh ? "类型" : "kind"): `\(rule.kind)`; \(zh ? "严重程度" : "severity"): \(rule.severity.label.text(language))\n"
      out += "- \(zh ? "要求" : "expects"): \(escape(rule.check.expectation(language)))\n"
      if let scope = describeScope(rule.scope, zh) { out += "- \(zh ? "适用范围" : "scope"): \(scope)\n" }
      if let calendar = rule.calendar { out += "- \(zh ? "日历" : "calendar"): `\(calendar)`\n" }
      if let penalty = rule.penalty {
        let amount = Value.number(penalty.amount).description
        out +=
          "- \(zh ? "罚款" : "penalty"): \(amount) \(penalty.currency)\(penalty.doubledOnRepeat ? (zh ? "（重复加倍）" : " (doubled on repeat)") : "")\n"
      }
      for name in rule.usedParameters {
        guard let p = rule.parameters[name] else { continue }
        let origin: String
        switch p.origin {
        case .assumed: origin = zh ? "假定" : "assumed"
        case .text: origin = zh ? "原文" : "from the text"
        case .profile: origin = zh ? "站点配置" : "site profile"
        }
        out +=
          "- \(zh ? "参数" : "parameter") `\(name)` = \(p.value) (\(origin))\(p.description.map { " — " + escape($0.text(language)) } ?? "")\n"
      }
      out += "- \(zh ? "示例" : "examples"): \(rule.examples.count)\n"
      out += "- \(zh ? "来源" : "source"): `\(shown(rule.file))`\n\n"
      out += "> \(escape(rule.message.text(language)))\n\n"
    }
    return out
  }

  static func describeScope(_ scope: RuleScope, _ zh: Bool) -> String? {
    var parts: [String] = []
    if !scope.recordTypes.isEmpty {
      parts.append(scope.recordTypes.map { "`\($0)`" }.joined(separator: ", "))
    }
    if let c = scope.condition { parts.append("`\(c.source)`") }
    if let t = scope.timeOfDay {
      parts.append("\(t.at.description) \(clock(t.fromMinute))–\(clock(t.toMinute))")
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }

  static func clock(_ minute: Int) -> String {
    let h = minute / 60, m = minute % 60
    return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
  }

  static func anchor(_ id: String) -> String {
    id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  static func naturalLess(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: [.numeric]) == .orderedAscending
  }
}

import PolicyRules

/// The drafter's output for one regulation file: the candidate clauses, the Markdown catalogue
/// of them, and one draft rule file per document.
public struct RegulationDraft: Sendable {
  public var file: String
  public var candidates: [ClauseCandidate]

  public init(text: String, file: String) {
    self.file = file
    candidates = ClauseDrafter().candidates(text: text, file: file)
  }

  /// Rule files by name: one per document, in the order the documents appear.
  public var ruleFiles: [(name: String, text: String)] {
    var order: [String] = []
    var byDocument: [String: [ClauseCandidate]] = [:]
    for candidate in candidates {
      if byDocument[candidate.document] == nil { order.append(candidate.document) }
      byDocument[candidate.document, default: []].append(candidate)
    }
    let prefix = candidates.first.map { String($0.id.prefix { $0 != "-" }) } ?? "D"
    return order.enumerated().map { index, document in
      let number = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
      return ("\(prefix)-document-\(number).yaml", DraftRuleWriter().file(byDocument[document] ?? []))
    }
  }

  /// The catalogue of candidates, in the columns of `CLAUSES.md`.
  public func catalogue(language: Language = .en) -> String {
    var lines = [
      "# Candidate clauses of \(file)", "",
      language == .zh
        ? "由 `policy-check rules draft` 生成：每行一个候选条款、原文阈值与规范化取值。num：`E` = 文中写明数字，`A` = 仅有模糊用语（假定默认值）。"
        : "Drafted by `policy-check rules draft`: one row per candidate clause, the thresholds it states and their normalised values. num: `E` = the number is written in the text, `A` = only a vague word (an assumed default).",
      "",
      "| ID | document | article | quote | thresholds | kind | num |",
      "|---|---|---|---|---|---|---|",
    ]
    for candidate in candidates {
      let thresholds = candidate.thresholds.map { threshold in
        let relation =
          threshold.relation == .none || threshold.kind == .target ? "" : " \(threshold.relation.rawValue)"
        let assumed = threshold.stated ? "" : language == .zh ? " 假定" : " assumed"
        return "`\(threshold.normalized)`\(relation)\(assumed) (\(threshold.text))"
      }
      let tiers =
        candidate.tiers.isEmpty
        ? ""
        : " by: "
          + candidate.tiers.map { "\($0.label) ⇒ `\($0.threshold.normalized)`" }.joined(separator: ", ")
      let cells = [
        candidate.id, candidate.document, candidate.article, candidate.quote,
        thresholds.joined(separator: "; ") + tiers, candidate.kind.rawValue, candidate.stated ? "E" : "A",
      ].map { $0.replacingOccurrences(of: "|", with: "\\|") }
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `--explain`: each threshold, the span of text it was read from and the reading rule.
  public func explanation() -> String {
    var lines: [String] = []
    for candidate in candidates {
      lines.append(
        "\(file):\(candidate.line): \(candidate.id) [\(candidate.kind.rawValue)] \(candidate.article) \(candidate.quote)"
      )
      for threshold in candidate.thresholds {
        let relation = threshold.relation == .none ? "" : ", \(threshold.relation.rawValue)"
        let assumed = threshold.stated ? "" : " (assumed default, parameter \(threshold.parameter ?? "?"))"
        lines.append(
          "  \(candidate.line):\(threshold.range.lowerBound + 1) '\(threshold.text)' ⇒ \(threshold.normalized)\(relation)\(assumed) — \(threshold.rule)"
        )
      }
      for tier in candidate.tiers {
        lines.append("  tier '\(tier.label)' ⇒ \(tier.threshold.normalized)")
      }
    }
    return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
  }
}

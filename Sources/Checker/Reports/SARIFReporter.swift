import PolicyRules

/// SARIF 2.1.0 for code-scanning dashboards. One run; the regulations' clauses are the taxa of
/// a `regulations` taxonomy and each rule relates to its clause.
///
/// Results (documented in `docs/report-json.md`):
/// - violated ⇒ `kind: fail`, level by severity: critical/major ⇒ `error`, minor ⇒ `warning`, info ⇒ `note`;
/// - waived ⇒ the same, plus `suppressions: [{kind: external, status: accepted, justification}]`;
/// - pending ⇒ `kind: open`, unverifiable ⇒ `kind: review`, both with `level: none` as SARIF
///   requires for non-failing kinds. Passed judgements are counted, not listed.
public struct SARIFReporter: Reporter {
  public static let name = "sarif"
  public static let fileExtension = "sarif"
  static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
  static let taxonomyName = "regulations"
  /// The key of `partialFingerprints`; bump the version when `Finding.fingerprint` changes meaning.
  static let fingerprintKey = "policyCheck/v1"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    let facts = ReportFacts(result, options: options)
    let l = options.language
    let taxonomyReference: JSONValue = .object([
      "name": .string(SARIFReporter.taxonomyName), "index": .integer(0),
    ])

    let rules: [JSONValue] = result.rules.map { ruleResult in
      let rule = ruleResult.rule
      var properties: [String: JSONValue] = [
        "severity": .string(rule.severity.rawValue),
        "tags": .array(([rule.clause.id] + rule.tags).map { .string($0) }),
        "kind": .string(rule.kind),
        "file": .string(rule.file),
        "line": .integer(rule.line),
      ]
      if !rule.assumedParameters.isEmpty {
        properties["assumedParameters"] = .object(rule.assumedParameters.mapValues { .string($0) })
      }
      return .object([
        "id": .string(rule.id),
        "name": .string(rule.id),
        "shortDescription": .object(["text": .string(rule.title[l])]),
        "fullDescription": .object(["text": .string(rule.message[l])]),
        "help": .object(["text": .string(SARIFReporter.clauseText(rule.clause))]),
        "defaultConfiguration": .object(["level": .string(SARIFReporter.level(for: rule.severity))]),
        "properties": .object(properties),
        "relationships": .array([
          .object([
            "target": .object(["id": .string(rule.clause.id), "toolComponent": taxonomyReference]),
            "kinds": .array([.string("relevant")]),
          ])
        ]),
      ])
    }

    let taxa: [JSONValue] = facts.sections.map { section in
      let clause = section.clause
      return .object([
        "id": .string(clause.id),
        "name": .string(ReportFacts.clauseHeading(clause)),
        "shortDescription": .object(["text": .string("\(clause.document) \(clause.article)")]),
        "fullDescription": .object(["text": .string(SARIFReporter.clauseText(clause))]),
        "properties": .object(["file": .string(clause.file)]),
      ])
    }

    var results: [JSONValue] = []
    for (ruleIndex, ruleResult) in result.rules.enumerated() {
      for finding in ruleResult.findings where finding.outcome != .passed {
        results.append(
          resultJSON(finding, rule: ruleResult.rule, ruleIndex: ruleIndex, facts: facts, language: l))
      }
    }

    let run: JSONValue = .object([
      "tool": .object([
        "driver": .object([
          "name": .string("policy-check"),
          // No informationUri: SARIF wants an absolute URI and the tool has no fixed home page.
          "version": .string(result.toolVersion),
          "rules": .array(rules),
          "supportedTaxonomies": .array([taxonomyReference]),
        ])
      ]),
      "taxonomies": .array([
        .object([
          "name": .string(SARIFReporter.taxonomyName),
          "shortDescription": .object([
            "text": .string(LocalizedText(zh: "法规条款", en: "Regulation clauses")[l])
          ]),
          "taxa": .array(taxa),
        ])
      ]),
      "language": .string(l == .zh ? "zh-CN" : "en-US"),
      "columnKind": .string("unicodeCodePoints"),
      "results": .array(results),
      "properties": .object([
        "asOf": .string(ReportClock.utcText(result.asOf)),
        "ruleFiles": .array(result.ruleFiles.map { .string($0) }),
        "dataFiles": .array(result.dataFiles.map { .string($0) }),
        "caseCount": .integer(result.caseCount),
        "totals": JSONReporter.counts(result.totals),
      ]),
    ])
    return JSONValue.object([
      "$schema": .string(SARIFReporter.schemaURI),
      "version": .string("2.1.0"),
      "runs": .array([run]),
    ]).rendered()
  }

  /// `《document》 article: quote`
  static func clauseText(_ clause: ClauseReference) -> String {
    let head = [clause.document, clause.article].filter { !$0.isEmpty }.joined(separator: " ")
    return clause.quote.isEmpty ? head : "\(head): \(clause.quote)"
  }

  static func level(for severity: Severity) -> String {
    switch severity {
    case .critical, .major: "error"
    case .minor: "warning"
    case .info: "note"
    }
  }

  private func resultJSON(
    _ finding: Finding, rule: RuleSummary, ruleIndex: Int, facts: ReportFacts, language l: Language
  ) -> JSONValue {
    var members: [String: JSONValue] = [
      "ruleId": .string(finding.ruleID),
      "ruleIndex": .integer(ruleIndex),
      "partialFingerprints": .object([SARIFReporter.fingerprintKey: .string(finding.fingerprint)]),
      "taxa": .array([
        .object([
          "id": .string(finding.clauseID),
          "toolComponent": .object(["name": .string(SARIFReporter.taxonomyName), "index": .integer(0)]),
        ])
      ]),
    ]
    switch finding.outcome {
    case .violated, .waived, .passed:
      members["kind"] = .string("fail")
      members["level"] = .string(SARIFReporter.level(for: finding.severity))
    case .pending:
      members["kind"] = .string("open")
      members["level"] = .string("none")
    case .unverifiable:
      members["kind"] = .string("review")
      members["level"] = .string("none")
    }
    var message =
      "\(finding.subject): \(finding.actual[l]) (\(ReportStrings.expected[l]): \(finding.expected[l]))"
    if let explanation = finding.deadlineExplanation { message += "; \(explanation[l])" }
    if let note = ReportFacts.assumedNote(finding, rule: rule, language: l) { message += " \(note)" }
    members["message"] = .object(["text": .string(message)])

    let located = finding.evidence.filter { !$0.file.isEmpty && $0.line > 0 }
    if !located.isEmpty {
      // The first event is the primary location; the others are related.
      members["locations"] = .array([location(located[0], facts: facts)])
      if located.count > 1 {
        members["relatedLocations"] = .array(
          located.dropFirst().enumerated().map { i, evidence in
            var related = location(evidence, facts: facts)
            if case .object(var fields) = related {
              fields["id"] = .integer(i + 1)
              related = .object(fields)
            }
            return related
          })
      }
    }
    if let waiver = finding.waiver, finding.outcome == .waived {
      members["suppressions"] = .array([
        .object([
          "kind": .string("external"),
          "status": .string("accepted"),
          "justification": .string(waiver.reason),
          "location": .object([
            "physicalLocation": .object([
              "artifactLocation": .object(["uri": .string(ReportEscaping.uriPath(waiver.source))])
            ])
          ]),
          "properties": .object([
            "approver": .string(waiver.approver), "expires": .string(CivilMath.dateText(waiver.expires)),
          ]),
        ])
      ])
    }
    if let state = finding.baselineState { members["baselineState"] = .string(state.rawValue) }
    var properties: [String: JSONValue] = [
      "outcome": .string(finding.outcome.rawValue),
      "severity": .string(finding.severity.rawValue),
      "subject": .string(finding.subject),
    ]
    if let group = finding.group { properties["group"] = .string(group) }
    if let period = finding.period { properties["period"] = .string(period) }
    if let due = finding.deadline?.due { properties["due"] = .string(ReportClock.utcText(due)) }
    if !finding.assumedParameters.isEmpty {
      properties["assumedParameters"] = .array(finding.assumedParameters.sorted().map { .string($0) })
    }
    if let penalty = finding.penalty {
      properties["penalty"] = .object([
        "amount": .number(penalty.amount), "currency": .string(penalty.currency),
      ])
    }
    members["properties"] = .object(properties)
    return .object(members)
  }

  private func location(_ evidence: Evidence, facts: ReportFacts) -> JSONValue {
    .object([
      "physicalLocation": .object([
        "artifactLocation": .object(["uri": .string(ReportEscaping.uriPath(evidence.file))]),
        "region": .object(["startLine": .integer(evidence.line)]),
      ]),
      "message": .object(["text": .string(facts.evidenceText(evidence))]),
    ])
  }
}

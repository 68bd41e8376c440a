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
  static let fingerprintKey: StaticString = "policyCheck/v1"

  public init() {}

  public func render(_ result: AuditResult, options: ReportOptions) -> String {
    ReportSink.collecting { write(result, options: options, to: &$0) }
  }

  /// Streams the log: rules, taxa and run properties go through `JSONValue`, results are written
  /// member by member with their keys in sorted (UTF-8 byte) order, as `JSONValue` would order them.
  public func write(_ result: AuditResult, options: ReportOptions, to sink: inout ReportSink) {
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

    sink.writeJSONKey("$schema", indent: 2, first: true)
    sink.writeJSONString(SARIFReporter.schemaURI)
    sink.writeJSONKey("runs", indent: 2)
    sink.write("[\n")
    sink.writeSpaces(4)
    sink.writeJSONKey("columnKind", indent: 6, first: true)
    sink.writeJSONString("unicodeCodePoints")
    sink.writeJSONKey("language", indent: 6)
    sink.writeJSONString(l == .zh ? "zh-CN" : "en-US")
    sink.writeJSONKey("properties", indent: 6)
    // The period (start inclusive, end exclusive) and cut-off the results hold for.
    let properties: JSONValue = .object([
      "asOf": .string(ReportClock.utcText(result.asOf)),
      "periodStart": result.periodStart.map { .string(ReportClock.utcText($0)) } ?? .null,
      "periodEnd": result.periodEnd.map { .string(ReportClock.utcText($0)) } ?? .null,
      "timeZone": .string(result.timeZoneIdentifier),
      "ruleFiles": .array(result.ruleFiles.map { .string($0) }),
      "dataFiles": .array(result.dataFiles.map { .string($0) }),
      "caseCount": .integer(result.caseCount),
      "notExercised": .array(result.notExercised.map { .string($0.rule.id) }),
      "totals": JSONReporter.counts(result.totals),
    ])
    sink.writeJSON(properties, indent: 6)
    sink.writeJSONKey("results", indent: 6)
    writeResults(result, facts: facts, language: l, to: &sink)
    sink.writeJSONKey("taxonomies", indent: 6)
    let taxonomies: JSONValue = .array([
      .object([
        "name": .string(SARIFReporter.taxonomyName),
        "shortDescription": .object([
          "text": .string(LocalizedText(zh: "法规条款", en: "Regulation clauses")[l])
        ]),
        "taxa": .array(taxa),
      ])
    ])
    sink.writeJSON(taxonomies, indent: 6)
    sink.writeJSONKey("tool", indent: 6)
    let tool: JSONValue = .object([
      "driver": .object([
        "name": .string("policy-check"),
        // No informationUri: SARIF wants an absolute URI and the tool has no fixed home page.
        "version": .string(result.toolVersion),
        "rules": .array(rules),
        "supportedTaxonomies": .array([taxonomyReference]),
      ])
    ])
    sink.writeJSON(tool, indent: 6)
    sink.writeJSONObjectEnd(indent: 4)
    sink.write("\n  ]")
    sink.writeJSONKey("version", indent: 2)
    sink.writeJSONString("2.1.0")
    sink.writeJSONObjectEnd(indent: 0)
    sink.write(byte: UInt8(ascii: "\n"))
  }

  /// The `results` array (at indent 6): every finding that is not a pass, in rule order, each
  /// rule's findings rendered in windows on the report's workers.
  private func writeResults(
    _ result: AuditResult, facts: ReportFacts, language: Language, to sink: inout ReportSink
  ) {
    // Whether a result was written before: it decides between `[` and `,` ahead of a result.
    var anyWritten = false
    for (ruleIndex, ruleResult) in result.rules.enumerated() {
      let findings = ruleResult.findings
      let writtenBefore = anyWritten
      let options = facts.options
      sink.writeWindows(count: findings.count, workers: options.threads, windowSize: options.findingWindow) {
        sink, range in
        var scratch = ReportSink()
        var explanation: [UInt8] = []
        var first = !writtenBefore && !SARIFReporter.hasResult(findings, before: range.lowerBound)
        ReportFacts.forEach(findings, in: range) { _, finding in
          guard finding.outcome != .passed else { return }
          sink.write(first ? "[\n" : ",\n")
          first = false
          sink.writeSpaces(8)
          writeResult(
            finding, rule: ruleResult.rule, ruleIndex: ruleIndex, facts: facts, language: language,
            scratch: &scratch, explanation: &explanation, to: &sink)
        }
      }
      anyWritten = anyWritten || Self.hasResult(findings, before: findings.count)
    }
    sink.write(anyWritten ? "\n      ]" : "[]")
  }

  /// Whether any of the first `end` findings is a result (not a pass); from the end, where one
  /// is found at once unless a rule records passes.
  private static func hasResult(_ findings: [Finding], before end: Int) -> Bool {
    findings.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return false }
      var index = end - 1
      while index >= 0 && (base + index).pointee.outcome == .passed { index -= 1 }
      return index >= 0
    }
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

  /// One result object at indent 8 (members at 10).
  private func writeResult(
    _ finding: borrowing Finding, rule: RuleSummary, ruleIndex: Int, facts: ReportFacts, language l: Language,
    scratch: inout ReportSink, explanation: inout [UInt8], to sink: inout ReportSink
  ) {
    let kind: StaticString
    let level: String
    switch finding.outcome {
    case .violated, .waived, .passed: (kind, level) = ("fail", SARIFReporter.level(for: finding.severity))
    case .pending: (kind, level) = ("open", "none")
    case .unverifiable: (kind, level) = ("review", "none")
    }
    var first = true
    if let state = finding.baselineState {
      sink.writeJSONKey("baselineState", indent: 10, first: true)
      sink.writeJSONString(state.rawValue)
      first = false
    }
    sink.writeJSONKey("kind", indent: 10, first: first)
    sink.write(byte: UInt8(ascii: "\""))
    sink.write(kind)
    sink.write(byte: UInt8(ascii: "\""))
    sink.writeJSONKey("level", indent: 10)
    sink.writeJSONString(level)

    // The first located event is the primary location; the others are related.
    var located = 0
    for evidence in finding.evidence where !evidence.file.isEmpty && evidence.line > 0 {
      if located == 0 {
        sink.writeJSONKey("locations", indent: 10)
        sink.write("[\n")
        sink.writeSpaces(12)
        writeLocation(evidence, id: nil, facts: facts, indent: 12, scratch: &scratch, to: &sink)
        sink.write("\n          ]")
      }
      located += 1
    }

    sink.writeJSONKey("message", indent: 10)
    sink.writeJSONKey("text", indent: 12, first: true)
    sink.write(byte: UInt8(ascii: "\""))
    sink.writeJSONStringContent(finding.subject)
    sink.write(": ")
    sink.writeJSONStringContent(finding.actual[l])
    sink.write(" (")
    sink.writeJSONStringContent(ReportStrings.expected[l])
    sink.write(": ")
    sink.writeJSONStringContent(finding.expected[l])
    sink.write(byte: UInt8(ascii: ")"))
    // Phrased in the report's language straight into the output, not as a string per language.
    ReportFacts.withExplanation(finding, l, scratch: &explanation) { text in
      sink.write("; ")
      sink.writeJSONStringContent(text)
    }
    if !finding.assumedParameters.isEmpty {
      sink.write(byte: UInt8(ascii: " "))
      scratch.removeAll()
      ReportFacts.writeAssumedNote(finding, rule: rule, language: l, to: &scratch)
      scratch.withUnsafeBytes { sink.writeJSONStringContent($0) }
    }
    sink.write(byte: UInt8(ascii: "\""))
    sink.writeJSONObjectEnd(indent: 10)

    sink.writeJSONKey("partialFingerprints", indent: 10)
    sink.writeJSONKey(SARIFReporter.fingerprintKey, indent: 12, first: true)
    ReportFacts.writeJSONFingerprint(finding, to: &sink)
    sink.writeJSONObjectEnd(indent: 10)

    sink.writeJSONKey("properties", indent: 10)
    writeResultProperties(finding, to: &sink)

    if located > 1 {
      sink.writeJSONKey("relatedLocations", indent: 10)
      sink.write("[")
      var id = 0
      for evidence in finding.evidence where !evidence.file.isEmpty && evidence.line > 0 {
        if id > 0 {
          sink.write(id == 1 ? "\n" : ",\n")
          sink.writeSpaces(12)
          writeLocation(evidence, id: id, facts: facts, indent: 12, scratch: &scratch, to: &sink)
        }
        id += 1
      }
      sink.write("\n          ]")
    }
    sink.writeJSONKey("ruleId", indent: 10)
    sink.writeJSONString(finding.ruleID)
    sink.writeJSONKey("ruleIndex", indent: 10)
    sink.write(integer: ruleIndex)
    if let waiver = finding.waiver, finding.outcome == .waived {
      sink.writeJSONKey("suppressions", indent: 10)
      sink.writeJSON(SARIFReporter.suppressions(waiver), indent: 10)
    }
    sink.writeJSONKey("taxa", indent: 10)
    sink.write("[\n")
    sink.writeSpaces(12)
    sink.writeJSONKey("id", indent: 14, first: true)
    sink.writeJSONString(finding.clauseID)
    sink.writeJSONKey("toolComponent", indent: 14)
    sink.writeJSONKey("index", indent: 16, first: true)
    sink.write("0")
    sink.writeJSONKey("name", indent: 16)
    sink.writeJSONString(SARIFReporter.taxonomyName)
    sink.writeJSONObjectEnd(indent: 14)
    sink.writeJSONObjectEnd(indent: 12)
    sink.write("\n          ]")
    sink.writeJSONObjectEnd(indent: 8)
  }

  /// A result's `properties` object at indent 10.
  private func writeResultProperties(_ finding: borrowing Finding, to sink: inout ReportSink) {
    var first = true
    if !finding.assumedParameters.isEmpty {
      sink.writeJSONKey("assumedParameters", indent: 12, first: true)
      sink.writeJSONStrings(finding.assumedParameters.sorted(), indent: 12)
      first = false
    }
    if let gap = finding.calendarGap {
      sink.writeJSONKey("calendarGap", indent: 12, first: first)
      sink.writeJSON(JSONReporter.calendarGap(gap), indent: 12)
      first = false
    }
    if let due = finding.deadline?.due {
      sink.writeJSONKey("due", indent: 12, first: first)
      sink.writeJSONString(ReportClock.utc(due))
      first = false
    }
    if let group = finding.group {
      sink.writeJSONKey("group", indent: 12, first: first)
      sink.writeJSONString(group)
      first = false
    }
    sink.writeJSONKey("outcome", indent: 12, first: first)
    sink.writeJSONString(finding.outcome.rawValue)
    if let penalty = finding.penalty {
      sink.writeJSONKey("penalty", indent: 12)
      sink.writeJSONKey("amount", indent: 14, first: true)
      sink.writeJSONNumber(penalty.amount)
      sink.writeJSONKey("currency", indent: 14)
      sink.writeJSONString(penalty.currency)
      sink.writeJSONObjectEnd(indent: 12)
    }
    if let period = finding.period {
      sink.writeJSONKey("period", indent: 12)
      sink.writeJSONString(period)
    }
    sink.writeJSONKey("severity", indent: 12)
    sink.writeJSONString(finding.severity.rawValue)
    sink.writeJSONKey("subject", indent: 12)
    sink.writeJSONString(finding.subject)
    sink.writeJSONObjectEnd(indent: 10)
  }

  /// The waiver of a waived finding as SARIF `suppressions`.
  static func suppressions(_ waiver: WaiverReference) -> JSONValue {
    .array([
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

  /// `{"id"?, "message": {"text": evidence}, "physicalLocation": {…}}` at `indent`.
  private func writeLocation(
    _ evidence: Evidence, id: Int?, facts: ReportFacts, indent: Int, scratch: inout ReportSink,
    to sink: inout ReportSink
  ) {
    let inner = indent + 2
    if let id {
      sink.writeJSONKey("id", indent: inner, first: true)
      sink.write(integer: id)
    }
    sink.writeJSONKey("message", indent: inner, first: id == nil)
    sink.writeJSONKey("text", indent: inner + 2, first: true)
    scratch.removeAll()
    facts.writeEvidence(evidence, to: &scratch)
    sink.write(byte: UInt8(ascii: "\""))
    scratch.withUnsafeBytes { sink.writeJSONStringContent($0) }
    sink.write(byte: UInt8(ascii: "\""))
    sink.writeJSONObjectEnd(indent: inner)
    sink.writeJSONKey("physicalLocation", indent: inner)
    sink.writeJSONKey("artifactLocation", indent: inner + 2, first: true)
    sink.writeJSONKey("uri", indent: inner + 4, first: true)
    sink.write(byte: UInt8(ascii: "\""))
    ReportEscaping.writeURIPath(evidence.file, to: &sink)
    sink.write(byte: UInt8(ascii: "\""))
    sink.writeJSONObjectEnd(indent: inner + 2)
    sink.writeJSONKey("region", indent: inner + 2)
    sink.writeJSONKey("startLine", indent: inner + 4, first: true)
    sink.write(integer: evidence.line)
    sink.writeJSONObjectEnd(indent: inner + 2)
    sink.writeJSONObjectEnd(indent: inner)
    sink.writeJSONObjectEnd(indent: indent)
  }
}

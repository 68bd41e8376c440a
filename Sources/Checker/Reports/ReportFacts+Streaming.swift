import PolicyRules

/// The composite texts of a finding (evidence, penalty, assumed parameters) written as bytes, so
/// streaming reports build no `String` per finding. The `…Text` functions of `ReportFacts` return
/// the same bytes as strings.
extension ReportFacts {
  /// Calls `body` with every finding and its rule, in clause then rule order, without copying
  /// the findings (a large audit has 100,000 of them).
  func forEachFinding(_ body: (RuleSummary, borrowing Finding) -> Void) {
    for section in sections {
      for ruleResult in section.rules {
        // The findings' buffer, lent for `body` only; `body` gets each finding borrowed, not kept.
        ruleResult.findings.withUnsafeBufferPointer { findings in
          for index in findings.indices { body(ruleResult.rule, findings[index]) }
        }
      }
    }
  }

  /// Calls `body` with the findings of `range` and their indices, lent in place: an element
  /// read by subscript is a copy, which retains every field of the finding.
  /// (Inlined so the caller's closure is too: through a closure value the finding is copied.)
  @inline(__always)
  static func forEach(
    _ findings: [Finding], in range: Range<Int>, _ body: (Int, borrowing Finding) -> Void
  ) {
    forEachInPlace(findings, in: range) { body($0, $1.pointee) }
  }

  /// `forEach` handing out pointers: a finding lent to a function that also takes `inout`
  /// arguments is copied first (the compiler cannot rule out that they overlap), so the hottest
  /// writer (`JSONReporter.writeFinding`) reads its fields through the pointer instead.
  @inline(__always)
  static func forEachInPlace(
    _ findings: [Finding], in range: Range<Int>, _ body: (Int, UnsafePointer<Finding>) -> Void
  ) {
    // The findings' buffer, lent for `body`'s calls only (pointers into it are not kept).
    findings.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      for index in range { body(index, base + index) }
    }
  }

  /// Calls `body` with every rule and its findings, in clause then rule order.
  func forEachRuleFindings(_ body: (RuleSummary, [Finding]) -> Void) {
    for section in sections {
      for ruleResult in section.rules { body(ruleResult.rule, ruleResult.findings) }
    }
  }

  /// `ruleID|subject|period`, as `Finding.fingerprint` joins it, without building the string:
  /// `part` writes each piece (as it is for CSV, escaped for JSON) and the `|` go in between.
  static func writeFingerprint(
    _ finding: borrowing Finding, to sink: inout ReportSink, part: (inout ReportSink, String) -> Void
  ) {
    writeFingerprint(
      ruleID: finding.ruleID, subject: finding.subject, period: finding.period, to: &sink, part: part)
  }

  /// `writeFingerprint` of a finding's parts.
  @inline(__always)
  static func writeFingerprint(
    ruleID: String, subject: String, period: String?, to sink: inout ReportSink,
    part: (inout ReportSink, String) -> Void
  ) {
    part(&sink, ruleID)
    sink.write(byte: UInt8(ascii: "|"))
    part(&sink, subject)
    sink.write(byte: UInt8(ascii: "|"))
    if let period { part(&sink, period) }
  }

  /// A finding's fingerprint as a JSON string.
  static func writeJSONFingerprint(_ finding: borrowing Finding, to sink: inout ReportSink) {
    sink.write(byte: UInt8(ascii: "\""))
    writeFingerprint(finding, to: &sink) { $0.writeJSONStringContent($1) }
    sink.write(byte: UInt8(ascii: "\""))
  }

  /// `data/helpdesk.csv:12 Take in charge ticket 2024-09-12 16:00 (Li Lei)`; a database row
  /// with a key `postgres:tickets#T0042 …`.
  func writeEvidence(_ evidence: Evidence, to sink: inout ReportSink) {
    sink.write(evidence.file)
    if let key = evidence.key {
      sink.write(byte: UInt8(ascii: "#"))
      sink.write(key)
    } else {
      sink.write(byte: UInt8(ascii: ":"))
      sink.write(integer: evidence.line)
    }
    sink.write(byte: UInt8(ascii: " "))
    sink.write(evidence.label)
    if let time = evidence.time {
      sink.write(byte: UInt8(ascii: " "))
      clock.minute(time).withUnsafeBytes { sink.write($0) }
    }
    if let resource = evidence.resource, !resource.isEmpty {
      sink.write(" (")
      sink.write(resource)
      sink.write(byte: UInt8(ascii: ")"))
    }
  }

  /// `500 CNY`, plus `per case` / `doubled on repeat` notes.
  static func writePenalty(_ penalty: Penalty, language: Language, to sink: inout ReportSink) {
    sink.writeJSONNumber(penalty.amount)
    sink.write(byte: UInt8(ascii: " "))
    sink.write(penalty.currency)
    guard penalty.perOccurrence || penalty.doubledOnRepeat else { return }
    sink.write(" (")
    if penalty.perOccurrence { sink.write(ReportStrings.penaltyPerCase[language]) }
    if penalty.perOccurrence && penalty.doubledOnRepeat { sink.write(", ") }
    if penalty.doubledOnRepeat { sink.write(ReportStrings.penaltyDoubled[language]) }
    sink.write(byte: UInt8(ascii: ")"))
  }

  /// `⚠ assumed: immediate=30m` / `⚠ 假定阈值: immediate=30m`; nothing when the finding rests on
  /// no assumed parameter.
  static func writeAssumedNote(
    _ finding: borrowing Finding, rule: RuleSummary, language: Language, to sink: inout ReportSink
  ) {
    guard !finding.assumedParameters.isEmpty else { return }
    sink.write("⚠ ")
    sink.write(ReportStrings.assumed[language])
    sink.write(": ")
    writeAssumed(finding, rule: rule, to: &sink)
  }

  /// `immediate=30m, window=5d` for the assumed parameters a finding rests on; nothing when none.
  static func writeAssumed(_ finding: borrowing Finding, rule: RuleSummary, to sink: inout ReportSink) {
    let names =
      finding.assumedParameters.count > 1 ? finding.assumedParameters.sorted() : finding.assumedParameters
    for (i, name) in names.enumerated() {
      if i > 0 { sink.write(", ") }
      sink.write(name)
      if let value = rule.assumedParameters[name] {
        sink.write(byte: UInt8(ascii: "="))
        sink.write(value)
      }
    }
  }
}

extension ReportFacts {
  /// Buffers a report reuses from finding to finding to phrase deadline explanations in.
  struct ExplanationScratch {
    var english: [UInt8] = []
    var chinese: [UInt8] = []
  }

  /// Calls `body` with the UTF-8 bytes of `finding.deadlineExplanation` in English and Chinese,
  /// phrased into `scratch` rather than strings; returns false (not calling `body`) when it has none.
  @discardableResult
  static func withExplanations(
    _ finding: UnsafePointer<Finding>, scratch: inout ExplanationScratch,
    // The bytes are lent for the call of `body` only.
    _ body: (_ english: UnsafeRawBufferPointer, _ chinese: UnsafeRawBufferPointer) -> Void
  ) -> Bool {
    if let given = finding.pointee.givenExplanation {
      var english = given.en
      var chinese = given.zh
      english.withUTF8 { english in
        // Each string's bytes are lent for `body` only.
        chinese.withUTF8 { body(UnsafeRawBufferPointer(english), UnsafeRawBufferPointer($0)) }
      }
      return true
    }
    guard let calendar = finding.pointee.deadlineCalendar?.calendar, finding.pointee.deadline != nil else {
      return false
    }
    scratch.english.removeAll(keepingCapacity: true)
    scratch.chinese.removeAll(keepingCapacity: true)
    // Through the optional in place: binding the deadline would copy it.
    finding.pointee.deadline?.appendExplanations(
      calendar: calendar, english: &scratch.english, chinese: &scratch.chinese)
    scratch.english.withUnsafeBytes { english in
      scratch.chinese.withUnsafeBytes { body(english, $0) }
    }
    return true
  }

  /// Calls `body` with the UTF-8 bytes of `finding.deadlineExplanation` in `language`, if it has
  /// one: a phrased explanation goes into `scratch` (reused from finding to finding), not a `String`.
  static func withExplanation(
    _ finding: borrowing Finding, _ language: Language, scratch: inout [UInt8],
    _ body: (UnsafeRawBufferPointer) -> Void
  ) {
    if let given = finding.givenExplanation {
      var text = given[language]
      // The string's bytes, lent for `body` only.
      text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    } else if let calendar = finding.deadlineCalendar?.calendar, finding.deadline != nil {
      scratch.removeAll(keepingCapacity: true)
      // Through the optional in place: binding the deadline would copy it.
      finding.deadline?.appendExplanation(language, calendar: calendar, to: &scratch)
      scratch.withUnsafeBytes(body)
    }
  }
}

import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Texts shared by findings are written from cached escaped bytes while the finding holds the same
/// text (the same string, or equal text stored apart); any other text, even one of the same
/// length, is escaped afresh.
@Suite struct SharedJSONTextTests {
  /// Writes each text through one cache, as consecutive findings would.
  private func written(_ texts: [String]) -> [String] {
    var cache = SharedJSONText()
    return texts.map { text in
      var sink = ReportSink()
      cache.writeString(text, to: &sink)
      return sink.text
    }
  }

  @Test func sameStringIsReusedAndOtherStringsAreEscapedAfresh() {
    // Long enough to be stored apart (not inline), with characters that need escapes.
    let long = "taken_in_charge \"within\" 8 working hours\n"
    let sameLengthOther = "taken_in_charge \"within\" 4 working hours\n"
    let equalStoredApart = String(decoding: Array(long.utf8), as: UTF8.self)
    #expect(long.utf8.count == sameLengthOther.utf8.count)
    let texts = [long, long, sameLengthOther, equalStoredApart, "short", "short2", long, "受理 ⇒ 截止\u{2028}"]
    #expect(
      written(texts) == [
        #""taken_in_charge \"within\" 8 working hours\n""#,
        #""taken_in_charge \"within\" 8 working hours\n""#,
        #""taken_in_charge \"within\" 4 working hours\n""#,
        #""taken_in_charge \"within\" 8 working hours\n""#,
        #""short""#, #""short2""#,
        #""taken_in_charge \"within\" 8 working hours\n""#,
        #""受理 ⇒ 截止\u2028""#,
      ])
  }

  @Test func contentIsWrittenWithoutQuotes() {
    var cache = SharedJSONText()
    var sink = ReportSink()
    let id = "bench-rule-with-a-long-id"
    cache.writeContent(id, to: &sink)
    sink.write(byte: UInt8(ascii: "|"))
    cache.writeContent(id, to: &sink)
    #expect(sink.text == "bench-rule-with-a-long-id|bench-rule-with-a-long-id")
  }

  @Test func listsAreReusedOnlyForTheSameListAndIndent() {
    var cache = SharedJSONStrings()
    let list = ["b=2 working hours of the day", "a=1"]
    let other = ["c=3"]
    var outputs: [String] = []
    let equalApart = list.map { String(decoding: Array($0.utf8), as: UTF8.self) }
    for (texts, indent) in [(list, 2), (list, 2), (other, 2), (list, 4), (equalApart, 4), (list, 2)] {
      var sink = ReportSink()
      cache.write(texts, indent: indent, to: &sink)
      outputs.append(sink.text)
    }
    let sorted2 = "[\n    \"a=1\",\n    \"b=2 working hours of the day\"\n  ]"
    let sorted4 = "[\n      \"a=1\",\n      \"b=2 working hours of the day\"\n    ]"
    #expect(outputs == [sorted2, sorted2, "[\n    \"c=3\"\n  ]", sorted4, sorted4, sorted2])
  }

  /// Findings of one rule whose shared texts change from one finding to the next (expected text,
  /// file, assumed parameters, rule id) must each show their own values in the JSON report.
  @Test func findingsWithChangingTextsShowTheirOwn() throws {
    var result = ReporterStreamingTests.richResult()
    let r = try #require(result.rules.firstIndex { !$0.findings.isEmpty })
    let template = result.rules[r].findings[0]
    let expectations = [
      "expected one, long enough to be stored apart", "expected two, long enough to be stored apart",
    ]
    let files = ["data/a-rather-long-file-name-one.csv", "data/a-rather-long-file-name-two.csv"]
    let assumed = [["limit=2 working hours", "base=1"], ["other=3 days"]]
    var findings: [Finding] = []
    for i in 0..<9 {
      var finding = template
      finding.subject = "T\(i)"
      finding.ruleID = i % 3 == 0 ? "rule-id-that-is-long-\(i % 2)" : template.ruleID
      finding.expected = LocalizedText(zh: expectations[i / 2 % 2] + "（中）", en: expectations[i / 2 % 2])
      finding.evidence = [
        Evidence(label: "received", time: nil, file: files[i % 2], line: i),
        Evidence(label: "closed", time: nil, file: files[i / 3 % 2], line: i + 100),
      ]
      finding.assumedParameters = assumed[i / 4 % 2]
      findings.append(finding)
    }
    result.rules[r].findings = findings
    for threads in [1, 2] {
      var options = ReportOptions(language: .en, threads: threads)
      options.findingWindow = 2
      let text = JSONReporter().render(result, options: options)
      let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
      let rules = try #require(json["rules"] as? [[String: Any]])
      let rendered = try #require(rules[r]["findings"] as? [[String: Any]])
      #expect(rendered.count == findings.count)
      for (findingJSON, finding) in zip(rendered, findings) {
        #expect(findingJSON["ruleId"] as? String == finding.ruleID)
        #expect(findingJSON["fingerprint"] as? String == finding.fingerprint)
        #expect(
          (findingJSON["expected"] as? [String: String]) == [
            "en": finding.expected.en, "zh": finding.expected.zh,
          ])
        let evidence = try #require(findingJSON["evidence"] as? [[String: Any]])
        #expect(evidence.compactMap { $0["file"] as? String } == finding.evidence.map(\.file))
        #expect(findingJSON["assumedParameters"] as? [String] == finding.assumedParameters.sorted())
      }
    }
  }
}

import Foundation
import PolicyRules
import Testing

@testable import Checker

/// `write(_:options:to:)` must give `render`'s bytes whatever the sink, and the streaming JSON
/// writers must keep `JSONValue`'s sorted key order for members the golden sample leaves out.
@Suite struct ReporterStreamingTests {
  static let cases: [(String, Language)] = ReporterRegistry.names.flatMap { name in
    Language.allCases.map { (name, $0) }
  }

  /// The sample with a baseline state on every finding and every evidence line located, so the
  /// optional SARIF and JSON members all appear.
  static func richResult() -> AuditResult {
    var result = SampleAuditResult.make()
    let states = BaselineState.allCases
    for r in result.rules.indices {
      for f in result.rules[r].findings.indices {
        result.rules[r].findings[f].baselineState = states[(r + f) % states.count]
        result.rules[r].findings[f].period = result.rules[r].findings[f].period ?? "2024-09"
      }
    }
    return result
  }

  @Test(arguments: cases)
  func streamingEqualsRender(formatName: String, language: Language) throws {
    let reporter = try #require(ReporterRegistry.reporter(named: formatName))
    let options = ReportOptions(language: language)
    for result in [SampleAuditResult.make(), Self.richResult()] {
      let rendered = reporter.render(result, options: options)
      var memory = ReportSink()
      reporter.write(result, options: options, to: &memory)
      #expect(memory.text == rendered)

      // A 16-byte buffer flushes many times inside keys, strings and escapes.
      let folder = try ReportSinkTests.folder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let path = folder.appendingPathComponent("report").path
      var file = try ReportSink(path: path, capacity: 16)
      reporter.write(result, options: options, to: &file)
      #expect(file.byteCount == rendered.utf8.count)
      try file.finish()
      #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(rendered.utf8))
    }
  }

  @Test(arguments: ["json", "sarif"])
  func everyObjectKeepsSortedKeys(formatName: String) throws {
    let reporter = try #require(ReporterRegistry.reporter(named: formatName))
    let text = reporter.render(Self.richResult(), options: ReportOptions(language: .en))
    #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    #expect(text.contains("\"baselineState\": \"absent\""))
    #expect(Self.keyOrderViolations(text) == [])
  }

  @Test func streamedFingerprintsEqualFindingFingerprint() {
    for ruleResult in Self.richResult().rules + SampleAuditResult.make().rules {
      for finding in ruleResult.findings {
        var raw = ReportSink()
        ReportFacts.writeFingerprint(finding, to: &raw) { $0.write($1) }
        #expect(raw.text == finding.fingerprint)
        var json = ReportSink()
        ReportFacts.writeJSONFingerprint(finding, to: &json)
        #expect(json.text == ReportEscaping.jsonString(finding.fingerprint))
      }
    }
  }

  @Test func keyOrderCheckCatchesUnsortedKeys() {
    let unsorted = "{\n  \"b\": 1,\n  \"a\": {\n    \"y\": 1,\n    \"x\": 2\n  }\n}\n"
    #expect(Self.keyOrderViolations(unsorted) == ["\"a\" after \"b\"", "\"x\" after \"y\""])
    let sorted =
      "{\n  \"a\": [\n    {\n      \"z\": 1\n    },\n    {\n      \"y\": 1\n    }\n  ],\n  \"b\": 2\n}\n"
    #expect(Self.keyOrderViolations(sorted) == [])
  }

  /// Keys of one object out of UTF-8 byte order, in pretty-printed JSON (one member per line).
  static func keyOrderViolations(_ text: String) -> [String] {
    var lastKey: [Int: String] = [:]
    var violations: [String] = []
    for line in text.split(separator: "\n") {
      let indent = line.prefix { $0 == " " }.count
      let body = line.dropFirst(indent)
      // A line at this depth ends every deeper object (sibling objects are always separated by
      // their closing and opening lines).
      lastKey = lastKey.filter { $0.key <= indent }
      guard body.hasPrefix("\""), let end = body.dropFirst().firstIndex(of: "\""),
        body[body.index(after: end)...].hasPrefix(": ")
      else { continue }
      let key = String(body[body.index(after: body.startIndex)..<end])
      if let previous = lastKey[indent], !previous.utf8.lexicographicallyPrecedes(key.utf8) {
        violations.append("\"\(key)\" after \"\(previous)\"")
      }
      lastKey[indent] = key
    }
    return violations
  }
}

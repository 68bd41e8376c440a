import Foundation
import Testing

@testable import Checker

/// XES files that are not well-formed are errors at their line and column; events that belong
/// to no case are rejected rows, not dropped.
@Suite struct XESDamageTests {
  /// A log of `traces` traces of `events` events each, one element a line.
  static func log(traces: Int, events: Int) -> String {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1.0\">\n"
    for t in 0..<traces {
      text += "  <trace>\n    <string key=\"concept:name\" value=\"T-\(t)\"/>\n"
      for e in 0..<events {
        text += "    <event>\n      <string key=\"concept:name\" value=\"step\(e)\"/>\n"
        text += "      <date key=\"time:timestamp\" value=\"2024-09-\(10 + e % 18)T10:00:00+08:00\"/>\n"
        text += "    </event>\n"
      }
      text += "  </trace>\n"
    }
    return text + "</log>\n"
  }

  func load(_ text: String, name: String = "log.xes") -> Dataset {
    DatasetLoader.autodetect(files: [InputTestSupport.write(text, name: name)])
  }

  @Test func aLogCutAnywhereIsAnErrorAtTheEndNeverFewerRows() {
    let text = Self.log(traces: 300, events: 10)
    let whole = load(text)
    #expect(whole.counts == ReadCounts(read: 3_000, used: 3_000, rejected: 0))
    #expect(whole.diagnostics.isEmpty)
    let bytes = Array(text.utf8)
    // The last line break may go; anything more is a cut inside the document.
    let end = bytes.count - "</log>\n".utf8.count
    var random = SplitMix(seed: 3)
    for _ in 0..<40 {
      let cut = 60 + Int(random.next() % UInt64(end - 60))
      let dataset = load(String(decoding: bytes[0..<cut], as: UTF8.self))
      let lines = bytes[0..<cut].filter { $0 == 0x0A }.count + 1
      #expect(dataset.counts == ReadCounts(), "cut at \(cut)")
      #expect(dataset.hasFileErrors, "cut at \(cut)")
      let error = dataset.diagnostics.first { $0.severity == .error }
      #expect(error?.mark?.line == lines, "cut at \(cut)")
      #expect(
        error?.message.hasPrefix("not well-formed XML: the file ends inside <") == true, "cut at \(cut)")
      #expect(error?.message.contains("error 5") == false)
    }
  }

  @Test func eventsOutsideATraceOrInANestedOneAreRejectedRows() {
    let text = """
      <log>
        <event><string key="concept:name" value="lost"/></event>
        <trace>
          <string key="concept:name" value="T-1"/>
          <event>
            <string key="concept:name" value="register"/>
            <date key="time:timestamp" value="2024-09-12T08:00:00+08:00"/>
          </event>
          <trace><event><string key="concept:name" value="inner"/></event></trace>
          <event>
            <event><string key="concept:name" value="nested"/></event>
            <string key="concept:name" value="resolve"/>
            <date key="time:timestamp" value="2024-09-12T10:00:00+08:00"/>
          </event>
        </trace>
        <log><trace><event/></trace></log>
      </log>

      """
    let dataset = load(text)
    #expect(dataset.counts == ReadCounts(read: 6, used: 2, rejected: 4))
    #expect(
      dataset.rejections.map { "\($0.source.line): \($0.reason)" } == [
        "2: event outside a <trace>: it belongs to no case",
        "9: event in a <trace> nested in the <trace> of line 3",
        "11: event nested in the <event> of line 10",
        "16: event in a <log> nested in the <log> of line 1",
      ])
    #expect(dataset.cases.map(\.id) == ["T-1"])
    #expect(dataset.cases.first?.events.map(\.activity) == ["register", "resolve"])
  }

  @Test func xmlErrorsAreWordsWithTheirPosition() {
    func error(_ text: String) -> String? {
      load(text).diagnostics.first { $0.severity == .error }.map { d in
        "\(d.mark.map { "\($0.line):\($0.column)" } ?? "-") \(d.message)"
      }
    }
    #expect(
      error("<log>\n</log>\n<log>\n</log>\n")
        == "3:1 not well-formed XML: content follows the end of the root element (a second <log>?); no event of this file is read"
    )
    #expect(
      error("<log>\n<trace a=\"x & y\">\n</trace></log>")
        == "3:15 not well-formed XML: a name is missing (a bare '&' or '<' in text must be written &amp; or &lt;); no event of this file is read"
    )
    let loop =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\n<log>&a;</log>"
    #expect(error(loop)?.contains("an entity that refers to itself (an entity loop)") == true)
    #expect(
      error("<log>\n<trace a=\"1\" a=\"2\"></trace></log>")?.contains("the same attribute is given twice")
        == true)
    #expect(XESReader.phrase(forXMLError: 9999) == "XML error 9999")
    #expect(error("<log>\n<trace>\n</log>")?.contains("error 5") == false)
  }
}

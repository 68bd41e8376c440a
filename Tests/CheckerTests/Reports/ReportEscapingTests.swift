import Testing

@testable import Checker

@Suite struct ReportEscapingTests {
  @Test(arguments: [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1", "'+1"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("plain", "plain"),
    ("a=b", "a=b"),
    ("", ""),
  ])
  func csvNeutralisesFormulaStarts(input: String, expected: String) {
    #expect(ReportEscaping.csvCell(input) == expected)
  }

  @Test func csvQuotesPerRFC4180() {
    #expect(ReportEscaping.csvCell("a,b") == "\"a,b\"")
    #expect(ReportEscaping.csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(ReportEscaping.csvCell("two\nlines") == "\"two\nlines\"")
    // A neutralised carriage return still needs quotes.
    #expect(ReportEscaping.csvCell("\rX") == "\"'\rX\"")
    #expect(ReportEscaping.csvCell("=1,2") == "\"'=1,2\"")
  }

  @Test func htmlEscapesMarkupAndQuotes() {
    #expect(
      ReportEscaping.html("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
    #expect(ReportEscaping.html("a & \"b\"") == "a &amp; &quot;b&quot;")
    #expect(ReportEscaping.html("维修一组") == "维修一组")
  }

  @Test func htmlShowsControlsAsReplacementAndKeepsLineBreaks() {
    #expect(ReportEscaping.html("a\tb\nc\rd") == "a\tb\nc\rd")
    #expect(
      ReportEscaping.html("\u{0}\u{1B}[31m\u{7F}\u{85}\u{9F}\u{A0}")
        == "\u{FFFD}\u{FFFD}[31m\u{FFFD}\u{FFFD}\u{FFFD}\u{A0}")
    #expect(ReportEscaping.html("\u{FFFE}\u{FFFF}é😀") == "\u{FFFE}\u{FFFF}é😀")
  }

  @Test func xmlDropsForbiddenControlsAndKeepsLineBreaksInText() {
    #expect(ReportEscaping.xml("a\u{1}b<c>'") == "ab&lt;c&gt;&apos;")
    #expect(ReportEscaping.xml("a\nb") == "a&#10;b")
    #expect(ReportEscaping.xmlText("a\nb&") == "a\nb&amp;")
    // Element text keeps line feeds and tabs, not carriage returns; a literal reference in the
    // input stays escaped text.
    #expect(ReportEscaping.xml("\t\r&#10;") == "&#9;&#13;&amp;#10;")
    #expect(ReportEscaping.xmlText("\t\r&#10;\n") == "\t&#13;&amp;#10;\n")
  }

  @Test func markdownEscapesTableAndInlineSyntax() {
    #expect(ReportEscaping.markdown("a|b") == "a\\|b")
    #expect(ReportEscaping.markdown("*x* _y_ [l](u) `c`") == "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`")
    #expect(ReportEscaping.markdown("<b>\nnext") == "&lt;b&gt; next")
  }

  @Test func jsonStringEscapesQuotesBackslashesAndControls() {
    #expect(ReportEscaping.jsonString("a\"b\\c") == "\"a\\\"b\\\\c\"")
    #expect(ReportEscaping.jsonString("\n\t\u{1}") == "\"\\n\\t\\u0001\"")
    #expect(ReportEscaping.jsonString("\u{2028}中") == "\"\\u2028中\"")
  }

  @Test func uriPathPercentEncodesOutsideUnreserved() {
    #expect(ReportEscaping.uriPath("data/helpdesk.csv") == "data/helpdesk.csv")
    #expect(ReportEscaping.uriPath("data/my file#1.csv") == "data/my%20file%231.csv")
    #expect(ReportEscaping.uriPath("数据.csv") == "%E6%95%B0%E6%8D%AE.csv")
  }

  @Test func jsonValueSortsKeysAndPrintsNumbersStably() {
    let value = JSONValue.object([
      "b": .integer(1), "a": .array([.number(0.75), .number(2), .null, .bool(true)]), "$c": .object([:]),
    ])
    #expect(
      value.rendered()
        == "{\n  \"$c\": {},\n  \"a\": [\n    0.75,\n    2,\n    null,\n    true\n  ],\n  \"b\": 1\n}\n")
    #expect(JSONValue.numberText(.nan) == "null")
  }

  @Test func terminalWidthCountsCJKAsTwoColumns() {
    #expect(TerminalText.width("abc") == 3)
    #expect(TerminalText.width("合规率") == 6)
    #expect(TerminalText.padLeft("违规", 6) == "  违规")
    #expect(TerminalText.truncate("服务流程管理制度", to: 7) == "服务流…")
    let lines = TerminalText.wrap("one two three four", firstPrefix: "x: ", indent: "   ", columns: 10)
    #expect(lines == ["x: one two", "   three", "   four"])
  }

  /// The escapers (their `String` forms return what the byte writers write) give exactly the text
  /// of a simple loop over Unicode scalars, on every character they touch and around them (ASCII,
  /// CJK, emoji, C0 and C1 controls, DEL, U+FFFD, U+FFFE, U+FFFF), at any position.
  @Test func escapersEqualScalarByScalarEscaping() {
    let pieces: [String] = [
      "a", "中", "😀", "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}", "<", ">", "&", "\"", "'",
      "\n", "\r", "\t", "\r\n", "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{C2}",
      "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "é", " ",
    ]
    var generator = SystemRandomNumberGenerator()
    var texts = pieces + [""]
    for _ in 0..<2000 {
      texts.append(
        (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
          .joined())
    }
    for text in texts {
      #expect(ReportEscaping.markdown(text) == Self.markdownByScalars(text))
      #expect(ReportEscaping.html(text) == Self.htmlByScalars(text))
      #expect(ReportEscaping.xml(text) == Self.xmlByScalars(text, keepingLineBreaks: false))
      #expect(ReportEscaping.xmlText(text) == Self.xmlByScalars(text, keepingLineBreaks: true))
    }
  }

  /// HTML escaping character by character, as `ReportEscaping.html` worked before it wrote bytes
  /// into a sink: the oracle the byte escaper must match.
  static func htmlByScalars(_ text: String) -> String {
    let table: [Unicode.Scalar: String] = [
      "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "\t": "\t", "\n": "\n",
      "\r": "\r",
    ]
    return byScalars(text, table) { isControl($0) ? "\u{FFFD}" : nil }
  }

  /// Markdown escaping character by character, as `ReportEscaping.markdown` worked before it
  /// wrote bytes into a sink: the oracle the byte escaper must match.
  static func markdownByScalars(_ text: String) -> String {
    var table: [Unicode.Scalar: String] = [
      "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " ", "\t": " ",
    ]
    for scalar in "\\`*_[]|#~!{}".unicodeScalars { table[scalar] = "\\\(scalar)" }
    return byScalars(text, table) { isControl($0) ? "\u{FFFD}" : nil }
  }

  /// XML escaping character by character, as `ReportEscaping.xml` (and, keeping line breaks,
  /// `xmlText`) worked before they wrote bytes into a sink: the oracle the byte escaper must match.
  static func xmlByScalars(_ text: String, keepingLineBreaks: Bool) -> String {
    let table: [Unicode.Scalar: String] = [
      "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;", "\r": "&#13;",
      "\n": keepingLineBreaks ? "\n" : "&#10;", "\t": keepingLineBreaks ? "\t" : "&#9;",
    ]
    // Characters XML 1.0 forbids are dropped.
    return byScalars(text, table) { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF ? "" : nil }
  }

  /// `text` with each scalar in `table` replaced by its entry, any other by what `other` returns
  /// for it (kept when nil).
  static func byScalars(
    _ text: String, _ table: [Unicode.Scalar: String], other: (Unicode.Scalar) -> String?
  ) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if let replacement = table[scalar] ?? other(scalar) {
        out += replacement
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// C0 controls, DEL and C1 controls: what the Markdown and HTML escapers show as U+FFFD.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }
}

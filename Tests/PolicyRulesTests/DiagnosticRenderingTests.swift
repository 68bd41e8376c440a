import Testing

@testable import PolicyRules

@Suite struct DiagnosticRenderingTests {
  @Test func rendersEveryDiagnosticWithItsSnippet() {
    let source = SourceText(path: "r.yaml", text: "id: x\ntitle: 标题: y\n")
    let diagnostics = [
      Diagnostic(path: "r.yaml", mark: SourceMark(line: 2, column: 10), message: "first"),
      Diagnostic(path: "r.yaml", mark: nil, message: "second"),
    ]
    #expect(
      diagnostics.rendered(source: source)
        == "r.yaml:2:10: error: first\ntitle: 标题: y\n           ^\nr.yaml: error: second",
      "each Chinese character before the column takes two terminal cells")
    #expect([Diagnostic]().rendered(source: source) == "")
  }

  @Test func sourceTextSplitsLinesOnLineFeedsOnly() {
    let crlf = SourceText(path: "r.yaml", text: "a: 1\r\nb: 中\r\n")
    #expect(crlf.line(1) == "a: 1")
    #expect(crlf.line(2) == "b: 中")
    #expect(crlf.line(3) == "")
    #expect(crlf.line(4) == nil)
    #expect(crlf.line(0) == nil)

    let unterminated = SourceText(path: "r.yaml", text: "x\n\ny")
    #expect(unterminated.line(2) == "")
    #expect(unterminated.line(3) == "y")
    #expect(unterminated.line(4) == nil)
    // A lone carriage return and U+2028 are not line breaks here (YAML marks are mapped to match).
    #expect(SourceText(path: "r.yaml", text: "a\rb\u{2028}c").line(1) == "a\rb\u{2028}c")
    #expect(SourceText(path: "r.yaml", text: "").line(1) == "")
  }
}

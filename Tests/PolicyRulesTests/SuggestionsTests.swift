import Testing

@testable import PolicyRules

@Test func suggestsCloseKeyForTypo() {
  #expect(Suggestions.closest(to: "severty", in: ["severity", "scope", "title"]) == "severity")
  #expect(Suggestions.closest(to: "zzzzzz", in: ["severity", "scope"]) == nil)
}

@Test func rendersDiagnosticWithCaret() {
  let source = SourceText(path: "r.yaml", text: "a: 1\nkind: dedline\n")
  let d = Diagnostic(
    path: "r.yaml", mark: SourceMark(line: 2, column: 7), message: "unknown check kind 'dedline'")
  #expect(
    d.rendered(source: source) == "r.yaml:2:7: error: unknown check kind 'dedline'\nkind: dedline\n      ^")
}

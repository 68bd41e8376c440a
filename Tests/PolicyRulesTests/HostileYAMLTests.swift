import Foundation
import Testing

@testable import PolicyRules

/// Parses `bytes` as `t.yaml`; returns the one-line diagnostics.
private func errors(_ bytes: [UInt8]) -> [String] {
  var bag = DiagnosticBag(path: "t.yaml")
  _ = YAMLParser.parse(bytes: bytes, path: "t.yaml", diagnostics: &bag)
  return bag.items.map(\.description)
}

private func errors(_ text: String) -> [String] { errors(Array(text.utf8)) }

/// Nesting, NUL bytes, encodings and huge lines: never a crash, always a position.
@Suite struct HostileYAMLTests {
  static let tooDeep = "nesting deeper than 256 levels is not supported"

  /// Block collections nest like flow ones: "- - - … x" is 256 sequences deep at the bound.
  @Test func deepBlockNestingIsBounded() {
    let depth = YAMLTreeBuilder.maxNestingDepth
    #expect(errors(String(repeating: "- ", count: depth) + "x\n").isEmpty)
    #expect(
      errors(String(repeating: "- ", count: depth + 1) + "x\n") == ["t.yaml:1:513: error: \(Self.tooDeep)"])
    #expect(
      errors(String(repeating: "- ", count: 100_000) + "x\n") == ["t.yaml:1:513: error: \(Self.tooDeep)"])
    // Indented mappings, one level a line.
    let mappings =
      (0...depth).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n"
    #expect(errors(mappings) == ["t.yaml:257:257: error: \(Self.tooDeep)"])
  }

  /// A tree at the bound is built, read and freed (freeing recurses) on a 512 KiB stack.
  @Test func treeAtTheBoundFitsASmallStack() {
    let depth = YAMLTreeBuilder.maxNestingDepth
    let text = String(repeating: "- ", count: depth - 2) + "{k: [x]}\n"
    let found = onSmallStack { () -> Int in
      var bag = DiagnosticBag(path: "t.yaml")
      var node = YAMLParser.parse(bytes: Array(text.utf8), path: "t.yaml", diagnostics: &bag)?.root
      var levels = 0
      while let current = node {
        levels += 1
        node = current.sequence?.items.first ?? current.mapping?.entries.first?.value
      }
      return levels
    }
    #expect(found == depth + 1)
  }

  @Test func hundredThousandFlowSequencesAreAnError() {
    #expect(
      errors(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)) == [
        "t.yaml:1:257: error: \(Self.tooDeep)"
      ])
  }

  /// An alias copies its node where it is used, so the copy's height counts there: aliases
  /// cannot stack trees past the bound.
  @Test func aliasesCannotNestPastTheBound() {
    func document(anchored: Int, usedAt: Int) -> String {
      "a: &deep " + String(repeating: "[", count: anchored) + String(repeating: "]", count: anchored)
        + "\nb: "
        + String(repeating: "[", count: usedAt) + "*deep" + String(repeating: "]", count: usedAt) + "\n"
    }
    // The root mapping is one level: 1 + 100 + 155 = 256.
    #expect(errors(document(anchored: 155, usedAt: 100)).isEmpty)
    #expect(
      errors(document(anchored: 156, usedAt: 100)) == [
        "t.yaml:2:104: error: alias 'deep' would nest deeper than 256 levels"
      ])
  }

  @Test func nulByteIsReportedWithItsPosition() {
    let message = "error: file contains a NUL byte"
    #expect(errors(Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8)) == ["t.yaml:2:5: \(message)"])
    #expect(errors([0] + Array("a: 1\n".utf8)) == ["t.yaml:1:1: \(message)"])
    // A NUL among the first bytes of UTF-8 text is not UTF-16.
    #expect(errors(Array("a".utf8) + [0] + Array("b: 1\nc: 2\n".utf8)) == ["t.yaml:1:2: \(message)"])
    #expect(errors(Array("标题: x".utf8) + [0]) == ["t.yaml:1:6: \(message)"])
  }

  /// UTF-16 needs a byte order mark or its shape: NULs on one side of at least half the pairs.
  @Test func utf16WithoutByteOrderMarkIsRecognisedByItsShape() {
    let expected = ["t.yaml: error: file is UTF-16 encoded; save it as UTF-8"]
    let text = "id: 规则\ntitle: x\n"
    let littleEndian = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let bigEndian = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(errors(littleEndian) == expected)
    #expect(errors(bigEndian) == expected)
    #expect(errors([0xFF, 0xFE] + littleEndian) == expected)
    #expect(!YAMLParser.isUTF16([0, 0, 0x61, 0]))
    #expect(!YAMLParser.isUTF16(Array("ab".utf8) + [0]))
  }

  /// A 10 MB line under a diagnostic is cut to 200 characters around the column; the caret
  /// still points at the same character.
  @Test(arguments: [0, 50, 5_000_000, 9_999_990, 10_000_000])
  func longLinesAreCutAroundTheColumn(column: Int) throws {
    var line = String(repeating: "a", count: 10_000_000)
    let index = line.index(line.startIndex, offsetBy: min(column, line.count - 1))
    line.replaceSubrange(index...index, with: "X")
    let source = SourceText(path: "t.yaml", text: "k: v\n" + line + "\n")
    let diagnostic = Diagnostic(path: "t.yaml", mark: SourceMark(line: 2, column: column + 1), message: "bad")
    let rendered = diagnostic.rendered(source: source).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(rendered.count == 3)
    #expect(rendered[0] == "t.yaml:2:\(column + 1): error: bad")
    let snippet = Array(rendered[1])
    let caret = try #require(rendered[2].firstIndex(of: "^"))
    let caretColumn = rendered[2].distance(from: rendered[2].startIndex, to: caret)
    #expect(snippet.count <= Diagnostic.maxSnippetLength + 2)
    #expect(rendered[2].allSatisfy { $0 == " " || $0 == "^" })
    if column < line.count {
      #expect(snippet[caretColumn] == "X")
    } else {
      #expect(caretColumn == snippet.count - (snippet.last == "…" ? 1 : 0))
    }
    #expect((snippet.first == "…") == (column > Diagnostic.maxSnippetLength / 2))
    #expect((snippet.last == "…") == (column < line.count - Diagnostic.maxSnippetLength / 2))
  }

  /// A message quoting a 1 MB pattern keeps its start and end, 400 characters in all.
  @Test func longMessagesAreCutInTheMiddle() {
    let quoted =
      "invalid regular expression '" + String(repeating: "a", count: 1_000_000) + "(?=b)': lookaround"
    let diagnostic = Diagnostic(path: "t.yaml", mark: SourceMark(line: 1, column: 2), message: quoted)
    let shown = diagnostic.description
    #expect(shown.hasPrefix("t.yaml:1:2: error: invalid regular expression 'aaa"))
    #expect(shown.hasSuffix("aaa(?=b)': lookaround"))
    #expect(shown.unicodeScalars.count == "t.yaml:1:2: error: ".count + Diagnostic.maxMessageLength + 1)
    let short = Diagnostic(path: "t.yaml", mark: nil, message: String(repeating: "x", count: 400))
    #expect(short.description == "t.yaml: error: " + String(repeating: "x", count: 400))
  }

  /// Short lines are shown whole, as before.
  @Test func shortLinesAreShownWhole() {
    let source = SourceText(path: "t.yaml", text: "title: 标题: y\n")
    let diagnostic = Diagnostic(path: "t.yaml", mark: SourceMark(line: 1, column: 10), message: "bad")
    #expect(diagnostic.rendered(source: source) == "t.yaml:1:10: error: bad\ntitle: 标题: y\n           ^")
  }
}

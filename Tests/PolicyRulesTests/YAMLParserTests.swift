import Foundation
import Testing

@testable import PolicyRules

/// Parses `text` as `t.yaml`; returns the document and the rendered one-line diagnostics.
private func parse(_ text: String) -> (document: YAMLDocument?, errors: [String]) {
  parse(bytes: Array(text.utf8))
}

private func parse(bytes: [UInt8]) -> (document: YAMLDocument?, errors: [String]) {
  var bag = DiagnosticBag(path: "t.yaml")
  let document = YAMLParser.parse(bytes: bytes, path: "t.yaml", diagnostics: &bag)
  return (document, bag.items.map(\.description))
}

private func mark(_ line: Int, _ column: Int) -> SourceMark { SourceMark(line: line, column: column) }

@Suite struct YAMLParserTests {
  @Test func nestedCollectionsKeepMarksCountedInScalarsAfterChineseText() throws {
    let text = """
      title: 工单
      owner:
        name: 张三
        teams: [运维, 网络组]
      级别: {响应: 4h, 解决: 1d}
      steps:
        - id: a
          note: 说明
      """
    let (document, errors) = parse(text)
    #expect(errors.isEmpty)
    let root = try #require(document?.root?.mapping)
    #expect(root.mark == mark(1, 1))
    #expect(root.keys == ["title", "owner", "级别", "steps"])
    #expect(root["title"]?.scalar?.mark == mark(1, 8))
    #expect(root["title"]?.scalar?.value == "工单")

    let owner = try #require(root["owner"]?.mapping)
    #expect(owner.mark == mark(3, 3))
    #expect(owner.entry("name")?.key.mark == mark(3, 3))
    #expect(owner["name"]?.scalar?.mark == mark(3, 9))
    let teams = try #require(owner["teams"]?.sequence)
    #expect(teams.mark == mark(4, 10))
    #expect(teams.items.map(\.mark) == [mark(4, 11), mark(4, 15)])
    #expect(teams.items.compactMap(\.scalar?.value) == ["运维", "网络组"])

    let level = try #require(root["级别"]?.mapping)
    #expect(level.mark == mark(5, 5))
    #expect(level.entry("响应")?.key.mark == mark(5, 6))
    #expect(level["响应"]?.mark == mark(5, 10))
    #expect(level.entry("解决")?.key.mark == mark(5, 14))
    #expect(level["解决"]?.mark == mark(5, 18))

    let steps = try #require(root["steps"]?.sequence)
    #expect(steps.mark == mark(7, 3))
    let step = try #require(steps.items.first?.mapping)
    #expect(step.mark == mark(7, 5))
    #expect(step["id"]?.mark == mark(7, 9))
    #expect(step.entry("note")?.key.mark == mark(8, 5))
    #expect(step["note"]?.mark == mark(8, 11))
  }

  @Test func syntaxErrorAfterChineseTextPointsAtTheScalarColumn() {
    #expect(
      parse("id: x\n名称: 值: x\n").errors == [
        "t.yaml:2:6: error: mapping values are not allowed in this context"
      ])
  }

  @Test func crlfLineEndingsGiveTheSameMarks() throws {
    let root = try #require(parse("a: 1\r\nb: 中文\r\n").document?.root?.mapping)
    #expect(root["b"]?.mark == mark(2, 4))
    #expect(root["b"]?.scalar?.value == "中文")
  }

  @Test func unicodeLineSeparatorDoesNotShiftLines() throws {
    // libyaml counts U+2028 as a line break; the printed source does not, and marks must match it.
    let root = try #require(parse("a: \"x\u{2028}y\"\nb: 1\n").document?.root?.mapping)
    #expect(root["b"]?.mark == mark(2, 4))
    #expect(
      parse("a: \"x\u{2028}y\"\nb: c: d\n").errors == [
        "t.yaml:2:5: error: mapping values are not allowed in this context"
      ])
  }

  @Test func recordsScalarStyles() throws {
    let text = """
      plain: a
      single: 'b'
      double: "c\\td"
      literal: |
        line1
        line2
      folded: >
        f1
        f2
      """
    let root = try #require(parse(text).document?.root?.mapping)
    #expect(root["plain"]?.scalar?.style == .plain)
    #expect(root["single"]?.scalar?.style == .singleQuoted)
    #expect(root["double"]?.scalar?.style == .doubleQuoted)
    #expect(root["double"]?.scalar?.value == "c\td")
    #expect(
      root["literal"]?.scalar == YAMLScalar(value: "line1\nline2\n", style: .literal, mark: mark(4, 10)))
    #expect(root["folded"]?.scalar == YAMLScalar(value: "f1 f2", style: .folded, mark: mark(7, 9)))
  }

  @Test func recordsExplicitTagsAndKeepsQuotedScalarsQuoted() throws {
    let root = try #require(
      parse("a: !!str 123\nb: !custom x\nc: \"true\"\nd: true\n").document?.root?.mapping)
    #expect(root["a"]?.scalar == YAMLScalar(value: "123", style: .plain, mark: mark(1, 4), tag: "!!str"))
    #expect(root["a"]?.scalar?.isPlain == false)
    #expect(root["b"]?.scalar?.tag == "!custom")
    let quoted = try #require(root["c"]?.scalar)
    #expect(quoted.value == "true" && quoted.style == .doubleQuoted && quoted.tag == nil && !quoted.isPlain)
    #expect(root["d"]?.scalar?.isPlain == true)
  }

  @Test func reportsEveryDuplicateKeyWithItsFirstLine() {
    let text = """
      a: 1
      b: 2
      a: 3
      c:
        x: 1
        x: 2
      b: 4
      """
    let (document, errors) = parse(text)
    #expect(document == nil)
    #expect(
      errors == [
        "t.yaml:3:1: error: duplicate key 'a' (first defined at line 1)",
        "t.yaml:6:3: error: duplicate key 'x' (first defined at line 5)",
        "t.yaml:7:1: error: duplicate key 'b' (first defined at line 2)",
      ])
  }

  @Test func sameKeyInSiblingMappingsIsNotADuplicate() {
    #expect(parse("- {a: 1}\n- {a: 2}\n").errors.isEmpty)
  }

  @Test func rejectsASecondDocumentAtItsStart() {
    #expect(parse("a: 1\n---\nb: 2\n").errors == ["t.yaml:2:1: error: only one document per file is allowed"])
    #expect(
      parse("--- \na: 1\n...\n---\nb: 2\n").errors == [
        "t.yaml:4:1: error: only one document per file is allowed"
      ])
  }

  @Test func emptyCommentOnlyAndBareMarkerFilesHaveNoRoot() throws {
    for text in ["", "   \n\n", "# only\n  # comments\n", "---\n", "--- # c\n...\n"] {
      let (document, errors) = parse(text)
      #expect(errors.isEmpty, "\(text.debugDescription)")
      let parsed = try #require(document, "\(text.debugDescription)")
      #expect(parsed.root == nil, "\(text.debugDescription)")
    }
    // An explicit null is a value, not an empty file.
    #expect(parse("~\n").document?.root?.scalar?.value == "~")
  }

  @Test func syntaxErrorsUseLibyamlMessageAndPosition() {
    #expect(
      parse("a:\n  b: 1\n c: 2\n").errors == [
        "t.yaml:3:2: error: did not find expected key while parsing a block mapping (started at line 1, column 1)"
      ])
    #expect(
      parse("a: 'open\n").errors == [
        "t.yaml:2:1: error: found unexpected end of stream while scanning a quoted scalar (started at line 1, column 4)"
      ])
    #expect(
      parse("a:\n\tb: 1\n").errors == [
        "t.yaml:2:1: error: found character that cannot start any token while scanning for the next token"
      ])
    #expect(
      parse("a: [1, 2\nb: 3\n").errors == [
        "t.yaml:2:2: error: did not find expected ',' or ']' while parsing a flow sequence (started at line 1, column 4)"
      ])
  }

  @Test func aliasCopiesTheAnchoredNode() throws {
    let text = """
      base: &b
        x: 1
        y: [a, b]
      name: &n 张三
      copy: *b
      who: *n
      """
    let root = try #require(parse(text).document?.root?.mapping)
    let copy = try #require(root["copy"]?.mapping)
    #expect(copy.keys == ["x", "y"])
    #expect(copy["y"]?.sequence?.items.compactMap(\.scalar?.value) == ["a", "b"])
    // The copy points at the text it came from; a block node with properties starts at its anchor.
    #expect(copy.mark == mark(1, 7))
    #expect(copy.entry("x")?.key.mark == mark(2, 3))
    #expect(root["who"]?.scalar?.value == "张三")
  }

  @Test func laterAnchorWithTheSameNameWins() throws {
    let root = try #require(parse("a: &x 1\nb: &x 2\nc: *x\n").document?.root?.mapping)
    #expect(root["c"]?.scalar?.value == "2")
  }

  @Test func unknownAliasIsAnError() {
    #expect(
      parse("a: *nope\nb: *nope\n").errors == [
        "t.yaml:1:4: error: unknown alias 'nope'", "t.yaml:2:4: error: unknown alias 'nope'",
      ])
    // Unknown aliases as keys are each reported once, not as duplicates of one another.
    #expect(
      parse("*x : 1\n*y : 2\nz: 3\n").errors == [
        "t.yaml:1:1: error: unknown alias 'x'", "t.yaml:2:1: error: unknown alias 'y'",
      ])
    // An anchor is only defined once its node is complete, so a node cannot contain itself.
    #expect(parse("a: &r [*r]\n").errors == ["t.yaml:1:8: error: unknown alias 'r'"])
  }

  @Test func aliasBombFailsFastWithOneError() {
    var lines = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines.append(
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
    }
    let text = lines.joined(separator: "\n")
    #expect(text.utf8.count < 1024)
    let clock = ContinuousClock()
    var result: (document: YAMLDocument?, errors: [String]) = (nil, [])
    let elapsed = clock.measure { result = parse(text) }
    // a: 10 nodes; b adds 90, c 819, d 7380 (8289 in all); the first *d (7381 nodes) breaks the budget.
    #expect(result.errors == ["t.yaml:5:8: error: alias expansion exceeds 10000 nodes (possible alias bomb)"])
    #expect(result.document == nil)
    #expect(elapsed < .milliseconds(200))
  }

  @Test func aliasBudgetAllowsExactlyTheLimit() {
    // The anchored list holds 9999 items plus itself: one alias adds exactly 10000 nodes.
    let list =
      "a: &a [" + Array(repeating: "x", count: YAMLParser.maxAliasExpansion - 1).joined(separator: ",")
      + "]\n"
    #expect(parse(list + "b: *a\n").errors.isEmpty)
    #expect(
      parse(list + "b: *a\nc: *a\n").errors == [
        "t.yaml:3:4: error: alias expansion exceeds 10000 nodes (possible alias bomb)"
      ])
  }

  @Test func mergeKeysAreRejected() {
    let text = "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n"
    #expect(parse(text).errors == ["t.yaml:3:3: error: merge keys are not supported"])
    // A quoted "<<" is an ordinary key.
    #expect(parse("\"<<\": 1\n").document?.root?.mapping?.keys == ["<<"])
  }

  @Test func complexKeysAreRejectedAndParsingContinues() {
    let text = "? [a, b]\n: value\n? {k: v}\n: other\nc: 1\nc: 2\n"
    #expect(
      parse(text).errors == [
        "t.yaml:1:3: error: mapping keys must be scalars, not a list",
        "t.yaml:3:3: error: mapping keys must be scalars, not a mapping",
        "t.yaml:6:1: error: duplicate key 'c' (first defined at line 5)",
      ])
  }

  @Test func aliasOfAScalarMayBeAKeyButAliasOfAMappingMayNot() {
    #expect(parse("k: &k name\n*k : v\n").document?.root?.mapping?.keys == ["k", "name"])
    #expect(
      parse("m: &m {a: 1}\n*m : v\n").errors == [
        "t.yaml:1:4: error: mapping keys must be scalars, not a mapping"
      ])
  }

  @Test func invalidUTF8ByteReportsItsLineAndColumn() {
    let bytes = Array("a: 1\nb: 2\nc: 中文".utf8) + [0xFF] + Array("x\nd: 4\n".utf8)
    #expect(
      parse(bytes: bytes).errors == [
        "t.yaml:3:6: error: file is not valid UTF-8: invalid leading UTF-8 octet 0xff"
      ])
    // The lead byte of 中 followed by ASCII letters: the caret goes to the bad trailing byte.
    #expect(
      parse(bytes: Array("a: x".utf8) + [0xE4, 0x41, 0x42, 0x0A]).errors == [
        "t.yaml:1:6: error: file is not valid UTF-8: invalid trailing UTF-8 octet 0x41"
      ])
    // A sequence cut off by the end of the file points at its first byte.
    #expect(
      parse(bytes: Array("a: x".utf8) + [0xE4, 0xB8]).errors == [
        "t.yaml:1:5: error: file is not valid UTF-8: incomplete UTF-8 octet sequence"
      ])
  }

  @Test func controlCharacterIsReportedWithItsCodePoint() {
    #expect(
      parse("a: 1\nb: x\u{7}\n").errors == ["t.yaml:2:5: error: control characters are not allowed (U+0007)"])
  }

  @Test func utf8ByteOrderMarkIsSkipped() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let document = try #require(parse(bytes: bom + Array("a: 中\nb: 2\n".utf8)).document)
    let root = try #require(document.root?.mapping)
    #expect(root.entry("a")?.key.mark == mark(1, 1))
    #expect(root["a"]?.mark == mark(1, 4))
    #expect(document.source.line(1) == "a: 中")
    #expect(
      parse(bytes: bom + Array("a: b: c\n".utf8)).errors == [
        "t.yaml:1:5: error: mapping values are not allowed in this context"
      ])
  }

  @Test func utf16IsRejected() {
    let expected = ["t.yaml: error: file is UTF-16 encoded; save it as UTF-8"]
    #expect(parse(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00]).errors == expected)
    #expect(parse(bytes: [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x3A]).errors == expected)
    #expect(parse(bytes: [0x61, 0x00, 0x3A, 0x00]).errors == expected)
  }

  @Test func deepNestingIsBoundedWithoutCrashing() {
    let depth = YAMLTreeBuilder.maxNestingDepth
    #expect(parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).errors.isEmpty)
    #expect(
      parse(String(repeating: "[", count: 100_000)).errors == [
        "t.yaml:1:257: error: nesting deeper than 256 levels is not supported"
      ])
  }

  @Test func documentKeepsSourceForSnippets() throws {
    let document = try #require(parse("a: 1\nb: 2\n").document)
    #expect(document.path == "t.yaml")
    #expect(document.source.line(2) == "b: 2")
  }
}

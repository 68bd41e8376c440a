import Foundation
import Testing

@testable import PolicyRules

/// Every rule file (or folder) `Fixtures/malformed/rules/X` must produce exactly the diagnostics in
/// `X.expected`: the text `policy-check rules validate X` prints on stderr. The CLI tests run the
/// built binary over the same fixtures and compare its stderr with the same golden files.
@Suite struct MalformedRuleFixtureTests {
  static let directory = "Fixtures/malformed/rules"

  /// Every `.yaml` file and every folder (a folder fixture holds several files loaded together).
  static let inputs: [String] = {
    let url = GoldenFile.repositoryRoot.appendingPathComponent(directory)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.filter { name in
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
      return name.hasSuffix(".yaml") || isFolder.boolValue
    }.sorted().map { directory + "/" + $0 }
  }()

  /// The diagnostics as `rules validate` prints them when run from the repository root.
  static func renderedDiagnostics(_ input: String) -> (text: String, hasErrors: Bool) {
    let library = RuleLibrary.load(paths: [GoldenFile.absolutePath(input)])
    let rootPrefix = GoldenFile.repositoryRoot.path + "/"
    let text = library.renderedDiagnostics.replacingOccurrences(of: rootPrefix, with: "")
    return (text.isEmpty ? "" : text + "\n", library.hasErrors)
  }

  @Test func corpusIsPresent() {
    #expect(Self.inputs.count >= 15)
    #expect(Self.inputs.count + MalformedYAMLFixtureTests.inputs.count >= 32)
  }

  @Test(arguments: inputs)
  func producesGoldenDiagnostics(input: String) throws {
    let (actual, hasErrors) = Self.renderedDiagnostics(input)
    #expect(hasErrors, "\(input) must not load cleanly")
    // `X.yaml` and the folder `X` both keep their expectation in `X.expected`.
    #expect(actual == (try GoldenFile.expected(for: input, actual: actual)))
  }

  /// Several problems in one file are all reported in one run, in source order.
  @Test func severalErrorsAreCollected() {
    let (text, _) = Self.renderedDiagnostics(Self.directory + "/several-errors.yaml")
    let lines = text.split(separator: "\n").filter { $0.contains(": error: ") }
    #expect(lines.count >= 4)
    let positions = lines.compactMap { line -> Int? in
      line.split(separator: ":").dropFirst().first.flatMap { Int($0) }
    }
    #expect(positions == positions.sorted())
  }

  /// Columns count characters, not bytes: the caret under a Chinese-prefixed expression sits on
  /// the offending token (column 37 of the line, although the line has many more bytes before it).
  @Test func columnAfterChineseTextCountsCharacters() {
    let (text, _) = Self.renderedDiagnostics(Self.directory + "/chinese-before-error.yaml")
    #expect(text.hasPrefix("Fixtures/malformed/rules/chinese-before-error.yaml:10:37: error:"))
    let line = "      assert: '审批人 == \"主管\" and 折扣率 >< 0.9'"
    #expect(Array(line)[36] == "<")
  }
}

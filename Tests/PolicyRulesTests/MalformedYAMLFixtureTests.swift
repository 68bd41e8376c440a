import Testing

@testable import PolicyRules

/// Every `Fixtures/malformed/yaml/X.yaml` must produce exactly the diagnostics in `X.expected`.
@Suite struct MalformedYAMLFixtureTests {
  static let directory = "Fixtures/malformed/yaml"
  static let inputs = GoldenFile.fixtures(in: directory, withExtension: "yaml")

  @Test func corpusIsPresent() {
    #expect(Self.inputs.count >= 10)
  }

  @Test(arguments: inputs)
  func producesGoldenDiagnostics(input: String) throws {
    var bag = DiagnosticBag(path: input)
    let bytes = try #require(YAMLParser.readFile(atPath: GoldenFile.absolutePath(input), diagnostics: &bag))
    let document = YAMLParser.parse(bytes: bytes, path: input, diagnostics: &bag)
    let actual = GoldenFile.text(for: bag.items, source: YAMLParser.sourceText(for: bytes, path: input))
    #expect(actual == (try GoldenFile.expected(for: input, actual: actual)))
    // A file either parses or fails; never both a document and errors.
    #expect((document == nil) == bag.hasErrors)
  }
}

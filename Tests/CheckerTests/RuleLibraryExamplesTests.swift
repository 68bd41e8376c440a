import Foundation
import PolicyRules
import Testing

@testable import Checker

/// The shipped library: it loads without a diagnostic, and every example of every rule produces
/// exactly the judgements it states (the same code as `policy-check rules test`).
@Suite struct RuleLibraryExamplesTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  static let rulesPath = repository.appendingPathComponent("Rules").path
  static let library = RuleLibrary.load(paths: [rulesPath])

  @Test func shippedLibraryLoadsCleanly() {
    #expect(Self.library.diagnostics.isEmpty, "\(Self.library.renderedDiagnostics)")
    #expect(Self.library.rules.count >= 100)
    #expect(
      Set(Self.library.calendars.keys).isSuperset(of: [
        "cn-workdays", "cn-workdays-fullday", "always", "weekdays-9-18",
      ]))
  }

  @Test(arguments: library.rules.map(\.id))
  func examplesOfRule(_ id: String) throws {
    let rule = try #require(Self.library.rules.first { $0.id == id })
    let outcomes = Set(rule.examples.flatMap { $0.expectations.map(\.outcome) })
    #expect(
      outcomes.contains("passed") && outcomes.contains("violated"),
      "rule \(id) lacks a passed or a violated example")
    let runner = ExampleRunner(calendars: Self.library.calendars)
    for example in rule.examples {
      let failure = runner.run(example, of: rule)
      #expect(failure == nil, "\(rule.file):\(example.mark.line): \(example.name): \(failure ?? "")")
    }
  }

  @Test func everyCatalogueRowIsEncoded() throws {
    let text = try String(
      contentsOfFile: Self.repository.appendingPathComponent("Rules/catalogue/CLAUSES.md").path,
      encoding: .utf8)
    let catalogue = ClauseCatalogue(markdown: text)
    #expect(catalogue.entries.count == 112)
    let coverage = catalogue.coverage(of: Self.library.rules)
    #expect(coverage.missing.map(\.id) == [])
    #expect(coverage.unknown.map(\.clause) == [])
  }

  @Test func everyRuleCitesItsClause() throws {
    let regulations = Self.repository.appendingPathComponent("Rules/catalogue")
    for rule in Self.library.rules {
      #expect(
        rule.id.hasPrefix(rule.clause.id), "rule \(rule.id) should start with its clause id \(rule.clause.id)"
      )
      #expect(!rule.clause.quote.isEmpty && !rule.clause.article.isEmpty && !rule.clause.document.isEmpty)
      let file = regulations.appendingPathComponent(rule.clause.file).path
      let text = try String(contentsOfFile: file, encoding: .utf8)
      #expect(text.contains(rule.clause.quote), "rule \(rule.id): quote not found in \(rule.clause.file)")
    }
  }

  @Test(arguments: Language.allCases)
  func generatedDocsAreCurrent(_ language: Language) throws {
    let path = Self.repository.appendingPathComponent("docs/rules.\(language.rawValue).md").path
    let committed = try String(contentsOfFile: path, encoding: .utf8)
    let fresh = RuleDocumentation.render(
      Self.library.rules, calendars: [], language: language, root: Self.repository.path)
    #expect(committed == fresh, "docs/rules.\(language.rawValue).md is stale: run `make docs`")
  }
}

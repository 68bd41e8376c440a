import Foundation
import PolicyRules
import Testing

@testable import RuleDrafting

/// The draft rule files of every shipped regulation load without an error or warning, and each
/// rule cites its document, article and a verbatim quote.
@Suite struct DraftRuleFileTests {
  @Test
  func draftsOfEveryShippedTextLoadCleanly() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: CatalogueRecallTests.regulations.path)
      .filter { $0.hasSuffix(".txt") }.sorted()
    #expect(files.count == 5)
    for file in files {
      let text = try String(
        contentsOf: CatalogueRecallTests.regulations.appendingPathComponent(file), encoding: .utf8)
      let draft = RegulationDraft(text: text, file: file)
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draft-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      for (name, yaml) in draft.ruleFiles {
        try yaml.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
      }
      let library = RuleLibrary.load(paths: [folder.path])
      #expect(library.diagnostics.isEmpty, "\(file): \(library.renderedDiagnostics)")
      #expect(library.rules.count >= draft.candidates.count)
      let ids = Set(draft.candidates.map(\.id))
      for rule in library.rules {
        #expect(ids.contains(rule.clause.id))
        #expect(rule.clause.file == file)
        #expect(!rule.clause.article.isEmpty && !rule.clause.document.isEmpty)
        #expect(text.contains(rule.clause.quote), "\(rule.id): quote not verbatim")
        #expect(rule.examples.count == 1)
      }
      // The catalogue lists every candidate, in the columns ClauseCatalogue reads.
      let catalogue = ClauseCatalogue(markdown: draft.catalogue())
      #expect(catalogue.entries.map(\.id) == draft.candidates.map(\.id))
      #expect(catalogue.entries.map(\.num) == draft.candidates.map { $0.stated ? "E" : "A" })
    }
  }
}

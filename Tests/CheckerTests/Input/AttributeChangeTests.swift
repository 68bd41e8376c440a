import PolicyRules
import Testing

@testable import Checker

/// An event keeps the attributes that changed since its case's previous event, found through a
/// column mask up to 64 columns and through the column list beyond.
@Suite struct AttributeChangeTests {
  func load(padding: Int) -> [Case] {
    let pad = (0..<padding).map { "p\($0)" }
    let header = (["case", "activity", "time", "team"] + pad + ["zone"]).joined(separator: ",")
    func row(_ id: String, _ activity: String, _ time: String, _ team: String, _ zone: String) -> String {
      ([id, activity, "2024-01-01 \(time)", team] + pad.map { _ in "k" } + [zone]).joined(separator: ",")
    }
    let text = [
      header, row("A", "a1", "10:00", "x", ""), row("B", "b1", "10:05", "y", ""),
      row("A", "a2", "10:10", "x", "north"), row("B", "b2", "10:15", "", "south"),
      row("A", "a3", "10:20", "z", "north"),
    ].joined(separator: "\n")
    let path = InputTestSupport.write(text, name: "changes-\(padding).csv")
    let dataset = DatasetLoader.autodetect(files: [path])
    #expect(dataset.counts == ReadCounts(read: 5, used: 5, rejected: 0))
    return dataset.cases
  }

  @Test(arguments: [2, 70]) func changesAreKeptPerCaseOnEitherSideOf64Columns(padding: Int) {
    let cases = load(padding: padding)
    #expect(cases.map(\.id) == ["A", "B"])
    func pairs(_ c: Case) -> [[Value]] { c.events.map { [$0.attributes["team"], $0.attributes["zone"]] } }
    #expect(
      pairs(cases[0]) == [
        [.string("x"), .null], [.string("x"), .string("north")], [.string("z"), .string("north")],
      ])
    #expect(pairs(cases[1]) == [[.string("y"), .null], [.null, .string("south")]])
    #expect(cases[0].fields["p1"] == .string("k"))
  }
}

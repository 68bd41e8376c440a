import Foundation

/// The checkable clauses listed in `CLAUSES.md` (a copy ships in `Rules/catalogue/`): the
/// yardstick of the rule library's coverage.
public struct ClauseCatalogue: Sendable {
  public struct Entry: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// `E` (number written in the text), `A` (assumed), or `—`.
    public var num: String
    public var line: Int
  }

  public var entries: [Entry]

  /// Reads the Markdown tables: rows whose first cell is a catalogue id like `S2-26`, or a
  /// drafted one like `D2-17` (`policy-check rules draft`).
  public init(markdown: String) {
    var entries: [Entry] = []
    for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 8,
        cells[1].range(of: #"^(S\d-\d\d|D\d*-\d{2,})$"#, options: .regularExpression) != nil
      else {
        continue
      }
      entries.append(
        Entry(id: cells[1], kind: cells[cells.count - 3], num: cells[cells.count - 2], line: index + 1))
    }
    self.entries = entries
  }

  public struct Coverage: Sendable {
    public var covered: [Entry: [String]]
    public var missing: [Entry]
    /// Rules citing ids that are not in the catalogue.
    public var unknown: [(rule: String, clause: String)]

    /// Missing rows that the issue requires: every `E` row and every sequence, fields or approval row.
    public var requiredMissing: [Entry] {
      missing.filter { entry in
        entry.num == "E" || ["sequence", "fields", "approval"].contains { entry.kind.contains($0) }
      }
    }
  }

  public func coverage(of rules: [Rule]) -> Coverage {
    var covered: [Entry: [String]] = [:]
    var missing: [Entry] = []
    let byClause = Dictionary(grouping: rules, by: \.clause.id)
    for entry in entries {
      if let rules = byClause[entry.id] {
        covered[entry] = rules.map(\.id).sorted()
      } else {
        missing.append(entry)
      }
    }
    let known = Set(entries.map(\.id))
    let unknown = rules.filter { !known.contains($0.clause.id) }.map { ($0.id, $0.clause.id) }
    return Coverage(covered: covered, missing: missing, unknown: unknown)
  }
}

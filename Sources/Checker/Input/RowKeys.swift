/// The key of each row of a database source: the case id the row gave, so that a location
/// names the row as the data's owners know it (`postgres:tickets#T0042`), not by its number in
/// one query's result (which changes with the query and the server's plan).
///
/// The key is what the mapping's `case_id` names: a records source's row is the record of that
/// key; the rows of an events source that share a case share its key (the evidence's activity
/// and time tell them apart, and reports keep the row's number as its line). A row without a
/// usable key keeps its number, `postgres:tickets:42`: one without a case id (or a blank one:
/// rejected for that), or one whose case id has control characters or runs over `maximumBytes`
/// bytes (it would garble a one-line location).
public struct RowKeys: Sendable {
  /// Per row (row r at r - 1), its case's slot in `caseIds`; -1 for a row that made no case.
  private let slots: [Int32]
  private let caseIds: [String]

  static let maximumBytes = 200

  /// The keys of `output`'s `rows` rows (numbered from 1).
  init(_ output: SourceOutput, rows: Int) {
    var slots = [Int32](repeating: -1, count: rows)
    if output.kind == .events {
      for (event, slot) in zip(output.events, output.eventCases) {
        let r = Int(event.line) - 1
        if r >= 0 && r < rows { slots[r] = slot }
      }
    } else {
      for (slot, source) in output.firstSources.enumerated() {
        let r = Int(source.line) - 1
        if r >= 0 && r < rows { slots[r] = Int32(slot) }
      }
    }
    self.slots = slots
    self.caseIds = output.caseIds
  }

  /// The key of row `line`; nil when it has none that can be shown.
  public func key(line: Int32) -> String? {
    let r = Int(line) - 1
    guard r >= 0 && r < slots.count else { return nil }
    let slot = Int(slots[r])
    guard slot >= 0 && slot < caseIds.count, Self.isUsable(caseIds[slot]) else { return nil }
    return caseIds[slot]
  }

  /// Whether `key` can stand in a one-line location.
  static func isUsable(_ key: String) -> Bool {
    key.utf8.count <= maximumBytes && key.contains { !$0.isWhitespace }
      && !key.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
  }
}

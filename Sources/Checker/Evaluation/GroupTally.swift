/// Outcomes per rule and group, counted where the engine counts judgements (`AuditEngine`),
/// so that reports can give each group's compliance rate: counts only, no passed judgement is
/// kept for it.
///
/// A case's group is the stored cell of the group field, read once per case that has any
/// judgement and numbered per tally (hashing a two-word cell, not the group's text); texts are
/// made once per distinct cell, when the tally is read.
struct GroupTally {
  /// The group field's slot per record type of the table (nil where the type lacks it).
  private let slots: [Int?]
  private let ruleCount: Int
  private var numberOfCell: [StoredValue: Int] = [:]
  private var numberOfName: [String: Int] = [:]
  /// Per group number, the cell it was read from, or its name (judgements grouped by name).
  private var groups: [Group] = []
  /// `counts[group * ruleCount + rule]`.
  private var counts: [OutcomeCounts] = []
  /// The last cell looked up and its number: neighbouring cases often share a group.
  private var lastCell = StoredValue.null
  private var lastNumber = -1
  /// The number of "no group" once known (cases of a type without the field).
  private var noGroup = -1

  private enum Group {
    case cell(StoredValue)
    case name(String?)
  }

  /// A tally for `ruleCount` rules over cases of `table`'s record types, grouped by `field`.
  init(field: String, ruleCount: Int, table: CaseTable) {
    slots = table.schemas.map { $0.index(of: field) }
    self.ruleCount = ruleCount
  }

  /// The group number of a case.
  @inline(__always)
  mutating func group(of view: CaseView) -> Int {
    guard let slot = slots[view.recordTypeIndex] else {
      if noGroup < 0 { noGroup = group(named: nil) }
      return noGroup
    }
    let cell = view.storedField(slot: slot)
    if lastNumber >= 0 && cell == lastCell { return lastNumber }
    let number: Int
    if let known = numberOfCell[cell] {
      number = known
    } else {
      number = newGroup(.cell(cell))
      numberOfCell[cell] = number
    }
    (lastCell, lastNumber) = (cell, number)
    return number
  }

  /// The group number of a group known by its text (nil or empty: no group).
  mutating func group(named name: String?) -> Int {
    let key = name ?? ""
    if let known = numberOfName[key] { return known }
    let number = newGroup(.name(key.isEmpty ? nil : key))
    numberOfName[key] = number
    return number
  }

  private mutating func newGroup(_ group: Group) -> Int {
    groups.append(group)
    counts.append(contentsOf: repeatElement(OutcomeCounts(), count: ruleCount))
    return groups.count - 1
  }

  @inline(__always)
  mutating func add(_ outcome: Outcome, rule: Int, group: Int, count: Int = 1) {
    counts[group * ruleCount + rule].add(outcome, count: count)
  }

  /// Per rule, the outcomes by group text (nil: no group value), group cells read from `table`.
  /// Cells that read as the same text (or as null and empty) are one group.
  func countsByGroup(_ table: CaseTable) -> [[String?: OutcomeCounts]] {
    var byRule = Array(repeating: [String?: OutcomeCounts](), count: ruleCount)
    for (number, group) in groups.enumerated() {
      let name: String?
      switch group {
      case .cell(let cell):
        let value = cell.value(table.strings)
        name = value.isNull ? nil : value.description
      case .name(let text): name = text
      }
      let key = name?.isEmpty == true ? nil : name
      for rule in 0..<ruleCount {
        let here = counts[number * ruleCount + rule]
        guard here.applicable > 0 else { continue }
        byRule[rule][key, default: OutcomeCounts()].add(here)
      }
    }
    return byRule
  }
}

import PolicyRules

/// The names a dataset has, which rules are bound against: its record types and, per type, the
/// fields and the activities its cases carry.
///
/// Built once per audit from the loaded table (one pass over the events' activity ids); rules are then checked against it once each, never
/// per case.
public struct DatasetSchema: Sendable {
  /// One record type: its name, how many cases it has, its field names and its activities.
  public struct RecordType: Sendable, Hashable {
    public var name: String
    public var caseCount: Int
    /// Every field of the type's schema (record columns and event attributes alike).
    public var fields: Set<String>
    /// Every activity of an event of a case of this type.
    public var activities: Set<String>

    public init(name: String, caseCount: Int, fields: Set<String>, activities: Set<String>) {
      self.name = name
      self.caseCount = caseCount
      self.fields = fields
      self.activities = activities
    }
  }

  /// In the table's order.
  public var recordTypes: [RecordType]

  public init(recordTypes: [RecordType]) { self.recordTypes = recordTypes }

  /// The schema of a loaded dataset.
  public init(_ dataset: Dataset) { self.init(dataset.table) }

  /// The schema of a table: types without a case are left out (they have nothing to match).
  public init(_ table: CaseTable) {
    let typeCount = table.recordTypes.count
    var caseCounts = Array(repeating: 0, count: typeCount)
    for c in 0..<table.caseCount { caseCounts[Int(table.columns.caseTypes[c])] += 1 }
    // One bit per record type for each activity's pool id, set in one pass over the events
    // (stored case by case, so a case's type is read once per case).
    var typeBits = [UInt64](repeating: 0, count: table.strings.count)
    var wideTypes = Array(repeating: Set<Int32>(), count: max(0, typeCount - 64))
    for c in 0..<table.caseCount {
      let t = Int(table.columns.caseTypes[c])
      let events = Int(table.columns.eventStarts[c])..<Int(table.columns.eventStarts[c + 1])
      if t < 64 {
        let bit = UInt64(1) << UInt64(t)
        for e in events { typeBits[Int(table.columns.activities[e])] |= bit }
      } else {
        for e in events { wideTypes[t - 64].insert(table.columns.activities[e]) }
      }
    }
    var activities = Array(repeating: Set<String>(), count: typeCount)
    for (id, bits) in typeBits.enumerated() where bits != 0 {
      for t in 0..<min(typeCount, 64) where bits & (UInt64(1) << UInt64(t)) != 0 {
        activities[t].insert(table.strings[id])
      }
    }
    for (k, ids) in wideTypes.enumerated() { activities[64 + k] = Set(ids.map { table.strings[Int($0)] }) }
    recordTypes = (0..<typeCount).compactMap { t in
      guard caseCounts[t] > 0 else { return nil }
      return RecordType(
        name: table.recordTypes[t], caseCount: caseCounts[t], fields: Set(table.schemas[t].names),
        activities: activities[t])
    }
  }

  /// The types named, in schema order (all of them for an empty list).
  func types(named names: [String]) -> [RecordType] {
    names.isEmpty ? recordTypes : recordTypes.filter { names.contains($0.name) }
  }
}

import PolicyRules

/// Every case and event of a dataset, stored by column.
///
/// A year of service logs is millions of events; as one `Event` value each (strings, an
/// attribute array and a schema reference) they cost ~100 bytes and several reference counts
/// apiece. Here an event is five numbers (activity and resource as pool ids, time, file, line)
/// plus the attributes in which it differs from its case: event logs repeat the case's
/// attributes on every row, so most events store none. Cases are sorted by record type, then
/// id (natural order) when loaded from files; each case's events are contiguous and sorted by time, then file and line.
///
/// `Case` and `Event` remain the row view of the same data (`rows(of:)`), used to build small
/// datasets (rule examples, tests) and to show one case (`explain`).
public final class CaseTable: Sendable {
  /// Text pool: every string cell, activity, resource and case id text has one id.
  let strings: [String]

  // Record types and their field names.
  let recordTypes: [String]
  let schemas: [FieldSchema]

  // Cases.
  public let caseIDs: [String]
  /// Index into `recordTypes`.
  let caseTypes: [Int32]
  /// Case c's fields are `fields[fieldStarts[c]...]`, one per name of its type's schema.
  let fieldStarts: [Int32]
  let caseSources: [SourceLocation]
  /// Case c's events are `eventStarts[c]..<eventStarts[c + 1]`.
  let eventStarts: [Int32]
  let fields: StoredValues

  // Events.
  let activities: [Int32]
  let times: [Int64]
  /// Pool id, or -1 when the event has no resource.
  let resources: [Int32]
  let files: [Int32]
  let lines: [Int32]
  /// Event e's own attributes are `attributeStarts[e]..<attributeStarts[e + 1]`: a field slot of
  /// its case's type and the value, only where it differs from the case's field.
  let attributeStarts: [Int32]
  let attributeSlots: [Int32]
  let attributeValues: StoredValues

  /// Activity name → pool id, for matching events by id (scanned when there are few).
  private let activityIDs: [String: Int32]
  private let activityNames: [(name: String, id: Int32)]

  init(
    strings: [String], recordTypes: [String], schemas: [FieldSchema], caseTypes: [Int32],
    caseIDs: [String], caseSources: [SourceLocation], eventStarts: [Int32], fields: StoredValues,
    activities: [Int32], times: [Int64], resources: [Int32], files: [Int32], lines: [Int32],
    attributeStarts: [Int32], attributeSlots: [Int32], attributeValues: StoredValues
  ) {
    self.strings = strings
    self.recordTypes = recordTypes
    self.schemas = schemas
    self.caseTypes = caseTypes
    var starts = [Int32](repeating: 0, count: caseTypes.count)
    var offset = 0
    for (c, t) in caseTypes.enumerated() {
      starts[c] = Int32(offset)
      offset += schemas[Int(t)].names.count
    }
    self.fieldStarts = starts
    self.caseIDs = caseIDs
    self.caseSources = caseSources
    self.eventStarts = eventStarts
    self.fields = fields
    self.activities = activities
    self.times = times
    self.resources = resources
    self.files = files
    self.lines = lines
    self.attributeStarts = attributeStarts
    self.attributeSlots = attributeSlots
    self.attributeValues = attributeValues
    var ids: [String: Int32] = [:]
    var seen = [Bool](repeating: false, count: strings.count)
    for id in activities where !seen[Int(id)] {
      seen[Int(id)] = true
      ids[strings[Int(id)]] = id
    }
    self.activityIDs = ids
    self.activityNames = ids.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
  }

  convenience init(copying table: CaseTable) {
    self.init(
      strings: table.strings, recordTypes: table.recordTypes, schemas: table.schemas,
      caseTypes: table.caseTypes,
      caseIDs: table.caseIDs, caseSources: table.caseSources, eventStarts: table.eventStarts,
      fields: table.fields, activities: table.activities, times: table.times, resources: table.resources,
      files: table.files, lines: table.lines, attributeStarts: table.attributeStarts,
      attributeSlots: table.attributeSlots, attributeValues: table.attributeValues)
  }

  /// An empty table.
  public static let empty = CaseTable(
    strings: [], recordTypes: [], schemas: [], caseTypes: [], caseIDs: [], caseSources: [],
    eventStarts: [0], fields: StoredValues(), activities: [], times: [], resources: [], files: [], lines: [],
    attributeStarts: [0], attributeSlots: [], attributeValues: StoredValues())

  public var caseCount: Int { caseIDs.count }
  public var eventCount: Int { times.count }

  /// The pool id of an activity name, or nil when no event has it.
  @inline(__always)
  func activityID(_ name: String) -> Int32? {
    if activityNames.count <= 32 {
      for candidate in activityNames where candidate.name == name { return candidate.id }
      return nil
    }
    return activityIDs[name]
  }

  func recordType(of c: Int) -> String { recordTypes[Int(caseTypes[c])] }

  /// Field `name` of case c; `.null` when its type has no such field.
  @inline(__always)
  func field(_ c: Int, _ name: String) -> Value {
    let t = Int(caseTypes[c])
    guard let slot = schemas[t].index(of: name) else { return .null }
    return fields[Int(fieldStarts[c]) + slot].value(strings)
  }

  /// Event e's own value of `name` where it differs from case c's field (nil: same as the case).
  func eventAttribute(_ e: Int, of c: Int, _ name: String) -> Value? {
    let start = Int(attributeStarts[e])
    let end = Int(attributeStarts[e + 1])
    guard start < end, let slot = schemas[Int(caseTypes[c])].index(of: name) else { return nil }
    for k in start..<end where Int(attributeSlots[k]) == slot { return attributeValues[k].value(strings) }
    return nil
  }

  func source(ofEvent e: Int) -> SourceLocation { SourceLocation(file: files[e], line: lines[e]) }

  func resource(ofEvent e: Int) -> String? {
    let id = resources[e]
    return id < 0 ? nil : strings[Int(id)]
  }

  /// Index of the case with this id, if any.
  public func caseIndex(id: String) -> Int? { caseIDs.firstIndex(of: id) }
}

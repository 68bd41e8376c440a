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

  public let caseIDs: [String]
  /// Everything else, by column.
  let columns: CaseColumns

  /// Activity name → pool id, for matching events by id (scanned when there are few).
  private let activityIDs: [String: Int32]
  private let activityNames: [(name: String, id: Int32)]

  /// A table of these columns (their `fieldStarts` are set here, from the case types).
  init(
    strings: [String], recordTypes: [String], schemas: [FieldSchema], caseIDs: [String],
    columns: consuming CaseColumns
  ) {
    self.strings = strings
    self.recordTypes = recordTypes
    self.schemas = schemas
    self.caseIDs = caseIDs
    columns.indexFields(schemas)
    var ids: [String: Int32] = [:]
    var seen = [Bool](repeating: false, count: strings.count)
    columns.activities.withBuffer { activities in
      for id in activities where !seen[Int(id)] {
        seen[Int(id)] = true
        ids[strings[Int(id)]] = id
      }
    }
    self.columns = columns
    self.activityIDs = ids
    self.activityNames = ids.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
  }

  /// An empty table.
  public static let empty = CaseTable(
    strings: [], recordTypes: [], schemas: [], caseIDs: [],
    columns: CaseColumns(cases: 0, events: 0, cells: 0))

  public var caseCount: Int { caseIDs.count }
  public var eventCount: Int { columns.times.count }

  /// The pool id of an activity name, or nil when no event has it.
  @inline(__always)
  func activityID(_ name: String) -> Int32? {
    if activityNames.count <= 32 {
      for candidate in activityNames where candidate.name == name { return candidate.id }
      return nil
    }
    return activityIDs[name]
  }

  func recordType(of c: Int) -> String { recordTypes[recordTypeIndex(of: c)] }
  /// Case c's index into `recordTypes`.
  func recordTypeIndex(of c: Int) -> Int { Int(columns.caseTypes[c]) }

  /// Field `name` of case c; `.null` when its type has no such field.
  @inline(__always)
  func field(_ c: Int, _ name: String) -> Value {
    let t = Int(columns.caseTypes[c])
    guard let slot = schemas[t].index(of: name) else { return .null }
    return columns.field(c, slot: slot).value(strings)
  }

  /// Event e's own value of `name` where it differs from case c's field (nil: same as the case).
  func eventAttribute(_ e: Int, of c: Int, _ name: String) -> Value? {
    guard let slot = schemas[Int(columns.caseTypes[c])].index(of: name) else { return nil }
    return columns.attribute(e, slot: Int32(slot))?.value(strings)
  }

  func source(ofEvent e: Int) -> SourceLocation {
    SourceLocation(file: columns.files[e], line: columns.lines[e])
  }

  func resource(ofEvent e: Int) -> String? {
    let id = columns.resources[e]
    return id < 0 ? nil : strings[Int(id)]
  }

  /// Index of the case with this id, if any.
  public func caseIndex(id: String) -> Int? { caseIDs.firstIndex(of: id) }
}

/// The columns of a `CaseTable` other than its texts, declared once: the table owns one, the
/// assembler fills one in place (workers at disjoint positions, `Column.fill`), and small
/// tables append to one. A case is a position in the case columns, an event one in the event
/// columns; each case's events are contiguous.
struct CaseColumns: ~Copyable, Sendable {
  // Cases.
  /// Index into the table's record types.
  var caseTypes: Column<Int32>
  /// The row that created the case.
  var caseSources: Column<SourceLocation>
  /// Case c's events are `eventStarts[c]..<eventStarts[c + 1]`.
  var eventStarts: Column<Int32>
  /// Case c's fields start at `fieldStarts[c]`, one per name of its type's schema (set by the
  /// table, from `caseTypes`).
  private(set) var fieldStarts: Column<Int32>
  /// The fields, packed (`StoredValue`): tags and bits apart, 9 bytes a cell.
  var fieldTags: Column<StoredValue.Tag>
  var fieldBits: Column<UInt64>

  // Events.
  /// Pool ids.
  var activities: Column<Int32>
  /// Milliseconds since 1970 (UTC).
  var times: Column<Int64>
  /// Pool id, or -1 when the event has no resource.
  var resources: Column<Int32>
  var files: Column<Int32>
  var lines: Column<Int32>
  /// Event e's own attributes are `attributeStarts[e]..<attributeStarts[e + 1]`: a field slot of
  /// its case's type and the value, only where it differs from the case's field.
  var attributeStarts: Column<Int32>
  var attributeSlots: Column<Int32>
  var attributeTags: Column<StoredValue.Tag>
  var attributeBits: Column<UInt64>

  /// Columns for `cases` cases, `events` events and `cells` field cells, unfilled but for the
  /// first starts (0), and no event attributes yet.
  init(cases: Int, events: Int, cells: Int) {
    caseTypes = Column(unfilled: cases)
    caseSources = Column(unfilled: cases)
    eventStarts = Column(unfilled: cases + 1)
    eventStarts[0] = 0
    fieldStarts = Column(unfilled: 0)
    fieldTags = Column(unfilled: cells)
    fieldBits = Column(unfilled: cells)
    activities = Column(unfilled: events)
    times = Column(unfilled: events)
    resources = Column(unfilled: events)
    files = Column(unfilled: events)
    lines = Column(unfilled: events)
    attributeStarts = Column(unfilled: events + 1)
    attributeStarts[0] = 0
    attributeSlots = Column(unfilled: 0)
    attributeTags = Column(unfilled: 0)
    attributeBits = Column(unfilled: 0)
  }

  /// Sets `fieldStarts` from the case types and their `schemas`.
  fileprivate mutating func indexFields(_ schemas: [FieldSchema]) {
    var starts = Column<Int32>(unfilled: caseTypes.count)
    var offset = 0
    for c in caseTypes.indices {
      starts[c] = Int32(offset)
      offset += schemas[Int(caseTypes[c])].names.count
    }
    fieldStarts = starts
  }

  /// The packed field at `slot` of case c's type.
  @inline(__always)
  func field(_ c: Int, slot: Int) -> StoredValue {
    let k = Int(fieldStarts[c]) + slot
    return StoredValue(tag: fieldTags[k], bits: fieldBits[k])
  }

  /// Event e's own packed value of the field at `slot`, where it differs from its case's (nil:
  /// the same as the case's).
  @inline(__always)
  func attribute(_ e: Int, slot: Int32) -> StoredValue? {
    let start = Int(attributeStarts[e])
    let end = Int(attributeStarts[e + 1])
    guard start < end, slot >= 0 else { return nil }
    for k in start..<end where attributeSlots[k] == slot {
      return StoredValue(tag: attributeTags[k], bits: attributeBits[k])
    }
    return nil
  }
}

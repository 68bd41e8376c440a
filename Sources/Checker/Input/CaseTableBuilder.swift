import PolicyRules

/// Fills a `CaseTable` case by case, in the final case order, each case's events in time order
/// (small tables: rule examples, tests); also holds the text pool and record types while files
/// are assembled (`CaseAssembler`, which fills the columns in place: `CaseTableStorage`).
struct CaseTableBuilder {
  /// The table's text pool; the first file's pool is adopted as is (no hashing).
  private var pool = StringInterner()
  var strings: [String] { pool.strings }
  private(set) var recordTypes: [String] = []
  private(set) var schemas: [FieldSchema] = []
  private var caseIDs: [String] = []
  private var caseTypes: [Int32] = []
  private var caseSources: [SourceLocation] = []
  private var eventStarts: [Int32] = [0]
  private var fields = StoredValues()
  private var activities: [Int32] = []
  private var times: [Int64] = []
  private var resources: [Int32] = []
  private var files: [Int32] = []
  private var lines: [Int32] = []
  private var attributeStarts: [Int32] = [0]
  private var attributeSlots: [Int32] = []
  private var attributeValues = StoredValues()

  init() {}

  // MARK: - Strings

  mutating func intern(_ string: String) -> Int32 { pool.internID(string) }

  /// Adds a file's pool; returns its ids here (the identity when the pool was empty).
  mutating func merge(_ other: StringInterner) -> [Int32] {
    if pool.count == 0 {
      pool = other
      return (0..<Int32(other.count)).map { $0 }
    }
    return pool.internAll(of: other)
  }

  /// Adds the pools of all files at once, the look-ups on `workers` threads (see
  /// `StringInterner.joined`); returns each one's ids here, as `merge` of each in turn would.
  mutating func merge(_ pools: [StringInterner], workers: Int) -> [[Int32]] {
    guard pool.count == 0 else { return pools.map { merge($0) } }
    let (joined, ids) = StringInterner.joined(pools, workers: workers)
    pool = joined
    return ids
  }

  mutating func recordType(_ name: String, schema: FieldSchema) -> Int32 {
    if let t = recordTypes.firstIndex(of: name) { return Int32(t) }
    recordTypes.append(name)
    schemas.append(schema)
    return Int32(recordTypes.count - 1)
  }

  // MARK: - Cases and events

  /// Starts a case; `fields` must hold one value per name of the type's schema.
  mutating func addCase(id: String, type: Int32, source: SourceLocation, fields values: [StoredValue]) {
    caseIDs.append(id)
    caseTypes.append(type)
    caseSources.append(source)
    for value in values { fields.append(value) }
    eventStarts.append(Int32(times.count))
  }

  /// Adds an event to the case added last (events must come in time order).
  mutating func addEvent(
    activity: Int32, time: Int64, resource: Int32, source: SourceLocation,
    attributes: some Sequence<(slot: Int32, value: StoredValue)>
  ) {
    activities.append(activity)
    times.append(time)
    resources.append(resource)
    files.append(source.file)
    lines.append(source.line)
    for (slot, value) in attributes {
      attributeSlots.append(slot)
      attributeValues.append(value)
    }
    attributeStarts.append(Int32(attributeSlots.count))
    eventStarts[eventStarts.count - 1] = Int32(times.count)
  }

  /// Drops the pool's look-up table once no more texts will be added (the texts stay).
  mutating func finishPool() { pool.dropLookup() }

  func build() -> CaseTable {
    CaseTable(
      strings: strings, recordTypes: recordTypes, schemas: schemas, caseTypes: caseTypes, caseIDs: caseIDs,
      caseSources: caseSources, eventStarts: eventStarts, fields: fields, activities: activities,
      times: times,
      resources: resources, files: files, lines: lines, attributeStarts: attributeStarts,
      attributeSlots: attributeSlots, attributeValues: attributeValues)
  }
}

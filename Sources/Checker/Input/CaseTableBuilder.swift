import PolicyRules

/// The text pool and record types of a `CaseTable` being made: from files (`CaseAssembler`,
/// which fills the columns in place) or from rows (`CaseTable(cases:)`).
struct CaseTableBuilder {
  /// The table's text pool; the first file's pool is adopted as is (no hashing).
  private var pool = StringInterner()
  var strings: [String] { pool.strings }
  private(set) var recordTypes: [String] = []
  private(set) var schemas: [FieldSchema] = []

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

  /// Drops the pool's look-up table once no more texts will be added (the texts stay).
  mutating func finishPool() { pool.dropLookup() }
}

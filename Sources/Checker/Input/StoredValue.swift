import PolicyRules

/// A `Value` packed into a tag and 64 bits, text as an id into a string pool.
///
/// Datasets hold millions of cells; as `Value`s each would cost 17 bytes plus a reference count
/// on every copy. Packed, a cell is 9 bytes (tags and bits kept in separate arrays by
/// `StoredValues`) and equal texts compare by id.
struct StoredValue: Sendable, Hashable {
  enum Tag: UInt8, Sendable {
    case null, bool, number, string, timestamp, duration
  }

  var tag: Tag
  var bits: UInt64

  static let null = StoredValue(tag: .null, bits: 0)

  static func string(_ id: Int32) -> StoredValue {
    StoredValue(tag: .string, bits: UInt64(UInt32(bitPattern: id)))
  }

  var isNull: Bool { tag == .null }

  /// The pool id of a text value.
  var stringID: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: bits)) }

  /// Packs a value; text goes through `intern`.
  init(_ value: Value, intern: (String) -> Int32) {
    switch value {
    case .null: self = .null
    case .bool(let b): self.init(tag: .bool, bits: b ? 1 : 0)
    case .number(let n): self.init(tag: .number, bits: n.bitPattern)
    case .string(let s): self = .string(intern(s))
    case .timestamp(let t): self.init(tag: .timestamp, bits: UInt64(bitPattern: t.milliseconds))
    case .duration(let d): self.init(tag: .duration, bits: UInt64(bitPattern: d))
    }
  }

  init(tag: Tag, bits: UInt64) {
    self.tag = tag
    self.bits = bits
  }

  /// The value, text read from `strings` (the pool as an array, or its raw storage for readers
  /// that must not retain it on every read).
  @inline(__always)
  func value<Pool: RandomAccessCollection<String>>(_ strings: Pool) -> Value where Pool.Index == Int {
    switch tag {
    case .null: return .null
    case .bool: return .bool(bits != 0)
    case .number: return .number(Double(bitPattern: bits))
    case .string: return .string(strings[Int(stringID)])
    case .timestamp: return .timestamp(Timestamp(milliseconds: Int64(bitPattern: bits)))
    case .duration: return .duration(Int64(bitPattern: bits))
    }
  }

  /// The same value with its text id translated (when merging pools), the map a lent buffer
  /// (workers share it: an array would be retained on every call).
  @inline(__always)
  func remapped(_ map: UnsafeBufferPointer<Int32>) -> StoredValue {
    tag == .string ? .string(map[Int(stringID)]) : self
  }
}

/// A column of packed values: tags and bits in separate arrays (9 bytes a cell, no padding).
struct StoredValues: Sendable {
  private(set) var tags: [StoredValue.Tag] = []
  private(set) var bits: [UInt64] = []

  init() {}

  /// Columns built elsewhere (one tag and one bits word per cell).
  init(tags: [StoredValue.Tag], bits: [UInt64]) {
    precondition(tags.count == bits.count, "one tag per bits word")
    self.tags = tags
    self.bits = bits
  }

  init(repeating value: StoredValue, count: Int) {
    tags = Array(repeating: value.tag, count: count)
    bits = Array(repeating: value.bits, count: count)
  }

  var count: Int { tags.count }

  mutating func reserveCapacity(_ n: Int) {
    tags.reserveCapacity(n)
    bits.reserveCapacity(n)
  }

  mutating func append(_ value: StoredValue) {
    tags.append(value.tag)
    bits.append(value.bits)
  }

  mutating func append(contentsOf other: StoredValues) {
    tags += other.tags
    bits += other.bits
  }

  subscript(index: Int) -> StoredValue {
    @inline(__always) get { StoredValue(tag: tags[index], bits: bits[index]) }
    set {
      tags[index] = newValue.tag
      bits[index] = newValue.bits
    }
  }

  mutating func removeAll() {
    tags = []
    bits = []
  }
}

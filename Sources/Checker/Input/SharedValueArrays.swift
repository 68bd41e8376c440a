import PolicyRules

/// Lets rows with equal attribute values share one array's storage.
///
/// Keys compare strings by identity, not by content: every string here came from a per-column
/// intern table, so equal text in the same column is the same storage (or the same inline small
/// string). Identity is much cheaper than `String` hashing (which normalises Unicode), and a
/// missed match only costs sharing, never correctness.
struct SharedValueArrays {
  private var arrays: [Key: [Value]] = [:]
  private var previous: [Value] = []
  let limit: Int

  init(limit: Int = 1 << 18) { self.limit = limit }

  /// `values`, or an earlier array with the same values.
  mutating func share(_ values: [Value]) -> [Value] {
    if values.isEmpty { return [] }
    let key = Key(values: values)
    if Key(values: previous) == key { return previous }
    if let known = arrays[key] {
      previous = known
      return known
    }
    if arrays.count < limit { arrays[key] = values }
    previous = values
    return values
  }

  private struct Key: Hashable {
    var values: [Value]

    static func == (a: Key, b: Key) -> Bool {
      guard a.values.count == b.values.count else { return false }
      for k in a.values.indices where !Self.same(a.values[k], b.values[k]) { return false }
      return true
    }

    func hash(into hasher: inout Hasher) {
      for value in values {
        switch value {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n.bitPattern)
        case .timestamp(let t): hasher.combine(t.milliseconds)
        case .duration(let d): hasher.combine(d)
        case .string(let s):
          let bits = unsafeBitCast(s, to: (UInt64, UInt64).self)
          hasher.combine(bits.0)
          hasher.combine(bits.1)
        }
      }
    }

    private static func same(_ a: Value, _ b: Value) -> Bool {
      switch (a, b) {
      case (.string(let x), .string(let y)):
        return unsafeBitCast(x, to: (UInt64, UInt64).self) == unsafeBitCast(y, to: (UInt64, UInt64).self)
      case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
      default: return a == b
      }
    }
  }
}

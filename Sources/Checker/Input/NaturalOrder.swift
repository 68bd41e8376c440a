/// Orders identifiers the way people read them: "Case 2" before "Case 10".
public enum NaturalOrder {
  /// Digit runs compare by numeric value (then by length, so "02" follows "2"); other bytes by UTF-8.
  public static func less(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) < 0 } }
  }

  // `x` and `y`: the caller's bytes, read during the call only.
  static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
    var i = 0
    var j = 0
    while i < x.count && j < y.count {
      if isDigit(x[i]) && isDigit(y[j]) {
        let startI = i
        let startJ = j
        while i < x.count && x[i] == 0x30 { i += 1 }
        while j < y.count && y[j] == 0x30 { j += 1 }
        let significantI = i
        let significantJ = j
        while i < x.count && isDigit(x[i]) { i += 1 }
        while j < y.count && isDigit(y[j]) { j += 1 }
        let lengthI = i - significantI
        let lengthJ = j - significantJ
        if lengthI != lengthJ { return lengthI < lengthJ ? -1 : 1 }
        for k in 0..<lengthI where x[significantI + k] != y[significantJ + k] {
          return x[significantI + k] < y[significantJ + k] ? -1 : 1
        }
        let runI = i - startI
        let runJ = j - startJ
        if runI != runJ { return runI < runJ ? -1 : 1 }
      } else {
        if x[i] != y[j] { return x[i] < y[j] ? -1 : 1 }
        i += 1
        j += 1
      }
    }
    let restI = x.count - i
    let restJ = y.count - j
    return restI == restJ ? 0 : (restI < restJ ? -1 : 1)
  }

  @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// The indices of `ids` in natural order (stable for equal ids).
  ///
  /// Case ids of one file usually share a prefix and end in a number (`T0176679`); those sort by
  /// (number, digit count), which is what `less` gives them, without comparing text.
  public static func sortedIndices(_ ids: [String]) -> [Int] {
    sortedIndices(ids, keys: numberedKeys(ids))
  }

  /// `sortedIndices` with the ids' numbered keys (when they have them) already parsed.
  private static func sortedIndices(_ ids: [String], keys: [(value: UInt64, digits: Int)]?) -> [Int] {
    if let keys {
      // Values below 2^59 leave room for the digit count (at most 18: 5 bits) in one word.
      if keys.allSatisfy({ $0.value < 1 << 59 }) {
        return radixSortedIndices(keys.map { $0.value << 5 | UInt64($0.digits) })
      }
      return ids.indices.sorted {
        (keys[$0].value, keys[$0].digits, $0) < (keys[$1].value, keys[$1].digits, $1)
      }
    }
    return ids.indices.sorted { NaturalOrder.less(ids[$0], ids[$1]) }
  }

  /// The indices of `keys` in key order, equal keys in index order: a least-significant-byte
  /// radix sort (stable), skipping bytes every key shares (high bytes of small numbers).
  static func radixSortedIndices(_ keys: [UInt64]) -> [Int] {
    let count = keys.count
    var counts = [Int](repeating: 0, count: 8 * 256)
    for key in keys {
      for byte in 0..<8 { counts[byte * 256 + Int((key >> (8 * UInt64(byte))) & 0xFF)] += 1 }
    }
    var order = [(key: UInt64, index: Int32)](uninitializedCapacity: count) { buffer, initialized in
      for k in 0..<count { buffer[k] = (keys[k], Int32(k)) }
      initialized = count
    }
    var spare = order
    for byte in 0..<8 {
      let shift = 8 * UInt64(byte)
      var next = Array(counts[(byte * 256)..<(byte * 256 + 256)])
      if next.contains(count) { continue }
      var position = 0
      for bucket in 0..<256 {
        let size = next[bucket]
        next[bucket] = position
        position += size
      }
      // Lent for this pass only.
      order.withUnsafeBufferPointer { from in
        spare.withUnsafeMutableBufferPointer { to in
          for entry in from {
            let bucket = Int((entry.key >> shift) & 0xFF)
            to[next[bucket]] = entry
            next[bucket] += 1
          }
        }
      }
      swap(&order, &spare)
    }
    return order.map { Int($0.index) }
  }

  /// (number, digit count) per id when every id is one common prefix of non-digits followed by
  /// 1–18 digits; nil otherwise. Ranges of at least `minimumChunk` ids are parsed on `workers`
  /// threads.
  static func numberedKeys(_ ids: [String], workers: Int = 1, minimumChunk: Int = 16_384)
    -> [(value: UInt64, digits: Int)]?
  {
    guard var first = ids.first else { return nil }
    let prefix: [UInt8] = first.withUTF8 { Array($0.prefix { !isDigit($0) }) }
    guard prefix.count < first.utf8.count else { return nil }
    let chunks = workers <= 1 ? 1 : max(1, min(workers * 4, ids.count / max(1, minimumChunk)))
    var failed = [Bool](repeating: false, count: chunks)
    let keys = [(value: UInt64, digits: Int)](uninitializedCapacity: ids.count) { keys, initialized in
      // Lent for the parallel pass only; each chunk writes its own slots of `keys` and `failed`.
      failed.withUnsafeMutableBufferPointer { failed in
        let shared = UncheckedSendable((ids, prefix, keys, failed))
        Parallel.runClaiming(chunks, workers: workers) { chunk in
          let (ids, prefix, keys, failed) = shared.value
          for k in (ids.count * chunk / chunks)..<(ids.count * (chunk + 1) / chunks) {
            guard let key = numberedKey(ids[k], prefix: prefix) else {
              failed[chunk] = true
              return
            }
            keys[k] = key
          }
        }
      }
      // Plain integers: positions a failed range left unwritten are never read (nil below).
      initialized = ids.count
    }
    return failed.contains(true) ? nil : keys
  }

  @inline(__always)
  private static func numberedKey(_ id: String, prefix: [UInt8]) -> (value: UInt64, digits: Int)? {
    var id = id
    return id.withUTF8 { bytes in
      let digits = bytes.count - prefix.count
      guard digits >= 1, digits <= 18, bytes.starts(with: prefix) else { return nil }
      var value: UInt64 = 0
      for k in prefix.count..<bytes.count {
        guard isDigit(bytes[k]) else { return nil }
        value = value * 10 + UInt64(bytes[k] - 0x30)
      }
      return (value, digits)
    }
  }

  /// Where each of `ids` goes in natural order (`ranks[k]` is id k's position; equal ids keep
  /// their index order), numbered keys parsed on `workers` threads.
  static func ranks(_ ids: [String], workers: Int = 1, minimumChunk: Int = 16_384) -> [Int32] {
    let keys = numberedKeys(ids, workers: workers, minimumChunk: minimumChunk)
    if let keys, let ranks = denseRanks(keys) { return ranks }
    let order = sortedIndices(ids, keys: keys)
    var ranks = [Int32](repeating: 0, count: order.count)
    for (r, k) in order.enumerated() { ranks[k] = Int32(r) }
    return ranks
  }

  /// Ranks without sorting, when the keys are distinct numbers of one digit count spread over
  /// a range at most a few times their count (ids numbered from a counter, e.g. `T0176679`):
  /// each id is put at its number's place in an array over the range, which is then read in
  /// order. Nil when the keys are not like that.
  static func denseRanks(_ keys: [(value: UInt64, digits: Int)]) -> [Int32]? {
    guard let first = keys.first else { return [] }
    var low = first.value
    var high = first.value
    for key in keys {
      guard key.digits == first.digits else { return nil }
      low = min(low, key.value)
      high = max(high, key.value)
    }
    guard high - low < UInt64(4 * keys.count + 1024) else { return nil }
    // Index + 1 at each number's place (0: no id has that number).
    var places = [Int32](repeating: 0, count: Int(high - low) + 1)
    for (k, key) in keys.enumerated() {
      let place = Int(key.value - low)
      guard places[place] == 0 else { return nil }
      places[place] = Int32(k + 1)
    }
    var ranks = [Int32](repeating: 0, count: keys.count)
    var rank: Int32 = 0
    for index in places where index > 0 {
      ranks[Int(index - 1)] = rank
      rank += 1
    }
    return ranks
  }
}

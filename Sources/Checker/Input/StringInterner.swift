/// A file's text pool: each distinct cell text gets a dense id (`internID`) and one `String`.
///
/// Event logs repeat the same activity names, resources and attribute values millions of times;
/// looking the bytes up in an open-addressing table avoids both a new allocation per cell and
/// building a temporary String just to hash it.
struct StringInterner {
  /// Open addressing, two words a slot: the high 24 bits of the hash, the length (255: longer),
  /// the `exact` flag and `index + 1` (0: empty); then the string's first 8 bytes, or for a
  /// string of 9 to 16 digits (phone numbers, long ids; flagged exact) its digits packed 4 bits
  /// each. A probe rejects other strings, and accepts strings of up to 8 bytes (ids, codes,
  /// short names) and flagged digit strings, without touching the pool: reading the pool's
  /// bytes would be one more cache miss a look-up.
  private var slots: [UInt64]
  private var hashes: [UInt64] = []
  /// Every string interned, by id.
  private(set) var strings: [String] = []
  /// The bytes of every string back to back, compared with `Platform.bytesEqual` (memcmp) (no String access per lookup).
  private var storage: [UInt8] = []
  private var ends: [Int] = []
  private var mask: Int

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Self.emptySlots(2 * size)
    mask = size - 1
  }

  /// A zeroed table. Large tables are probed at random, one cache and TLB miss a probe; backed
  /// by huge pages (where the kernel allows) a probe costs no page walk.
  static func emptySlots(_ count: Int) -> [UInt64] {
    // The array's buffer, lent for its initialisation only.
    [UInt64](uninitializedCapacity: count) { buffer, initialized in
      MemoryPages.advise(UnsafeMutableRawBufferPointer(buffer))
      buffer.initialize(repeating: 0)
      initialized = count
    }
  }

  var count: Int { strings.count }

  /// The id of `bytes` (dense from 0 in order of first appearance); nil when `validating` and
  /// new bytes are not valid UTF-8 (known strings were checked when first seen, so hits cost no
  /// validation).
  @inline(__always)
  // `bytes`: the caller's, read during the call only (copied into the pool when new).
  mutating func internID(_ bytes: UnsafeBufferPointer<UInt8>, validating: Bool) -> Int32? {
    if dropped { rebuildLookup() }
    if bytes.count == numberedCount, let number = numberedValue(bytes) {
      return numberedID(number, bytes)
    }
    let probe = find(bytes)
    if probe.id >= 0 { return probe.id }
    if validating && !UTF8Validation.isValid(bytes) { return nil }
    slots[2 * probe.slot] = probe.tag | UInt64(strings.count + 1)
    slots[2 * probe.slot + 1] = probe.head
    tableCount += 1
    let id = append(bytes, hash: probe.hash)
    if tableCount * 4 > slots.count { grow() }
    return id
  }

  /// The id of `bytes` if it was interned already; nothing is added.
  @inline(__always)
  // `bytes`: the caller's, read during the call only.
  func existingID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    if dropped { return nil }
    if bytes.count == numberedCount, let number = numberedValue(bytes) {
      return number < numberedIDs.count && numberedIDs[number] != 0 ? numberedIDs[number] - 1 : nil
    }
    let id = find(bytes).id
    return id >= 0 ? id : nil
  }

  /// Where a look-up of `bytes` starts reading: a table slot, or for a numbered string
  /// `-1 - number` (its entry in the dense array); for `warm`.
  @inline(__always)
  // `bytes`: the caller's, read during the call only.
  func warmIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    if bytes.count == numberedCount, let number = numberedValue(bytes) { return -1 - number }
    return Int(truncatingIfNeeded: Self.hash(bytes)) & mask
  }

  /// Reads the memory at `indices` (from `warmIndex`) and returns a sum of it (to be kept
  /// somewhere, so that the reads are not dropped). Readers call this for many cells ahead of
  /// interning them: a tight loop of independent reads lets their cache misses overlap instead
  /// of stalling one at a time, and the look-ups that follow find the table in cache.
  // `indices`: the caller's, read during the call only.
  func warm(_ indices: UnsafeBufferPointer<Int>) -> UInt64 {
    if dropped { return 0 }
    var sink: UInt64 = 0
    // The tables' buffers, lent for these reads only.
    slots.withUnsafeBufferPointer { table in
      numberedIDs.withUnsafeBufferPointer { numbered in
        for index in indices {
          if index >= 0 {
            sink &+= table[2 * index]
          } else if -1 - index < numbered.count {
            sink &+= UInt64(truncatingIfNeeded: numbered[-1 - index])
          }
        }
      }
    }
    return sink
  }

  /// Where a table look-up of `bytes` ended: its id (-1: absent), else the free slot and the
  /// entry to put there.
  private struct Probe {
    var id: Int32
    var slot: Int
    var hash: UInt64
    var tag: UInt64
    var head: UInt64
  }

  @inline(__always)
  // `bytes`: the caller's, read during the call only.
  private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Probe {
    var head = Self.head(bytes)
    let hash = Self.hash(bytes, head: head)
    var tag = Self.tag(hash, count: bytes.count)
    if let digits = Self.packedDigits(bytes) {
      head = digits
      tag |= Self.exactFlag
    }
    let isExact = bytes.count <= 8 || tag & Self.exactFlag != 0
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[2 * slot]
      if entry == 0 { break }
      if entry & Self.tagMask == tag && slots[2 * slot + 1] == head {
        let index = Int(entry & Self.indexMask) - 1
        if isExact || equal(index, bytes) {
          return Probe(id: Int32(index), slot: slot, hash: hash, tag: tag, head: head)
        }
      }
      slot = (slot + 1) & mask
    }
    return Probe(id: -1, slot: slot, hash: hash, tag: tag, head: head)
  }

  /// Adds a new string (its look-up entry already made); returns its id.
  @inline(__always)
  // `bytes`: copied into a `String` here, not kept.
  private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
    let string = String(decoding: bytes, as: UTF8.self)
    let id = Int32(strings.count)
    hashes.append(hash)
    strings.append(string)
    storage.append(contentsOf: bytes)
    ends.append(storage.count)
    return id
  }

  // MARK: - Numbered strings

  /// Strings in the table (numbered ones are not).
  private var tableCount = 0
  /// The numbered shape, once adopted: a prefix of `numberedPrefixCount` bytes (`numberedPrefix`,
  /// zero-padded), then digits up to `numberedCount` bytes in all (0: none adopted). Such
  /// strings with a number below `numberedLimit` get their id from `numberedIDs` (id + 1; 0: not
  /// seen), a dense array small enough to stay in cache, instead of a probe of the large table
  /// (one cache miss a cell when case ids arrive in random order).
  private var numberedCount = 0
  private var numberedPrefix: UInt64 = 0
  private var numberedPrefixCount = 0
  private var numberedIDs: [Int32] = []
  /// Numbers at or above this use the table: the array grows to the largest number seen.
  static let numberedLimit = 1 << 21

  /// Reads case ids like `T0176679` through a dense array by number when `sample` has such a
  /// shape: 0 to 4 ASCII non-digits, then 3 to 9 digits. Only the first call counts. Every
  /// look-up of a string of that shape goes the same way, so equal strings keep sharing one id.
  // `sample`: read during the call only (its head is copied).
  mutating func adoptNumbering(like sample: UnsafeBufferPointer<UInt8>) {
    guard numberedCount == 0, !dropped, sample.count <= 13 else { return }
    var prefixCount = 0
    while prefixCount < sample.count && prefixCount <= 4 {
      let byte = sample[prefixCount]
      if byte >= 0x30 && byte <= 0x39 { break }
      guard byte > 0x20 && byte < 0x7F else { return }
      prefixCount += 1
    }
    let digitCount = sample.count - prefixCount
    guard prefixCount <= 4, (3...9).contains(digitCount) else { return }
    guard sample[prefixCount...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
    numberedPrefixCount = prefixCount
    // A view of `sample`, within its bounds, used during the call only.
    numberedPrefix = Self.head(UnsafeBufferPointer(rebasing: sample[..<prefixCount]))
    numberedCount = sample.count
    // Strings of the shape already in the table are found through the array from now on.
    for (id, text) in strings.enumerated() {
      var copy = text
      copy.withUTF8 { bytes in
        guard bytes.count == numberedCount, let number = numberedValue(bytes) else { return }
        if number >= numberedIDs.count { widenNumbered(to: number) }
        numberedIDs[number] = Int32(id + 1)
      }
    }
  }

  /// The number of a string of the adopted shape (its length already checked), or nil.
  @inline(__always)
  // `bytes`: read during the call only.
  private func numberedValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var number = 0
    for k in numberedPrefixCount..<bytes.count {
      let digit = bytes[k] &- 0x30
      guard digit < 10 else { return nil }
      number = number * 10 + Int(digit)
    }
    guard number < Self.numberedLimit else { return nil }
    for k in 0..<numberedPrefixCount where bytes[k] != UInt8(truncatingIfNeeded: numberedPrefix >> (8 * k)) {
      return nil
    }
    return number
  }

  @inline(__always)
  // `bytes`: read during the call only.
  private mutating func numberedID(_ number: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    if number < numberedIDs.count {
      let known = numberedIDs[number]
      if known != 0 { return known - 1 }
    } else {
      widenNumbered(to: number)
    }
    numberedIDs[number] = Int32(strings.count + 1)
    // ASCII all: valid UTF-8 without a check.
    return append(bytes, hash: 0)
  }

  private mutating func widenNumbered(to number: Int) {
    var size = max(1024, numberedIDs.count)
    while size <= number { size *= 2 }
    numberedIDs.append(contentsOf: repeatElement(0, count: min(size, Self.numberedLimit) - numberedIDs.count))
  }

  /// Frees everything but the strings; the next `internID` rebuilds the table first.
  mutating func dropLookup() {
    let kept = strings
    self = StringInterner()
    strings = kept
    dropped = true
  }

  /// Set by `dropLookup`: `strings` holds texts the table does not.
  private var dropped = false

  private mutating func rebuildLookup() {
    let kept = strings
    self = StringInterner(capacity: kept.count)
    for text in kept {
      var copy = text
      _ = copy.withUTF8 { internID($0, validating: false) }
    }
  }

  /// The ids here of all of `other`'s strings, in its order (new ones are added): how a part's
  /// pool joins the table's. The table is sized for both at once (not grown midway), and
  /// `other`'s bytes are read where it keeps them, in batches whose table slots are read first
  /// (see `warm`): most look-ups miss the cache, and this lets their misses overlap.
  mutating func internAll(of other: StringInterner) -> [Int32] {
    // A pool whose look-up was dropped keeps its strings only.
    guard !other.dropped, other.ends.count == other.count else { return other.strings.map { internID($0) } }
    if dropped { rebuildLookup() }
    var words = slots.count
    while (tableCount + other.count) * 4 > words { words *= 2 }
    if words > slots.count { grow(toWords: words) }
    var ids: [Int32] = []
    ids.reserveCapacity(other.count)
    let batch = 32
    var indices = [Int](repeating: 0, count: batch)
    var sink: UInt64 = 0
    // The other pool's bytes, lent for this pass only; each text is a rebased slice, never kept.
    other.storage.withUnsafeBufferPointer { bytes in
      other.ends.withUnsafeBufferPointer { ends in
        func text(_ k: Int) -> UnsafeBufferPointer<UInt8> {
          let start = k == 0 ? 0 : ends[k - 1]
          // A slice of the lent pool bytes, within them.
          return UnsafeBufferPointer(rebasing: bytes[start..<ends[k]])
        }
        for first in stride(from: 0, to: ends.count, by: batch) {
          let end = min(ends.count, first + batch)
          for k in first..<end { indices[k - first] = warmIndex(text(k)) }
          // The batch's indices, lent for the reads only.
          sink &+= indices.withUnsafeBufferPointer {
            warm(UnsafeBufferPointer(rebasing: $0[0..<(end - first)]))
          }
          for k in first..<end { ids.append(internID(text(k), validating: false) ?? 0) }
        }
      }
    }
    warmed &+= sink
    return ids
  }

  /// What `internAll`'s reads ahead summed up, kept so that they are not optimised away.
  private var warmed: UInt64 = 0

  // MARK: - Joining pools

  /// A pool of `strings` (distinct) without its look-up table, which the first `internID`
  /// builds (as after `dropLookup`).
  init(strings: [String]) {
    self.init(capacity: 0)
    self.strings = strings
    dropped = true
  }

  /// The pools joined into one, and each pool's ids in it: the ids `internAll` of each pool in
  /// turn gives (the first pool's strings keep theirs, then each pool's strings that no earlier
  /// pool has follow in its order). Nothing is hashed into a new table: a pool's strings are
  /// looked up in the earlier pools' own tables, which are only read, so the look-ups run in
  /// chunks of `chunk` strings on `workers` threads; only the new strings are then appended, in
  /// order, on one. The joined pool holds its strings only (see `init(strings:)`).
  static func joined(
    _ pools: [StringInterner], workers: Int, chunk: Int = 16_384, maxSideBySide: Int = 8
  )
    -> (pool: StringInterner, ids: [[Int32]])
  {
    guard var joined = pools.first else { return (StringInterner(), []) }
    var ids = [(0..<Int32(joined.count)).map { $0 }]
    // A pool without its look-up (or its bytes) is joined one string at a time; so are many
    // pools (a part a thread of several large files): a string no earlier pool has is looked up
    // in every one of them, which past a few pools costs more than one table's inserts.
    if pools.count > maxSideBySide || pools.contains(where: { $0.dropped || $0.ends.count != $0.count }) {
      for pool in pools.dropFirst() { ids.append(joined.internAll(of: pool)) }
      return (joined, ids)
    }
    // Room for every pool's strings (a few too many: those shared), so the strings move once.
    var strings: [String] = []
    strings.reserveCapacity(pools.reduce(0) { $0 + $1.count })
    strings += joined.strings
    var sink: UInt64 = 0
    for j in pools.indices.dropFirst() {
      let count = pools[j].count
      let chunks = (count + chunk - 1) / chunk
      var found = [Int32](repeating: -1, count: count)
      var sinks = [UInt64](repeating: 0, count: chunks)
      // Lent for the parallel pass only; each chunk writes its own range of `found` and `sinks`.
      found.withUnsafeMutableBufferPointer { found in
        sinks.withUnsafeMutableBufferPointer { sinks in
          let shared = UncheckedSendable((pools, ids, found, sinks))
          Parallel.runClaiming(chunks, workers: workers) { c in
            let (pools, ids, found, sinks) = shared.value
            let range = c * chunk..<min(count, (c + 1) * chunk)
            // The first earlier pool that has a string gives its id.
            for earlier in 0..<j {
              sinks[c] &+= pools[earlier].lookUp(pools[j], range, map: ids[earlier], into: found)
            }
          }
        }
      }
      sink = sinks.reduce(sink, &+)
      // Lent for this loop only.
      pools[j].strings.withUnsafeBufferPointer { texts in
        for k in 0..<count where found[k] < 0 {
          found[k] = Int32(strings.count)
          strings.append(texts[k])
        }
      }
      ids.append(found)
    }
    joined = StringInterner(strings: strings)
    joined.warmed = sink
    return (joined, ids)
  }

  /// Looks `other`'s strings `range` up here (nothing is added), each whose `ids` entry is still
  /// -1: one found gets `map` of its id here. Only reads, so several threads may look up here at
  /// once, each filling its own range of `ids`. Table slots are read ahead in batches, as in
  /// `internAll`; returns what those reads summed up (to be kept, see `warm`).
  private func lookUp(
    // `ids`: the caller's buffer, valid for the call; this call writes only `range` of it.
    _ other: StringInterner, _ range: Range<Int>, map: [Int32], into ids: UnsafeMutableBufferPointer<Int32>
  ) -> UInt64 {
    let batch = 32
    var indices = [Int](repeating: 0, count: batch)
    var sink: UInt64 = 0
    // The other pool's bytes, lent for this pass only; each text is a rebased slice, never kept.
    other.storage.withUnsafeBufferPointer { bytes in
      other.ends.withUnsafeBufferPointer { ends in
        map.withUnsafeBufferPointer { map in
          // Slices of the lent pool bytes, within them, used during this pass only.
          func text(_ k: Int) -> UnsafeBufferPointer<UInt8> {
            let start = k == 0 ? 0 : ends[k - 1]
            return UnsafeBufferPointer(rebasing: bytes[start..<ends[k]])
          }
          for first in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
            let end = min(range.upperBound, first + batch)
            var warming = 0
            for k in first..<end where ids[k] < 0 {
              indices[warming] = warmIndex(text(k))
              warming += 1
            }
            // The batch's indices, lent for the reads only.
            sink &+= indices.withUnsafeBufferPointer { warm(UnsafeBufferPointer(rebasing: $0[0..<warming])) }
            for k in first..<end where ids[k] < 0 {
              if let id = existingID(text(k)) { ids[k] = map[Int(id)] }
            }
          }
        }
      }
    }
    return sink
  }

  mutating func internID(_ string: String) -> Int32 {
    var copy = string
    return copy.withUTF8 { internID($0, validating: false) ?? 0 }
  }

  /// Doubles the table, or makes it `words` long (a larger power of two), rehashing once.
  private mutating func grow(toWords words: Int? = nil) {
    let old = slots
    let size = max(old.count * 2, words ?? 0)
    slots = Self.emptySlots(size)
    mask = size / 2 - 1
    for k in stride(from: 0, to: old.count, by: 2) where old[k] != 0 {
      let index = Int(old[k] & Self.indexMask) - 1
      var slot = Int(truncatingIfNeeded: hashes[index]) & mask
      while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
      slots[2 * slot] = old[k]
      slots[2 * slot + 1] = old[k + 1]
    }
  }

  /// Entry bits compared by a probe (hash, length, exact flag) and the `index + 1` bits.
  private static let tagMask: UInt64 = 0xFFFF_FFFF_8000_0000
  private static let indexMask: UInt64 = 0x7FFF_FFFF
  /// Marks an entry whose second word holds all of its (digit) string.
  private static let exactFlag: UInt64 = 0x8000_0000

  /// A string of 9 to 16 ASCII digits packed 4 bits a digit: its first 8 digits, then its last
  /// 8 (overlapping); with the length in the tag, the packing is one-to-one. Nil for any other
  /// string.
  @inline(__always)
  // `bytes`: read during the call only; the loads stay within its `count` (9 to 16 bytes).
  static func packedDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
    guard bytes.count > 8, bytes.count <= 16, let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    let first = raw.loadUnaligned(as: UInt64.self)
    let last = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
    guard isDigits(first), isDigits(last) else { return nil }
    return nibbles(first) << 32 | nibbles(last)
  }

  /// Whether all 8 bytes of `word` are ASCII digits: each is 0x3_, and stays 0x3_ when 6 is
  /// added (0x3A-0x3F would carry into 0x4_; no lane can carry into the next).
  @inline(__always)
  static func isDigits(_ word: UInt64) -> Bool {
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let threes: UInt64 = 0x3030_3030_3030_3030
    return word & high == threes && (word &+ 0x0606_0606_0606_0606) & high == threes
  }

  /// The low 4 bits of each byte of `word`, gathered into 32 bits in byte order.
  @inline(__always)
  static func nibbles(_ word: UInt64) -> UInt64 {
    var x = word & 0x0F0F_0F0F_0F0F_0F0F
    x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF
    x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF
    return (x | x >> 16) & 0xFFFF_FFFF
  }

  /// The high 24 bits of the hash and the length (255 for longer strings), in the top 32 bits.
  @inline(__always)
  static func tag(_ hash: UInt64, count: Int) -> UInt64 {
    (hash & 0xFFFF_FF00_0000_0000) | (UInt64(min(count, 255)) << 32)
  }

  /// The first 8 bytes, zero-padded; read a word or two at a time (cells are short, and a
  /// loop a byte would cost more than the rest of the look-up).
  @inline(__always)
  // `bytes`: read during the call only; the loads stay within its `count`.
  static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let n = bytes.count
    if n >= 8 { return raw.loadUnaligned(as: UInt64.self) }
    if n >= 4 {
      // Two 4-byte reads that overlap in the middle; the overlap holds equal bytes.
      let low = UInt64(raw.loadUnaligned(as: UInt32.self))
      let high = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
      return low | high << (8 * UInt64(n - 4))
    }
    if n == 0 { return 0 }
    // 1 to 3 bytes: the first, middle and last (some the same byte).
    return UInt64(bytes[0]) | UInt64(bytes[n >> 1]) << (8 * UInt64(n >> 1)) | UInt64(bytes[n - 1])
      << (8 * UInt64(n - 1))
  }

  // `bytes`: read during the call only.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(bytes, head: head(bytes)) }

  /// Mixes 8 bytes at a time (cells are short: ids, codes, names), then finalises like SplitMix64;
  /// `head` is `head(bytes)`, all of a short string. A longer string's last word overlaps the
  /// one before it rather than being read a byte at a time.
  @inline(__always)
  // `bytes`: read during the call only; the loads stay within its `count`.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>, head: UInt64) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    h = (h ^ head) &* 0xBF58_476D_1CE4_E5B9
    if bytes.count > 8, let base = bytes.baseAddress {
      // Within `bytes` (the loop reads whole words before its `count`).
      let raw = UnsafeRawPointer(base)
      var i = 8
      while i + 8 < bytes.count {
        h ^= h >> 31
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        i += 8
      }
      h ^= h >> 31
      h = (h ^ raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
    }
    h ^= h >> 29
    h = h &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 32)
  }

  @inline(__always)
  // `bytes`: read during the call only; compared only when the lengths are equal.
  private func equal(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = index == 0 ? 0 : ends[index - 1]
    let count = ends[index] - start
    guard count == bytes.count else { return false }
    if count == 0 { return true }
    // The pool's bytes, lent for the comparison only; `start + count` is within them.
    return storage.withUnsafeBufferPointer {
      Platform.bytesEqual($0.baseAddress! + start, bytes.baseAddress!, count: count)
    }
  }
}

import Glibc

/// A file's text pool: each distinct cell text gets a dense id (`internID`) and one `String`.
///
/// Event logs repeat the same activity names, resources and attribute values millions of times;
/// looking the bytes up in an open-addressing table avoids both a new allocation per cell and
/// building a temporary String just to hash it.
struct StringInterner {
  /// Open addressing, two words a slot: the high 24 bits of the hash, the length (255: longer)
  /// and `index + 1` (0: empty); then the string's first 8 bytes. A probe rejects other strings,
  /// and accepts strings of up to 8 bytes (ids, codes, short names), without touching the pool.
  private var slots: [UInt64]
  private var hashes: [UInt64] = []
  /// Every string interned, by id.
  private(set) var strings: [String] = []
  /// The bytes of every string back to back, compared with `memcmp` (no String access per lookup).
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
    [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
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
  mutating func internID(_ bytes: UnsafeBufferPointer<UInt8>, validating: Bool) -> Int32? {
    if dropped { rebuildLookup() }
    let hash = Self.hash(bytes)
    let tag = Self.tag(hash, count: bytes.count)
    let head = Self.head(bytes)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[2 * slot]
      if entry == 0 { break }
      if entry & 0xFFFF_FFFF_0000_0000 == tag && slots[2 * slot + 1] == head {
        let index = Int(entry & 0xFFFF_FFFF) - 1
        if bytes.count <= 8 || equal(index, bytes) { return Int32(index) }
      }
      slot = (slot + 1) & mask
    }
    if validating && !UTF8Validation.isValid(bytes) { return nil }
    slots[2 * slot] = tag | UInt64(strings.count + 1)
    slots[2 * slot + 1] = head
    let string = String(decoding: bytes, as: UTF8.self)
    let id = Int32(strings.count)
    hashes.append(hash)
    strings.append(string)
    storage.append(contentsOf: bytes)
    ends.append(storage.count)
    if strings.count * 4 > slots.count { grow() }
    return id
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

  mutating func internID(_ string: String) -> Int32 {
    var copy = string
    return copy.withUTF8 { internID($0, validating: false) ?? 0 }
  }

  private mutating func grow() {
    let old = slots
    slots = Self.emptySlots(old.count * 2)
    mask = old.count - 1
    for k in stride(from: 0, to: old.count, by: 2) where old[k] != 0 {
      let index = Int(old[k] & 0xFFFF_FFFF) - 1
      var slot = Int(truncatingIfNeeded: hashes[index]) & mask
      while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
      slots[2 * slot] = old[k]
      slots[2 * slot + 1] = old[k + 1]
    }
  }

  /// The high 24 bits of the hash and the length (255 for longer strings), in the top 32 bits.
  @inline(__always)
  static func tag(_ hash: UInt64, count: Int) -> UInt64 {
    (hash & 0xFFFF_FF00_0000_0000) | (UInt64(min(count, 255)) << 32)
  }

  /// The first 8 bytes, zero-padded.
  @inline(__always)
  static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0 }
    if bytes.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
    var word: UInt64 = 0
    for k in 0..<bytes.count { word |= UInt64(bytes[k]) << (8 * UInt64(k)) }
    return word
  }

  /// Mixes 8 bytes at a time (cells are short: ids, codes, names), then finalises like SplitMix64.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    guard let base = bytes.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= bytes.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    if i < bytes.count {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < bytes.count {
        tail |= UInt64(bytes[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
    }
    h ^= h >> 29
    h = h &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 32)
  }

  @inline(__always)
  private func equal(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = index == 0 ? 0 : ends[index - 1]
    let count = ends[index] - start
    guard count == bytes.count else { return false }
    if count == 0 { return true }
    return storage.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, count) == 0 }
  }
}

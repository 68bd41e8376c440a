import Glibc

/// Makes equal cell texts share one `String` storage.
///
/// Event logs repeat the same activity names, resources and attribute values millions of times;
/// looking the bytes up in an open-addressing table avoids both a new allocation per cell and
/// building a temporary String just to hash it.
struct StringInterner {
  private var slots: [Int32]
  private var hashes: [UInt64] = []
  private var strings: [String] = []
  private var mask: Int

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  var count: Int { strings.count }

  /// The shared String for `bytes` (which must be valid UTF-8 for a faithful round trip).
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let hash = Self.hash(bytes)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let index = Int(slots[slot])
      if index < 0 { break }
      if hashes[index] == hash && Self.equal(strings[index], bytes) { return strings[index] }
      slot = (slot + 1) & mask
    }
    let string = String(decoding: bytes, as: UTF8.self)
    slots[slot] = Int32(strings.count)
    hashes.append(hash)
    strings.append(string)
    if strings.count * 2 > slots.count { grow() }
    return string
  }

  mutating func intern(_ string: String) -> String {
    var copy = string
    return copy.withUTF8 { intern($0) }
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    for (index, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(index)
    }
  }

  /// FNV-1a, 64-bit.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    return h
  }

  @inline(__always)
  static func equal(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var string = string
    return string.withUTF8 { stored in
      stored.count == bytes.count
        && (stored.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, stored.count) == 0)
    }
  }
}

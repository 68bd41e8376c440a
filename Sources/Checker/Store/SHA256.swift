/// SHA-256 (FIPS 180-4), for the fingerprints of the rule and data files a stored run read: the
/// platform has no digest the package may depend on everywhere, and the store only needs to
/// tell "the same bytes" from "other bytes".
struct SHA256 {
  private var state: [UInt32] = [
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
  ]
  private var pending: [UInt8] = []
  /// The message schedule, kept so a block allocates nothing.
  private var w = [UInt32](repeating: 0, count: 64)
  private var length: UInt64 = 0

  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  init() {}

  /// Adds `bytes` to the message.
  mutating func update(_ bytes: [UInt8]) {
    length &+= UInt64(bytes.count)
    var offset = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<take])
      offset = take
      guard pending.count == 64 else { return }
      compress(pending, blocks: 1)
      pending.removeAll(keepingCapacity: true)
    }
    let blocks = (bytes.count - offset) / 64
    if blocks > 0 {
      if offset == 0 {
        compress(bytes, blocks: blocks)
      } else {
        compress(Array(bytes[offset..<offset + blocks * 64]), blocks: blocks)
      }
    }
    pending.append(contentsOf: bytes[(offset + blocks * 64)...])
  }

  /// The digest as 64 lowercase hex digits.
  mutating func finish() -> String {
    let bits = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
    }
    compress(tail, blocks: tail.count / 64)
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for word in state {
      for shift in stride(from: 28, through: 0, by: -4) {
        text.append(digits[Int((word >> UInt32(shift)) & 0xF)])
      }
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// The digest of `bytes`.
  static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var hash = SHA256()
    hash.update(Array(bytes))
    return hash.finish()
  }

  /// Compresses the first `blocks` 64-byte blocks of `bytes` into the state. The bytes and
  /// the schedule are read through buffers lent for the call: the per-byte bounds checks of
  /// array subscripts made hashing a year of data (137 MB) take seconds.
  private mutating func compress(_ bytes: [UInt8], blocks: Int) {
    var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
    var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
    let k = Self.k
    // Lent for this block only.
    bytes.withUnsafeBufferPointer { input in
      k.withUnsafeBufferPointer { k in
        w.withUnsafeMutableBufferPointer { w in
          for block in 0..<blocks {
            let base = block * 64
            for t in 0..<16 {
              let i = base + t * 4
              w[t] =
                UInt32(input[i]) << 24 | UInt32(input[i + 1]) << 16 | UInt32(input[i + 2]) << 8
                | UInt32(input[i + 3])
            }
            for t in 16..<64 {
              let s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >> 3)
              let s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >> 10)
              w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            for t in 0..<64 {
              let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
              let choice = (e & f) ^ (~e & g)
              let t1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
              let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
              let majority = (a & b) ^ (a & c) ^ (b & c)
              h = g
              g = f
              f = e
              e = d &+ t1
              d = c
              c = b
              b = a
              a = t1 &+ s0 &+ majority
            }
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
          }
        }
      }
    }
    state = [h0, h1, h2, h3, h4, h5, h6, h7]
  }

}

@inline(__always) private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

/// A hand-written UTF-8 validator over bytes: fast on ASCII, exact on overlongs and surrogates.
enum UTF8Validation {
  struct Scan {
    var invalidSequences = 0
    var validMultibyteSequences = 0
  }

  static func scan(_ bytes: [UInt8]) -> Scan {
    // The array's bytes, lent for the scan only.
    bytes.withUnsafeBufferPointer { scan($0) }
  }

  // `bytes`: read during the call only.
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
    var result = Scan()
    walk(bytes) { valid in
      if valid { result.validMultibyteSequences += 1 } else { result.invalidSequences += 1 }
      return true
    }
    return result
  }

  // `bytes`: read during the call only.
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var valid = true
    walk(bytes) { sequenceIsValid in
      valid = sequenceIsValid
      return sequenceIsValid
    }
    return valid
  }

  /// Calls `body` with the validity of each non-ASCII sequence until it returns false.
  @inline(__always)
  private static func walk(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Bool) -> Bool) {
    var i = 0
    let n = bytes.count
    guard let base = bytes.baseAddress else { return }
    while i < n {
      // Eight ASCII bytes at a time: most of a log's bytes are ASCII (this scan of a file's first
      // 4 MB runs alone, before the file is split among the workers).
      if i + 8 <= n && UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        i += 8
        continue
      }
      if bytes[i] < 0x80 {
        i += 1
        continue
      }
      let length = sequenceLength(bytes, at: i)
      guard body(length > 0) else { return }
      i += max(length, 1)
    }
  }

  /// The length of the valid multi-byte sequence starting at `i`, or 0 if it is invalid.
  @inline(__always)
  static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let n = bytes.count
    let lead = bytes[i]
    func continuation(_ k: Int) -> Bool { k < n && bytes[k] & 0xC0 == 0x80 }
    switch lead {
    case 0xC2...0xDF:
      return continuation(i + 1) ? 2 : 0
    case 0xE0...0xEF:
      guard continuation(i + 1), continuation(i + 2) else { return 0 }
      let second = bytes[i + 1]
      if lead == 0xE0 && second < 0xA0 { return 0 }  // overlong
      if lead == 0xED && second > 0x9F { return 0 }  // surrogate
      return 3
    case 0xF0...0xF4:
      guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return 0 }
      let second = bytes[i + 1]
      if lead == 0xF0 && second < 0x90 { return 0 }
      if lead == 0xF4 && second > 0x8F { return 0 }
      return 4
    default:
      return 0
    }
  }
}

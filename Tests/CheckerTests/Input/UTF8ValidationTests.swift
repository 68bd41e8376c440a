import Testing

@testable import Checker

/// The validator skips ASCII eight bytes at a time: it must count and judge exactly as reading
/// every byte does, wherever a multi-byte sequence (valid or not) falls against those words.
struct UTF8ValidationTests {
  /// Counts byte by byte: the definition the word-at-a-time scan must keep.
  func reference(_ bytes: [UInt8]) -> (invalid: Int, valid: Int) {
    bytes.withUnsafeBufferPointer { buffer in
      var counts = (invalid: 0, valid: 0)
      var i = 0
      while i < buffer.count {
        if buffer[i] < 0x80 {
          i += 1
          continue
        }
        let length = UTF8Validation.sequenceLength(buffer, at: i)
        if length > 0 { counts.valid += 1 } else { counts.invalid += 1 }
        i += max(length, 1)
      }
      return counts
    }
  }

  @Test func wordAtATimeScanCountsAsByteByByte() {
    // A seeded generator, so a failure can be replayed.
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    // ASCII runs of every length around a word, valid sequences of 2-4 bytes, and invalid ones:
    // a stray continuation, a truncated sequence, an overlong, a surrogate.
    let pieces: [[UInt8]] = [
      Array("a".utf8), Array("abcdefg".utf8), Array("abcdefgh".utf8), Array("abcdefghi".utf8),
      Array("华".utf8), Array("é".utf8), Array("😀".utf8), [0x80], [0xE4, 0xB8], [0xC0, 0xAF],
      [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ]
    var compared = 0
    for _ in 0..<400 {
      var bytes: [UInt8] = []
      for _ in 0..<(1 + next(40)) { bytes += pieces[next(pieces.count)] }
      let expected = reference(bytes)
      let scan = UTF8Validation.scan(bytes)
      #expect(scan.invalidSequences == expected.invalid, "\(bytes)")
      #expect(scan.validMultibyteSequences == expected.valid, "\(bytes)")
      let valid = bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
      #expect(valid == (expected.invalid == 0), "\(bytes)")
      compared += 1
    }
    #expect(compared == 400)
    #expect(UTF8Validation.scan([UInt8]()).invalidSequences == 0)
    // An invalid byte right after eight ASCII bytes, and one as the last of a word.
    #expect(UTF8Validation.scan(Array("abcdefgh".utf8) + [0xFF]).invalidSequences == 1)
    #expect(
      UTF8Validation.scan(Array("abcdefg".utf8) + [0xFF] + Array("abcdefgh".utf8)).invalidSequences == 1)
  }
}

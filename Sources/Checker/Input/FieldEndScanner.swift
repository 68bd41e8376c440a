/// Finds the end of unquoted CSV fields (the next delimiter, line feed or carriage return) 64
/// bytes at a time.
///
/// A block of 64 bytes is compared with the three bytes in 16-byte vectors once, giving a 64-bit
/// mask with a bit a sought byte; the field ends of a block are then its mask's set bits, found
/// one after the other with a count of trailing zeros. A record of a dozen short fields costs
/// two blocks and a bit scan a field, and no branch that depends on a field's length (which the
/// processor would mispredict at almost every field when the bytes are scanned one word at a time).
struct FieldEndScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  let delimiter: UInt8
  /// The offset of the block `blockMask` describes (negative: none yet).
  private var blockStart = -128
  /// Bit k: byte `blockStart + k` is a delimiter or a line break (none past the end of `bytes`)
  /// not yet handed out. Bits are cleared as their field ends are returned, so the next end is
  /// the lowest bit: finding it does not wait for the reader's position (a chain of dependent
  /// instructions through every field of the file).
  private var blockMask: UInt64 = 0

  init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
    self.bytes = bytes
    self.delimiter = delimiter
  }

  /// The offset of the first delimiter or line break at or after `position` (or the end).
  /// Positions must not decrease from call to call.
  @inline(__always)
  mutating func fieldEnd(from position: Int) -> Int {
    // Usually the field starts just after the end handed out last: the lowest pending bit.
    let end = blockStart &+ blockMask.trailingZeroBitCount
    if blockMask != 0 && end >= position && position >= blockStart {
      blockMask &= blockMask &- 1
      return end
    }
    return slowFieldEnd(from: position)
  }

  /// `fieldEnd` after a jump (a quoted field, a CRLF) or at the end of a block.
  private mutating func slowFieldEnd(from position: Int) -> Int {
    let offset = position &- blockStart
    if offset < 0 || offset >= 64 {
      load(at: position)
    } else {
      blockMask &= ~0 << UInt64(offset)
    }
    while blockMask == 0 {
      if blockStart + 64 >= bytes.count { return bytes.count }
      load(at: blockStart + 64)
    }
    let end = blockStart + blockMask.trailingZeroBitCount
    blockMask &= blockMask &- 1
    return end
  }

  /// Sets `blockMask` for the 64 bytes at `start` (fewer at the end of `bytes`).
  @inline(__always)
  private mutating func load(at start: Int) {
    blockStart = start
    guard let base = bytes.baseAddress else {
      blockMask = 0
      return
    }
    if start + 64 <= bytes.count {
      // 64 bytes from `start`, within the scanned bytes (checked above).
      blockMask = Self.mask(UnsafeRawPointer(base + start), delimiter: delimiter)
      return
    }
    var mask: UInt64 = 0
    for k in 0..<max(0, bytes.count - start) {
      let byte = bytes[start + k]
      if byte == delimiter || byte == 0x0A || byte == 0x0D { mask |= 1 << UInt64(k) }
    }
    blockMask = mask
  }

  /// Bit k set: byte k of the 64 at `block` is `delimiter`, a line feed or a carriage return.
  @inline(__always)
  static func mask(_ block: UnsafeRawPointer, delimiter: UInt8) -> UInt64 {
    let delimiters = SIMD16<UInt8>(repeating: delimiter)
    let lineFeeds = SIMD16<UInt8>(repeating: 0x0A)
    let carriageReturns = SIMD16<UInt8>(repeating: 0x0D)
    var result: UInt64 = 0
    for k in 0..<4 {
      let vector = block.loadUnaligned(fromByteOffset: 16 * k, as: SIMD16<UInt8>.self)
      let found = (vector .== delimiters) .| (vector .== lineFeeds) .| (vector .== carriageReturns)
      result |= bits(found) << UInt64(16 * k)
    }
    return result
  }

  /// A 16-lane mask as 16 bits, lane k at bit k: a lane is all ones or all zeros, and each of
  /// the mask's two words gives 8 bits.
  @inline(__always)
  static func bits(_ found: SIMDMask<SIMD16<Int8>>) -> UInt64 {
    let words = words(found)
    return highBits(words[0]) | highBits(words[1]) << 8
  }

  /// A 16-lane mask as two words, a lane of 0xFF or 0x00 per byte in lane order (the compiler
  /// turns this into one register move: the comparison already produced these bytes).
  @inline(__always)
  static func words(_ mask: SIMDMask<SIMD16<Int8>>) -> SIMD2<UInt64> {
    let lanes = SIMD16<UInt8>().replacing(with: 0xFF, where: mask)
    // The 16 bytes of `lanes`, read as two words inside the closure that lends them.
    return withUnsafeBytes(of: lanes) { $0.loadUnaligned(as: SIMD2<UInt64>.self) }
  }

  /// The high bit of each byte of `word`, gathered into 8 bits in byte order: the multiplication
  /// moves the high bit of byte k to bit 56 + k, with no two partial products meeting.
  @inline(__always)
  static func highBits(_ word: UInt64) -> UInt64 {
    ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
  }
}

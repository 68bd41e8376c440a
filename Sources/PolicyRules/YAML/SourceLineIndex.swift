import CYAML

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Maps libyaml positions to our 1-based line/column marks.
///
/// libyaml counts lines and columns in decoded characters, which is what we want, except that it
/// also breaks lines at a lone `\r`, U+0085, U+2028 and U+2029, where the `\n`-split `SourceText`
/// that prints the snippet does not. Files free of those use libyaml's line and column directly;
/// the others have their marks recomputed from libyaml's character index, so every mark agrees
/// with the line shown under the diagnostic.
struct SourceLineIndex {
  /// Scalar index at which each line starts, or nil when libyaml's own lines can be trusted.
  private let lineStarts: [Int]?

  init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    guard Self.hasBreaksOtherThanLineFeed(bytes) else {
      lineStarts = nil
      return
    }
    var starts = [0]
    var scalarIndex = 0
    for byte in bytes where !Self.isContinuationByte(byte) {
      scalarIndex += 1
      if byte == UInt8(ascii: "\n") { starts.append(scalarIndex) }
    }
    lineStarts = starts
  }

  /// Our mark for a libyaml mark.
  func mark(_ mark: yaml_mark_t) -> SourceMark {
    guard let lineStarts else { return SourceMark(line: mark.line + 1, column: mark.column + 1) }
    // Binary search for the last line starting at or before the character index.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= mark.index { low = middle } else { high = middle - 1 }
    }
    return SourceMark(line: low + 1, column: max(0, mark.index - lineStarts[low]) + 1)
  }

  /// The mark of the byte at `byteOffset`, for reader errors that libyaml reports as raw byte
  /// offsets; the bytes before the offset are valid UTF-8 (libyaml stops at the first bad one).
  static func mark(byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceMark {
    var line = 1
    var column = 1
    for byte in bytes.prefix(max(0, byteOffset)) where !isContinuationByte(byte) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return SourceMark(line: line, column: column)
  }

  /// A `\r` not followed by `\n`, or NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR in UTF-8.
  private static func hasBreaksOtherThanLineFeed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    var offset = 0
    while offset < bytes.count,
      let found = memchr(base + offset, Int32(UInt8(ascii: "\r")), bytes.count - offset)
    {
      // `found` is inside the lent bytes, after `base`.
      let position = UnsafeRawPointer(base).distance(to: found)
      if position + 1 == bytes.count || bytes[position + 1] != UInt8(ascii: "\n") { return true }
      offset = position + 2
    }
    let otherBreaks: [[UInt8]] = [[0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9]]
    return otherBreaks.contains { contains($0, in: bytes) }
  }

  /// Whether `needle` occurs in `bytes`; `memchr` finds candidates for its first byte.
  private static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress, let first = needle.first else { return false }
    var offset = 0
    while offset < bytes.count, let found = memchr(base + offset, Int32(first), bytes.count - offset) {
      // `found` is inside the lent bytes, after `base`.
      let position = UnsafeRawPointer(base).distance(to: found)
      if bytes[position...].starts(with: needle) { return true }
      offset = position + 1
    }
    return false
  }

  private static func isContinuationByte(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}

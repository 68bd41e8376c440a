/// Maps libyaml positions to our 1-based line/column marks.
///
/// libyaml counts `index` in decoded characters from the start of the stream, but it also treats
/// `\r`, U+0085, U+2028 and U+2029 as line breaks, so its own line/column can disagree with the
/// `\n`-split `SourceText` that prints the snippet. Recomputing both from the character index
/// keeps every mark consistent with the line shown under the diagnostic.
struct SourceLineIndex: Sendable {
  /// Scalar index at which each line starts (line 1 starts at 0).
  private let lineStarts: [Int]

  init(utf8 bytes: some Collection<UInt8>) {
    var starts = [0]
    var scalarIndex = 0
    for byte in bytes where !Self.isContinuationByte(byte) {
      scalarIndex += 1
      if byte == UInt8(ascii: "\n") { starts.append(scalarIndex) }
    }
    lineStarts = starts
  }

  /// The mark of the character at `scalarIndex` (0-based, counted in Unicode scalars).
  func mark(scalarIndex: Int) -> SourceMark {
    // Binary search for the last line starting at or before the index.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= scalarIndex { low = middle } else { high = middle - 1 }
    }
    return SourceMark(line: low + 1, column: max(0, scalarIndex - lineStarts[low]) + 1)
  }

  /// The mark of the byte at `byteOffset` in `bytes`, for reader errors that libyaml reports
  /// as raw byte offsets; the bytes before the offset are valid UTF-8 (libyaml stops at the first bad one).
  static func mark(byteOffset: Int, in bytes: some Collection<UInt8>) -> SourceMark {
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

  private static func isContinuationByte(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}

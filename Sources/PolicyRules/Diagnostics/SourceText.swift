#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text of a source file, kept to print the offending line under a diagnostic.
public struct SourceText: Sendable {
  public let path: String
  private let text: String
  /// UTF-8 offset at which each line starts.
  ///
  /// Found over bytes with `memchr` rather than by splitting the `String`: splitting by
  /// `Character` never sees a `\n` in `\r\n` (one grapheme) and costs milliseconds per file.
  private let lineStarts: [Int]

  public init(path: String, text: String) {
    self.path = path
    var text = text
    var starts = [0]
    text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count,
        let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset)
      {
        // `found` is inside the lent bytes, after `base`.
        offset = UnsafeRawPointer(base).distance(to: found) + 1
        starts.append(offset)
      }
    }
    self.text = text
    self.lineStarts = starts
  }

  /// The 1-based line, without its line break.
  public func line(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    let start = lineStarts[number - 1]
    var text = text
    return text.withUTF8 { bytes in
      var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
      if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      // A line of the lent bytes, within them, copied into the string.
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
  }
}

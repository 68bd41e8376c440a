/// `html`, `markdown`, `xml` and `xmlText` written straight into a sink, for the reports that stream,
/// without building a string per text. The `String` functions return what these write, so each
/// syntax has one escaper.
///
/// They work on UTF-8 bytes. Every character they change is ASCII or a C1 control (C2 80–C2 9F)
/// or U+FFFE / U+FFFF (EF BF BE / EF BF BF), and no byte of those occurs inside another
/// character's encoding, so changing bytes changes exactly the characters a loop over Unicode
/// scalars would change (the tests hold such loops as oracles).
extension ReportEscaping {
  /// `html(text)` into `sink`.
  static func writeHTML(_ text: String, to sink: inout ReportSink) {
    withUTF8(text) { writeHTML($0, to: &sink) }
  }

  /// `html` of UTF-8 bytes into `sink`.
  static func writeHTML(_ bytes: UnsafeRawBufferPointer, to sink: inout ReportSink) {
    writeReplacing(bytes, to: &sink) { bytes, k in
      switch bytes[k] {
      case UInt8(ascii: "&"): ("&amp;", 1)
      case UInt8(ascii: "<"): ("&lt;", 1)
      case UInt8(ascii: ">"): ("&gt;", 1)
      case UInt8(ascii: "\""): ("&quot;", 1)
      case UInt8(ascii: "'"): ("&#39;", 1)
      case 0x09, 0x0A, 0x0D: nil
      default: controlReplacement(bytes, k)
      }
    }
  }

  /// `markdown(text)` into `sink`.
  static func writeMarkdown(_ text: String, to sink: inout ReportSink) {
    withUTF8(text) { writeMarkdown($0, to: &sink) }
  }

  /// `markdown` of UTF-8 bytes into `sink`.
  static func writeMarkdown(_ bytes: UnsafeRawBufferPointer, to sink: inout ReportSink) {
    writeReplacing(bytes, to: &sink) { bytes, k in
      switch bytes[k] {
      case UInt8(ascii: "\\"): ("\\\\", 1)
      case UInt8(ascii: "`"): ("\\`", 1)
      case UInt8(ascii: "*"): ("\\*", 1)
      case UInt8(ascii: "_"): ("\\_", 1)
      case UInt8(ascii: "["): ("\\[", 1)
      case UInt8(ascii: "]"): ("\\]", 1)
      case UInt8(ascii: "|"): ("\\|", 1)
      case UInt8(ascii: "#"): ("\\#", 1)
      case UInt8(ascii: "~"): ("\\~", 1)
      case UInt8(ascii: "!"): ("\\!", 1)
      case UInt8(ascii: "{"): ("\\{", 1)
      case UInt8(ascii: "}"): ("\\}", 1)
      case UInt8(ascii: "<"): ("&lt;", 1)
      case UInt8(ascii: ">"): ("&gt;", 1)
      case UInt8(ascii: "&"): ("&amp;", 1)
      case 0x0A, 0x0D, 0x09: (" ", 1)
      default: controlReplacement(bytes, k)
      }
    }
  }

  /// U+FFFD and the width in bytes of a C0 control, DEL or C1 control (`TerminalText.isControl`)
  /// at `k`; nil for any other character.
  @inline(__always)
  private static func controlReplacement(_ bytes: UnsafeRawBufferPointer, _ k: Int) -> (StaticString, Int)? {
    switch bytes[k] {
    case 0x00..<0x20, 0x7F: ("\u{FFFD}", 1)
    case 0xC2 where k + 1 < bytes.count && (0x80..<0xA0).contains(bytes[k + 1]): ("\u{FFFD}", 2)
    default: nil
    }
  }

  /// `xml(text)` (an attribute value) into `sink`.
  static func writeXML(_ text: String, to sink: inout ReportSink) {
    withUTF8(text) { writeXML($0, keepingLineBreaks: false, to: &sink) }
  }

  /// `xmlText(text)` (element content) into `sink`.
  static func writeXMLText(_ text: String, to sink: inout ReportSink) {
    withUTF8(text) { writeXML($0, keepingLineBreaks: true, to: &sink) }
  }

  /// `xml` or `xmlText` of UTF-8 bytes into `sink`.
  static func writeXML(_ bytes: UnsafeRawBufferPointer, keepingLineBreaks: Bool, to sink: inout ReportSink) {
    // An empty replacement drops the character.
    writeReplacing(bytes, to: &sink) { bytes, k in
      switch bytes[k] {
      case 0x26: ("&amp;", 1)
      case 0x3C: ("&lt;", 1)
      case 0x3E: ("&gt;", 1)
      case 0x22: ("&quot;", 1)
      case 0x27: ("&apos;", 1)
      case 0x0A: keepingLineBreaks ? nil : ("&#10;", 1)
      case 0x0D: ("&#13;", 1)
      case 0x09: keepingLineBreaks ? nil : ("&#9;", 1)
      case 0x00..<0x20: ("", 1)
      case 0xEF where k + 2 < bytes.count && bytes[k + 1] == 0xBF && bytes[k + 2] & 0xFE == 0xBE: ("", 3)
      default: nil
      }
    }
  }

  /// Writes `bytes`, each character for which `replacement` (given the bytes and a position)
  /// returns a text and the character's width in bytes replaced by that text; runs of kept
  /// bytes are written as they are.
  @inline(__always)
  private static func writeReplacing(
    _ bytes: UnsafeRawBufferPointer, to sink: inout ReportSink,
    // `bytes` (and the slices passed to `replacement`) are the caller's, read during the call only.
    _ replacement: (UnsafeRawBufferPointer, Int) -> (StaticString, Int)?
  ) {
    var clean = 0
    var k = 0
    while k < bytes.count {
      guard let (text, width) = replacement(bytes, k) else {
        k += 1
        continue
      }
      // Slices of the lent `bytes`, within its bounds, copied by the write.
      if clean < k { sink.write(UnsafeRawBufferPointer(rebasing: bytes[clean..<k])) }
      sink.write(text)
      k += width
      clean = k
    }
    if clean < bytes.count { sink.write(UnsafeRawBufferPointer(rebasing: bytes[clean...])) }
  }

  /// Calls `body` with the UTF-8 bytes of `text`, in place where the string allows it.
  @inline(__always)
  private static func withUTF8(_ text: String, _ body: (UnsafeRawBufferPointer) -> Void) {
    let done: Void? = text.utf8.withContiguousStorageIfAvailable { body(UnsafeRawBufferPointer($0)) }
    if done != nil { return }
    var text = text
    // The string's bytes, lent for `body` only.
    text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
  }
}

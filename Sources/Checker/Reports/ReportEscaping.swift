import PolicyRules

/// Escaping of record text for each output syntax. Record text (subjects, values, reasons) comes
/// from input files and must never become markup, formulas or broken syntax.
enum ReportEscaping {
  /// Text and attribute values in HTML: `& < > " '`. Control characters HTML does not allow
  /// (NUL, escape, DEL, C1) become a visible U+FFFD; tab, line feed and carriage return stay.
  static func html(_ text: String) -> String {
    ReportSink.collecting { writeHTML(text, to: &$0) }
  }

  /// XML 1.0 text and attributes: like HTML, and characters XML forbids are dropped, line breaks
  /// in attributes kept as character references.
  static func xml(_ text: String) -> String {
    ReportSink.collecting { writeXML(text, to: &$0) }
  }

  /// XML element content: like `xml`, but line breaks and tabs are kept as they are.
  static func xmlText(_ text: String) -> String {
    ReportSink.collecting { writeXMLText(text, to: &$0) }
  }

  /// Inline Markdown: characters that start emphasis, links, code, tables or HTML are
  /// backslash-escaped or written as entities; line breaks become spaces so a table row stays one
  /// line; other control characters become U+FFFD.
  static func markdown(_ text: String) -> String {
    ReportSink.collecting { writeMarkdown(text, to: &$0) }
  }

  /// A JSON string literal, quotes included (`JSONText.quoted`).
  static func jsonString(_ text: String) -> String { JSONText.quoted(text) }

  /// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a
  /// spreadsheet would run as a formula (starting with `= + - @`, tab or CR) gets a leading `'`.
  /// Control characters other than tab, line feed and carriage return (NUL, escape, DEL, C1)
  /// become U+FFFD: spreadsheets and terminals act on them or cut the cell at a NUL. Tabs are
  /// data a cell may hold (a quoted or unquoted tab is ordinary CSV).
  static func csvCell(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
      // The string's bytes, lent for this call only.
      ReportSink.collecting { writeCSVCell(UnsafeRawBufferPointer(bytes), to: &$0) }
    }
  }

  /// `csvCell` written into a sink. Every byte it looks for is ASCII, which never occurs inside a
  /// multi-byte UTF-8 character, so working on bytes gives the same cell as working on characters.
  static func writeCSVCell(_ bytes: UnsafeRawBufferPointer, to sink: inout ReportSink) {
    // Rare: a control byte (or a C1 control, C2 80–9F) is replaced, then the cell written as usual.
    if bytes.contains(where: {
      ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2
    }) {
      let text = String(decoding: bytes, as: UTF8.self)
      let cleaned = String(
        String.UnicodeScalarView(
          text.unicodeScalars.map { scalar in
            TerminalText.isControl(scalar) && scalar != "\t" && scalar != "\n" && scalar != "\r"
              ? "\u{FFFD}" : scalar
          }))
      if cleaned != text {
        var copy = cleaned
        // The string's bytes, lent for this call only.
        copy.withUTF8 { writeCleanCSVCell(UnsafeRawBufferPointer($0), to: &sink) }
        return
      }
    }
    writeCleanCSVCell(bytes, to: &sink)
  }

  /// `writeCSVCell` of bytes without control characters.
  private static func writeCleanCSVCell(_ bytes: UnsafeRawBufferPointer, to sink: inout ReportSink) {
    let n = bytes.count
    var isFormula = false
    if n > 0 {
      switch bytes[0] {
      case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
        isFormula = true
      default: break
      }
    }
    var needsQuotes = false
    for byte in bytes
    where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
      needsQuotes = true
      break
    }
    guard needsQuotes else {
      if isFormula { sink.write(byte: UInt8(ascii: "'")) }
      sink.write(bytes)
      return
    }
    sink.write(byte: UInt8(ascii: "\""))
    if isFormula { sink.write(byte: UInt8(ascii: "'")) }
    var runStart = 0
    for k in 0..<n where bytes[k] == UInt8(ascii: "\"") {
      // The quote ends the run, so it is written twice: once here, once at the next run's start.
      sink.write(UnsafeRawBufferPointer(rebasing: bytes[runStart...k]))
      runStart = k
    }
    // Slices of the lent `bytes`, within its bounds, copied by the write.
    sink.write(UnsafeRawBufferPointer(rebasing: bytes[runStart..<n]))
    sink.write(byte: UInt8(ascii: "\""))
  }

  /// `writeCSVCell` for a string.
  static func writeCSVCell(_ text: String, to sink: inout ReportSink) {
    var text = text
    text.withUTF8 { writeCSVCell(UnsafeRawBufferPointer($0), to: &sink) }
  }

  /// A URI reference for a relative file path: path separators kept, everything outside the
  /// unreserved set percent-encoded as UTF-8.
  static func uriPath(_ path: String) -> String {
    ReportSink.collecting { writeURIPath(path, to: &$0) }
  }

  /// `uriPath` written into a sink; the result is ASCII that needs no JSON escaping.
  static func writeURIPath(_ path: String, to sink: inout ReportSink) {
    var path = path
    path.withUTF8 { bytes in
      let digits: StaticString = "0123456789ABCDEF"
      // Paths are mostly unreserved characters: they are copied in runs.
      var runStart = 0
      for k in bytes.indices {
        let byte = bytes[k]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
          UInt8(ascii: "~"), UInt8(ascii: "/"):
          continue
        default:
          // Slices of the lent `bytes`, within its bounds, copied by the write.
          sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<k]))
          sink.write(byte: UInt8(ascii: "%"))
          sink.write(byte: digits.utf8Start[Int(byte >> 4)])
          sink.write(byte: digits.utf8Start[Int(byte & 0xF)])
          runStart = k + 1
        }
      }
      // The rest of the lent `bytes`, copied by the write.
      sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...]))
    }
  }
}

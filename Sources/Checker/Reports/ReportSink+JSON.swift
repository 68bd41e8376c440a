import PolicyRules

/// JSON syntax written straight into a sink, laid out exactly as `JSONValue` prints a tree (two-space
/// indentation, `"key": value`, one member or element per line), so hot report loops can stream
/// objects whose keys they write in sorted order themselves.
extension ReportSink {
  /// A JSON string literal, quotes included, with the escapes of `ReportEscaping.jsonString`.
  mutating func writeJSONString(_ text: String) {
    write(byte: UInt8(ascii: "\""))
    writeJSONStringContent(text)
    write(byte: UInt8(ascii: "\""))
  }

  /// The escaped characters of a JSON string without the quotes, for strings written in parts.
  /// Escaping works byte by byte, so escaping the parts equals escaping their concatenation.
  mutating func writeJSONStringContent(_ text: String) {
    // Native and small strings lend their bytes in place; copying `text` to call `withUTF8`
    // retained and released it on every call.
    let done: Void? = text.utf8.withContiguousStorageIfAvailable {
      writeJSONStringContent(UnsafeRawBufferPointer($0))
    }
    if done != nil { return }
    var text = text
    // The string's bytes, lent for this write only.
    text.withUTF8 { writeJSONStringContent(UnsafeRawBufferPointer($0)) }
  }

  /// `writeJSONStringContent` for UTF-8 bytes (e.g. an in-memory sink's).
  mutating func writeJSONStringContent(_ bytes: UnsafeRawBufferPointer) {
    do {
      let n = bytes.count
      var runStart = 0
      var k = 0
      while k < n {
        // Eight bytes at a time while none of them needs a look (see `needsEscapeCheck`).
        if k + 8 <= n, !ReportSink.needsEscapeCheck(bytes.loadUnaligned(fromByteOffset: k, as: UInt64.self)) {
          k += 8
          continue
        }
        let byte = bytes[k]
        // Most bytes need no escape: copy them in runs.
        if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
          k += 1
          continue
        }
        let isLineSeparator =
          byte == 0xE2 && k + 2 < n && bytes[k + 1] == 0x80 && (bytes[k + 2] & 0xFE) == 0xA8
        if byte == 0xE2 && !isLineSeparator {
          k += 1
          continue
        }
        // Slices of the lent `bytes`, within its bounds, copied by the write.
        write(UnsafeRawBufferPointer(rebasing: bytes[runStart..<k]))
        switch byte {
        case 0x22: write("\\\"")
        case 0x5C: write("\\\\")
        case 0x0A: write("\\n")
        case 0x0D: write("\\r")
        case 0x09: write("\\t")
        case 0x08: write("\\b")
        case 0x0C: write("\\f")
        case 0xE2:
          // U+2028 and U+2029 (E2 80 A8/A9), the line separators JavaScript treats as line breaks.
          write(bytes[k + 2] == 0xA8 ? "\\u2028" : "\\u2029")
          k += 2
        default: writeUnicodeEscape(byte)
        }
        k += 1
        runStart = k
      }
      // The rest of the lent `bytes`, copied by the write.
      write(UnsafeRawBufferPointer(rebasing: bytes[runStart..<n]))
    }
  }

  /// Whether any of eight bytes is a control character, `"`, `\\` or 0xE2 (the lead byte of
  /// U+2028/U+2029), by the word-at-a-time tests of "Bit Twiddling Hacks" (exact for "any").
  @inline(__always)
  static func needsEscapeCheck(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
    let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
    return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
      || hasZeroByte(word ^ (ones &* 0xE2))
  }

  /// `\u001F` for a control character.
  private mutating func writeUnicodeEscape(_ byte: UInt8) {
    let digits: StaticString = "0123456789ABCDEF"
    write("\\u00")
    write(byte: digits.utf8Start[Int(byte >> 4)])
    write(byte: digits.utf8Start[Int(byte & 0xF)])
  }

  /// A number as `JSONValue.numberText` prints it; integral values without allocating.
  mutating func writeJSONNumber(_ value: Double) {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
      write(integer: Int(value))
    } else {
      write(JSONValue.numberText(value))
    }
  }

  /// `true` or `false`.
  mutating func writeJSONBool(_ value: Bool) { write(value ? "true" : "false") }

  /// `null`.
  mutating func writeJSONNull() { write("null") }

  /// A string, or `null`.
  mutating func writeJSONString(orNull text: String?) {
    if let text { writeJSONString(text) } else { writeJSONNull() }
  }

  /// A JSON string literal of UTF-8 bytes, quotes included.
  mutating func writeJSONString(_ bytes: UnsafeRawBufferPointer) {
    write(byte: UInt8(ascii: "\""))
    writeJSONStringContent(bytes)
    write(byte: UInt8(ascii: "\""))
  }

  /// A string built in place (dates, times).
  mutating func writeJSONString(_ text: ShortText) {
    write(byte: UInt8(ascii: "\""))
    text.withUnsafeBytes { write($0) }
    write(byte: UInt8(ascii: "\""))
  }

  /// Starts member `key` of an object whose members sit at `indent`: the `{` or `,` before it,
  /// a line break, the indentation and `"key": `. Keys are literals that need no escaping.
  mutating func writeJSONKey(_ key: StaticString, indent: Int, first: Bool = false) {
    // Reports write tens of keys per finding: in one piece when the buffer has room.
    let keyCount = key.utf8CodeUnitCount
    let n = indent + keyCount + 6
    let written = withFreeSpace(atLeast: n) { out in
      out[0] = first ? UInt8(ascii: "{") : UInt8(ascii: ",")
      out[1] = UInt8(ascii: "\n")
      (out + 2).update(repeating: UInt8(ascii: " "), count: indent)
      out[indent + 2] = UInt8(ascii: "\"")
      (out + indent + 3).update(from: key.utf8Start, count: keyCount)
      out[n - 3] = UInt8(ascii: "\"")
      out[n - 2] = UInt8(ascii: ":")
      out[n - 1] = UInt8(ascii: " ")
      return n
    }
    if written { return }
    write(first ? "{\n" : ",\n")
    writeSpaces(indent)
    write(byte: UInt8(ascii: "\""))
    write(key)
    write("\": ")
  }

  /// Ends an object whose members sat at `indent + 2`.
  mutating func writeJSONObjectEnd(indent: Int) {
    write(byte: UInt8(ascii: "\n"))
    writeSpaces(indent)
    write(byte: UInt8(ascii: "}"))
  }

  /// An array at `indent` (the indentation of the line holding its `[`), each element written by
  /// `element` at `indent + 2`; `[]` when empty.
  mutating func writeJSONArray<Items: Collection>(
    _ items: Items, indent: Int, _ element: (inout ReportSink, Items.Element, Int) -> Void
  ) {
    guard !items.isEmpty else {
      write("[]")
      return
    }
    write("[\n")
    var first = true
    for item in items {
      if !first { write(",\n") }
      first = false
      writeSpaces(indent + 2)
      element(&self, item, indent + 2)
    }
    write(byte: UInt8(ascii: "\n"))
    writeSpaces(indent)
    write(byte: UInt8(ascii: "]"))
  }

  /// An array of strings.
  mutating func writeJSONStrings<Items: Collection<String>>(_ items: Items, indent: Int) {
    writeJSONArray(items, indent: indent) { sink, item, _ in sink.writeJSONString(item) }
  }

  /// A small tree (counts, clauses, headers) at `indent`.
  mutating func writeJSON(_ value: JSONValue, indent: Int) {
    value.write(to: &self, indent: indent)
  }
}

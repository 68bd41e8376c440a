import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What is done to an XES file before Foundation's `XMLParser` sees it: on Linux that parser
/// crashes on two kinds of input a user may hand the tool (found by the FuzzXES target).
extension XESReader {
  /// A document read as UTF-8 (no encoding declared, or UTF-8) must be UTF-8: the first byte
  /// that is not is a failure at its line and (byte) column; nil when the bytes are fine or the
  /// document declares another encoding, which the XML parser converts.
  ///
  /// Checked before parsing because Foundation's `XMLParser` on Linux traps on an element or
  /// attribute name that is not UTF-8 (libxml2 hands such a name on when it recovers): an XES
  /// file with one stray byte in a tag would otherwise crash the tool.
  static func invalidUTF8(in data: Data) -> Failure? {
    data.withUnsafeBytes { raw -> Failure? in
      let bytes = raw.bindMemory(to: UInt8.self)
      guard readsAsUTF8(bytes) else { return nil }
      var line = 1
      var lineStart = 0
      var i = 0
      while i < bytes.count {
        let byte = bytes[i]
        if byte < 0x80 {
          if byte == 0x0A {
            line += 1
            lineStart = i + 1
          }
          i += 1
          continue
        }
        let length = UTF8Validation.sequenceLength(bytes, at: i)
        guard length > 0 else {
          return Failure(
            message: "invalid XML: the file is not valid UTF-8 and declares no other encoding", line: line,
            column: i - lineStart + 1)
        }
        i += length
      }
      return nil
    }
  }

  /// The line and byte column of the first control character XML does not allow (below U+0020,
  /// other than tab, line feed and carriage return) in a file read as UTF-8: where libxml2's
  /// "character not allowed" error is, which it reports where it stopped reading instead.
  static func forbiddenControlCharacter(in data: Data) -> (line: Int, column: Int)? {
    data.withUnsafeBytes { raw -> (line: Int, column: Int)? in
      let bytes = raw.bindMemory(to: UInt8.self)
      guard readsAsUTF8(bytes) else { return nil }
      var line = 1
      var lineStart = 0
      for (i, byte) in bytes.enumerated() where byte < 0x20 {
        switch byte {
        case 0x0A:
          line += 1
          lineStart = i + 1
        case 0x09, 0x0D: continue
        default: return (line, i - lineStart + 1)
        }
      }
      return nil
    }
  }

  /// False for a UTF-16 byte order mark, or an XML declaration that names, well-formed, an
  /// encoding outside Unicode that iconv knows (libxml2 converts it). A file of 8-bit text that
  /// declares UTF-16 or UTF-32, an unknown encoding, or one in a malformed declaration, is read
  /// as UTF-8 by libxml2.
  static func readsAsUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return false }
    var head = Substring(String(decoding: bytes.prefix(256), as: UTF8.self))
    if head.hasPrefix("\u{FEFF}") { head.removeFirst() }
    guard head.hasPrefix("<?xml"), let end = head.range(of: "?>"),
      let key = head[..<end.lowerBound].range(of: "encoding")
    else { return true }
    // Only a well-formed declaration (`<?xml version="…" encoding=…`) names an encoding;
    // libxml2 reads the file of a malformed one as UTF-8.
    let before = head[head.index(head.startIndex, offsetBy: 5)..<key.lowerBound]
    guard before.first?.isWhitespace == true, before.last?.isWhitespace == true else { return true }
    let version = before.trimmingCharacters(in: .whitespaces)
    guard version.hasPrefix("version"), version.filter({ $0 == "\"" || $0 == "'" }).count == 2,
      version.last == "\"" || version.last == "'"
    else { return true }
    var rest = head[key.upperBound..<end.lowerBound].drop { $0 == " " }
    guard rest.first == "=" else { return true }
    rest = rest.dropFirst().drop { $0 == " " }
    guard let quote = rest.first, quote == "\"" || quote == "'" else { return true }
    let name = rest.dropFirst().prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    guard !name.isEmpty, rest.dropFirst(name.count + 1).first == quote else { return true }
    let lower = name.lowercased()
    // ASCII is read like UTF-8 too (a byte above 0x7F is no ASCII either).
    if ["utf", "ucs", "ascii", "us-ascii"].contains(where: { lower.hasPrefix($0) }) { return true }
    // libxml2 converts through iconv; an encoding iconv does not know is read as UTF-8.
    let descriptor = iconv_open("UTF-8", String(name))
    guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return true }
    iconv_close(descriptor)
    return false
  }

  /// `data` with a space before the `?>` of every processing instruction that has no data
  /// (`<?name?>` becomes `<?name ?>`, which means the same): Foundation's `XMLParser` on Linux
  /// reads the missing data through a null pointer. Comments and CDATA sections get the space
  /// too: libxml2 recovers from some errors inside a comment (an invalid character) by reading
  /// on as markup, so where a comment ends cannot be known here, and XES reads no comment or
  /// element text. `data` itself when there is nothing to change. Positions after such an
  /// instruction on its line move one column to the right.
  static func withProcessingInstructionData(_ data: Data) -> Data {
    let bytes = [UInt8](data)
    let n = bytes.count
    func starts(_ pattern: StaticString, at i: Int) -> Bool {
      let count = pattern.utf8CodeUnitCount
      guard i + count <= n else { return false }
      for k in 0..<count where bytes[i + k] != pattern.utf8Start[k] { return false }
      return true
    }
    var insertions: [Int] = []
    var i = 0
    // Every construct looked for starts with "<": other bytes are passed over at once.
    while i < n {
      if bytes[i] != UInt8(ascii: "<") {
        i += 1
      } else if starts("<?", at: i) {
        var k = i + 2
        while k < n && !starts("?>", at: k)
          && !(bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D)
        {
          k += 1
        }
        if k > i + 2 && starts("?>", at: k) { insertions.append(k) }
        i = k
      } else {
        i += 1
      }
    }
    guard !insertions.isEmpty else { return data }
    var result = Data(capacity: n + insertions.count)
    var copied = 0
    for position in insertions {
      result.append(contentsOf: bytes[copied..<position])
      result.append(0x20)
      copied = position
    }
    result.append(contentsOf: bytes[copied...])
    return result
  }
}

/// Reads one YAML file through libyaml's event API into a `YAMLDocument`.
///
/// Strict: one document per file, duplicate keys are errors, complex keys are errors, aliases
/// are bounded (`maxAliasExpansion` nodes) so a small file cannot expand without limit, invalid
/// UTF-8 is reported with its position.
public enum YAMLParser {
  /// Bound on the number of nodes that alias expansion may add to a document.
  public static let maxAliasExpansion = 10_000

  /// Rules, calendars and profiles are small; anything bigger is refused before it is read.
  public static let maxFileSize = 16 * 1024 * 1024

  /// Parses `bytes` read from `path`. On failure the document is nil and `diagnostics` holds
  /// every problem found (libyaml's own message and position for syntax errors).
  ///
  /// An empty file, a file of comments only, or a bare `---` gives a document whose root is nil.
  public static func parse(bytes: [UInt8], path: String, diagnostics: inout DiagnosticBag) -> YAMLDocument? {
    if isUTF16(bytes) {
      diagnostics.append(
        Diagnostic(path: path, mark: nil, message: "file is UTF-16 encoded; save it as UTF-8"))
      return nil
    }
    let content = withoutByteOrderMark(bytes)
    // libyaml reads a NUL as the end of the text or as an unnamed control character.
    if let nul = content.firstIndex(of: 0) {
      let mark = content.withUnsafeBufferPointer {
        SourceLineIndex.mark(byteOffset: nul - content.startIndex, in: $0)
      }
      diagnostics.append(Diagnostic(path: path, mark: mark, message: "file contains a NUL byte"))
      return nil
    }
    let reader: LibYAMLEventReader
    do {
      reader = try LibYAMLEventReader(bytes: content)
    } catch {
      diagnostics.append(Diagnostic(path: path, mark: error.mark, message: error.message))
      return nil
    }
    var builder = YAMLTreeBuilder(path: path)
    let root = builder.build(from: reader)
    guard builder.diagnostics.isEmpty else {
      diagnostics.append(contentsOf: builder.diagnostics)
      return nil
    }
    return YAMLDocument(path: path, root: root, source: SourceText(path: path, text: decode(content)))
  }

  /// Reads and parses a file; an unreadable file is one diagnostic.
  public static func parseFile(atPath path: String, diagnostics: inout DiagnosticBag) -> YAMLDocument? {
    guard let bytes = readFile(atPath: path, diagnostics: &diagnostics) else { return nil }
    return parse(bytes: bytes, path: path, diagnostics: &diagnostics)
  }

  /// The source text that marks from `parse(bytes:path:diagnostics:)` refer to (byte order mark
  /// removed, invalid bytes shown as U+FFFD), to render snippets when parsing failed.
  public static func sourceText(for bytes: [UInt8], path: String) -> SourceText {
    SourceText(path: path, text: decode(withoutByteOrderMark(bytes)))
  }

  /// Reads a file of at most `maxFileSize` bytes; a missing, unreadable or too large file is
  /// one diagnostic without a mark.
  public static func readFile(atPath path: String, diagnostics: inout DiagnosticBag) -> [UInt8]? {
    switch FileReader.contents(atPath: path, limit: maxFileSize) {
    case .success(let bytes):
      return bytes
    case .failure(.tooLarge):
      diagnostics.append(Diagnostic(path: path, mark: nil, message: "file is larger than 16 MiB"))
    case .failure(.unreadable(let reason)):
      diagnostics.append(Diagnostic(path: path, mark: nil, message: "cannot read file: \(reason)"))
    }
    return nil
  }

  private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  private static func withoutByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
  }

  /// A UTF-16 byte order mark, or the shape of UTF-16 text without one: in the first 64 bytes
  /// (at least four), NULs stand on one side of the byte pairs only, never both bytes of a pair,
  /// and in at least half of the pairs, as the ASCII keys and punctuation of YAML give. libyaml
  /// would otherwise decode the former silently and reject the latter obscurely. Any other NUL
  /// is reported with its position (`parse`).
  static func isUTF16(_ bytes: [UInt8]) -> Bool {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
    let head = bytes.prefix(64)
    guard head.count >= 4 else { return false }
    var nulFirst = 0
    var nulSecond = 0
    for start in stride(from: 0, to: head.count - 1, by: 2) {
      switch (head[start] == 0, head[start + 1] == 0) {
      case (true, true): return false
      case (true, false): nulFirst += 1
      case (false, true): nulSecond += 1
      case (false, false): break
      }
    }
    let pairs = head.count / 2
    return (nulFirst == 0 || nulSecond == 0) && 2 * max(nulFirst, nulSecond) >= pairs
  }

  private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}

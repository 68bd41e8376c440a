import PolicyRules

/// Parses a fuzzed YAML file and checks the parser's side of the contract: a rejected file has
/// an error, and every diagnostic points into the file.
public enum YAMLHarness {
  public static let path = "fuzz.yaml"

  /// Problems of the whole file that have no position.
  static let marklessMessages = [
    "file is UTF-16 encoded; save it as UTF-8", "out of memory while reading YAML", "calendar file is empty",
    "empty dataset description",
  ]

  /// The document, or nil after checking the diagnostics that say why not.
  public static func parse(_ bytes: UnsafeRawBufferPointer) -> YAMLDocument? {
    var diagnostics = DiagnosticBag(path: path)
    let document = YAMLParser.parse(bytes: Array(bytes), path: path, diagnostics: &diagnostics)
    if document == nil { Invariants.checkRejected(diagnostics.items, what: "a YAML file") }
    checkDiagnostics(diagnostics.items, bytes)
    return document
  }

  /// Every diagnostic of a reader of `bytes` points into them or is a whole-file problem.
  public static func checkDiagnostics(_ diagnostics: [Diagnostic], _ bytes: UnsafeRawBufferPointer) {
    // The text (decoded from the whole input) is only needed to check a diagnostic.
    guard !diagnostics.isEmpty else { return }
    let content =
      bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: bytes[3...]) : bytes
    Invariants.checkDiagnostics(
      diagnostics, text: content.text, path: path,
      marklessAllowed: { marklessMessages.contains($0) })
  }

  /// Reads a parsed document with `reader` (a calendar, a dataset description), checking its
  /// diagnostics and that a refusal says why.
  public static func read<T>(
    _ document: YAMLDocument, _ bytes: UnsafeRawBufferPointer, what: String,
    _ reader: (YAMLDocument, inout DiagnosticBag) -> T?
  ) -> T? {
    var bag = DiagnosticBag(path: path)
    let result = reader(document, &bag)
    checkDiagnostics(bag.items, bytes)
    if result == nil { Invariants.checkRejected(bag.items, what: what) }
    return result
  }
}

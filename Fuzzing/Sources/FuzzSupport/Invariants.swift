import PolicyRules

/// Checks shared by the targets: what every rejected input must carry.
public enum Invariants {
  /// Every diagnostic points into `text` (1-based line within the file, or one past its end, and
  /// column ≥ 1) and renders with its snippet; those without a mark must be whole-file problems.
  public static func checkDiagnostics(
    _ diagnostics: [Diagnostic], text: String, path: String, marklessAllowed: (String) -> Bool
  ) {
    let source = SourceText(path: path, text: text)
    let lineCount = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    for diagnostic in diagnostics {
      FuzzDriver.require(diagnostic.path == path, "diagnostic names another file: \(diagnostic)")
      FuzzDriver.require(!diagnostic.message.isEmpty, "diagnostic without a message")
      if let mark = diagnostic.mark {
        FuzzDriver.require(
          mark.line >= 1 && mark.line <= lineCount + 1 && mark.column >= 1,
          "mark outside the file (\(lineCount) lines): \(diagnostic)")
      } else {
        FuzzDriver.require(
          marklessAllowed(diagnostic.message), "diagnostic without a position: \(diagnostic)")
      }
      _ = diagnostic.rendered(source: source)
    }
  }

  /// A load that produced nothing must say why with at least one error.
  public static func checkRejected(_ diagnostics: [Diagnostic], what: String) {
    FuzzDriver.require(
      diagnostics.contains { $0.severity == .error }, "\(what) was rejected without an error diagnostic")
  }

  /// A parser's error for `text`: a message, and an offset (in Unicode scalars) inside the text.
  public static func checkError(message: String, offset: Int, in text: String) {
    FuzzDriver.require(!message.isEmpty, "error without a message for '\(text)'")
    FuzzDriver.require(
      offset >= 0 && offset <= text.unicodeScalars.count,
      "offset \(offset) outside '\(text)' (\(text.unicodeScalars.count) scalars): \(message)")
  }
}

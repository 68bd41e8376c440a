public extension Array where Element == Diagnostic {
  /// Every diagnostic rendered with its snippet (`Diagnostic.rendered(source:)`), one after the
  /// other separated by a line break; empty for no diagnostics. Golden files store this text.
  func rendered(source: SourceText?) -> String {
    map { $0.rendered(source: source) }.joined(separator: "\n")
  }
}

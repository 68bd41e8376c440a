/// The text of a source file, kept to print the offending line under a diagnostic.
public struct SourceText: Sendable {
  public let path: String
  private let lines: [Substring]

  public init(path: String, text: String) {
    self.path = path
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
  }

  /// The 1-based line, without its line break.
  public func line(_ number: Int) -> String? {
    guard number >= 1, number <= lines.count else { return nil }
    return String(lines[number - 1])
  }
}

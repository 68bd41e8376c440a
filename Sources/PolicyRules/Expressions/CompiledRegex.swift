import Foundation

/// A regular expression compiled once at parse time and shared by every evaluation.
///
/// `NSRegularExpression` is documented as safe to use from several threads, hence the
/// unchecked conformance.
final class CompiledRegex: @unchecked Sendable {
  let pattern: String
  private let regex: NSRegularExpression
  /// The same pattern matched without ICU, when it is simple enough.
  private let simple: ASCIIPattern?

  /// Nil when `pattern` is not a valid ICU regular expression.
  init?(_ pattern: String) {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
    self.pattern = pattern
    self.regex = regex
    self.simple = ASCIIPattern(pattern)
  }

  /// Whether the pattern matches anywhere in `text` (anchor with `^…$` for a whole match).
  func matches(_ text: String) -> Bool {
    if let simple, let matched = simple.matches(text) { return matched }
    let range = NSRange(text.startIndex..<text.endIndex, in: text)
    return regex.firstMatch(in: text, options: [], range: range) != nil
  }
}

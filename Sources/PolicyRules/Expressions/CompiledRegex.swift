/// A regular expression compiled once at parse time and shared by every evaluation.
///
/// Matched by `LinearRegex` (time linear in the text for every pattern), or by `ASCIIPattern`
/// when both the pattern and the text are simple enough, which gives the same answers faster.
package final class CompiledRegex: Sendable {
  let pattern: String
  private let program: LinearRegex
  /// The same pattern matched over bytes, when it is simple enough.
  private let simple: ASCIIPattern?

  /// Fails with the reason and its position in the pattern when `pattern` is not in the
  /// supported subset (`LinearRegex`).
  init(_ pattern: String) throws(LinearRegex.SyntaxError) {
    self.pattern = pattern
    self.program = try LinearRegex(pattern)
    self.simple = ASCIIPattern(pattern)
  }

  /// Whether the pattern matches anywhere in `text` (anchor with `^…$` for a whole match).
  package func matches(_ text: String) -> Bool {
    if let simple, let matched = simple.matches(text) { return matched }
    return program.matches(text)
  }
}

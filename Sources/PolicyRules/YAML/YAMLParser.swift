// API CONTRACT (owned by the YAML helper; signatures are relied on elsewhere).
import CYAML

/// Reads one YAML file through libyaml's event API into a `YAMLDocument`.
///
/// Strict: one document per file, duplicate keys are errors, complex keys are errors, aliases
/// are bounded (`maxAliasExpansion` nodes) so a small file cannot expand without limit, invalid
/// UTF-8 is reported with its position.
public enum YAMLParser {
  /// Bound on the number of nodes that alias expansion may add to a document.
  public static let maxAliasExpansion = 10_000

  /// Parses `bytes` read from `path`. On failure the document is nil and `diagnostics` holds
  /// every problem found (libyaml's own message and position for syntax errors).
  public static func parse(bytes: [UInt8], path: String, diagnostics: inout DiagnosticBag) -> YAMLDocument? {
    fatalError("stub")
  }

  /// Reads and parses a file; an unreadable file is one diagnostic.
  public static func parseFile(atPath path: String, diagnostics: inout DiagnosticBag) -> YAMLDocument? {
    fatalError("stub")
  }
}

import Foundation
import PolicyRules

/// Golden-file support: fixtures live under `Fixtures/` at the repository root, each input next to
/// an `.expected` file holding the exact rendered diagnostics.
///
/// Run with `UPDATE_GOLDEN=1` to rewrite the expected files from the current output (then review
/// the diff: a golden file is only as good as the person who checked it).
enum GoldenFile {
  /// The repository root, found from this file's path so tests run from any directory.
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // PolicyRulesTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  /// Paths relative to the repository root of every file in `directory` ending in `.extension`, sorted.
  static func fixtures(in directory: String, withExtension fileExtension: String) -> [String] {
    let url = repositoryRoot.appendingPathComponent(directory)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.filter { $0.hasSuffix("." + fileExtension) }.sorted().map { directory + "/" + $0 }
  }

  static func absolutePath(_ relativePath: String) -> String {
    repositoryRoot.appendingPathComponent(relativePath).path
  }

  /// The text a golden file stores for these diagnostics: rendered lines and a final line break,
  /// or nothing at all when there are no diagnostics.
  static func text(for diagnostics: [Diagnostic], source: SourceText?) -> String {
    diagnostics.isEmpty ? "" : diagnostics.rendered(source: source) + "\n"
  }

  /// The stored expectation for `input` (`X.yaml` → `X.expected`); rewrites it first in update mode.
  static func expected(for input: String, actual: String) throws -> String {
    let path = absolutePath((input as NSString).deletingPathExtension + ".expected")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
    }
    return try String(contentsOfFile: path, encoding: .utf8)
  }
}

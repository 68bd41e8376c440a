import Foundation
import Testing

/// Golden files of the CLI tests under `Tests/CLITests/Golden/`.
///
/// To accept a deliberate change of output, regenerate the files and review the diff:
///
///     UPDATE_GOLDEN=1 swift test --filter CLITests
///
/// With `UPDATE_GOLDEN=1` a differing file is rewritten and the test still fails, so a
/// regeneration run can never pass silently in CI.
enum CLIGolden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = directory.appendingPathComponent(name)
    let stored = try? Data(contentsOf: url)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1", stored != Data(actual.utf8) {
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
      } catch {
        Issue.record("cannot write \(name): \(error)", sourceLocation: sourceLocation)
      }
      Issue.record("rewrote \(name); review the diff and run again", sourceLocation: sourceLocation)
      return
    }
    guard let stored else {
      Issue.record("missing golden file \(name); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
      return
    }
    #expect(
      String(decoding: stored, as: UTF8.self) == actual,
      "\(name) differs; run with UPDATE_GOLDEN=1 to inspect",
      sourceLocation: sourceLocation)
  }
}

import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Every reporter, in both languages, against a stored expected output under `Golden/`.
///
/// To accept a deliberate change of output, regenerate the files and review the diff:
///
///     UPDATE_GOLDEN=1 swift test --filter CheckerTests.ReporterGoldenTests
///
/// With `UPDATE_GOLDEN=1` the test rewrites the file and still fails if it differed, so a
/// regeneration run can never pass silently in CI.
@Suite struct ReporterGoldenTests {
  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")

  static let cases: [(String, Language)] = ReporterRegistry.names.flatMap { name in
    Language.allCases.map { (name, $0) }
  }

  @Test(arguments: cases)
  func matchesGolden(formatName: String, language: Language) throws {
    let reporter = try #require(ReporterRegistry.reporter(named: formatName))
    let options = ReportOptions(language: language, colour: false, timeZoneIdentifier: "Asia/Shanghai")
    let output = reporter.render(SampleAuditResult.make(), options: options)
    let url = Self.goldenDirectory.appendingPathComponent(
      "sample.\(language.rawValue).\(reporter.defaultFileExtension)")
    let stored = try? Data(contentsOf: url)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1", stored != Data(output.utf8) {
      try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
      try Data(output.utf8).write(to: url)
      Issue.record("rewrote \(url.lastPathComponent); review the diff and run again")
      return
    }
    let expected = try #require(
      stored, "missing golden file \(url.lastPathComponent); run with UPDATE_GOLDEN=1")
    #expect(
      Data(output.utf8) == expected, "\(url.lastPathComponent) differs; run with UPDATE_GOLDEN=1 to inspect")
  }

  /// The detailed, coloured text summary (`--details` on a terminal) written through a 16-byte
  /// file buffer, which flushes inside lines, escapes and multi-byte characters, against
  /// `Golden/sample.LANG.details.txt` (rewritten like the others with `UPDATE_GOLDEN=1`).
  @Test(arguments: Language.allCases)
  func streamedDetailedTextMatchesGolden(language: Language) throws {
    var options = ReportOptions(language: language, colour: true, timeZoneIdentifier: "Asia/Shanghai")
    options.details = true
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("report.txt").path
    var file = try ReportSink(path: path, capacity: 16)
    TextReporter().write(SampleAuditResult.make(), options: options, to: &file)
    try file.finish()
    let output = try Data(contentsOf: URL(fileURLWithPath: path))
    let url = Self.goldenDirectory.appendingPathComponent("sample.\(language.rawValue).details.txt")
    let stored = try? Data(contentsOf: url)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1", stored != output {
      try output.write(to: url)
      Issue.record("rewrote \(url.lastPathComponent); review the diff and run again")
      return
    }
    let expected = try #require(stored, "missing golden file \(url.lastPathComponent)")
    #expect(output == expected, "\(url.lastPathComponent) differs; run with UPDATE_GOLDEN=1 to inspect")
  }

  @Test(arguments: cases)
  func isDeterministic(formatName: String, language: Language) throws {
    let reporter = try #require(ReporterRegistry.reporter(named: formatName))
    let options = ReportOptions(language: language)
    #expect(
      reporter.render(SampleAuditResult.make(), options: options)
        == reporter.render(SampleAuditResult.make(), options: options))
  }

  @Test func registryNamesAreUniqueAndLowercase() {
    let names = ReporterRegistry.names
    #expect(names == ["text", "json", "csv", "markdown", "html", "sarif", "junit"])
    #expect(Set(names).count == names.count)
    #expect(ReporterRegistry.reporter(named: "SARIF")?.formatName == "sarif")
    #expect(ReporterRegistry.reporter(named: "pdf") == nil)
  }
}

import Foundation
import Testing

/// `audit` on the ticket fixture for September 2024, cut off at 2024-10-01 09:30.
@Suite struct AuditCommandTests {
  @Test(arguments: ["en", "zh"])
  func textSummaryMatchesGolden(lang: String) throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", lang, "--format", "text"])
    #expect(run.exitCode == 0)
    #expect(run.stderr == "")
    CLIGolden.check(run.stdout, named: "audit.\(lang).txt")
  }

  /// Hand count: deadline 3 passed (T-1, T-3, T-5), 1 violated (T-2), 1 pending (T-4);
  /// precedence 2 passed, 1 violated (T-2); fields 4 passed, 1 violated (T-5).
  @Test func textSummaryCountsByHand() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september + [
        "--lang", "en", "--format", "text",
      ])
    #expect(run.stdout.contains("passed 9 · violated 3 · pending 1 · unverifiable 0 · waived 0"))
  }

  @Test func jsonReportIsWrittenToPath() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let path = out.appendingPathComponent("report.json").path
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "json=\(path)"])
    #expect(run.exitCode == 0)
    #expect(run.stdout == "")
    #expect(run.stderr == "wrote json report to \(path)\n")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let object = try JSONSerialization.jsonObject(with: data)
    #expect(object is [String: Any])
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("CLI-answer-within-4-working-hours"))
  }

  @Test func reportOverADirectorySaysSoAndLeavesNoTemporaryFile() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let path = out.appendingPathComponent("taken").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "json=\(path)"])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasSuffix(
        "\(path): error: cannot write report: '\(path)' is a directory; give a file path, e.g. \(path)/policy-check-report.json\n"
      ))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["taken"])
  }

  @Test func csvOnStdoutEndsWithTheSameExtraLineFeedAsBefore() throws {
    // `print` judged "\r\n" not to end in "\n" (CR LF is one Character) and added one.
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "csv"])
    #expect(run.exitCode == 0)
    #expect(run.stdout.hasPrefix("\u{FEFF}"))
    #expect(run.stdout.utf8.suffix(3).elementsEqual([0x0D, 0x0A, 0x0A]))
  }

  @Test func failOnMajorExitsOne() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--format", "text", "--fail-on", "major"])
    #expect(run.exitCode == 1)
  }

  @Test func failOnCriticalExitsZero() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--format", "text", "--fail-on", "critical"])
    #expect(run.exitCode == 0)
  }

  @Test func missingDataFileExitsTwo() throws {
    let run = try CLIRun.run(
      ["audit", "Fixtures/cli/no-such-file.csv"] + CLIFixtures.rules + CLIFixtures.september + [
        "--format", "text",
      ])
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("no-such-file.csv"))
  }

  @Test func malformedRulesExitTwo() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets, "--rules", "Fixtures/malformed/rules/bad-severity.yaml"]
        + CLIFixtures.september + ["--format", "text"])
    #expect(run.exitCode == 2)
    #expect(run.stdout == "")
  }
}

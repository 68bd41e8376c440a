import Testing

/// `explain CASE` against golden text, and the exit codes of usage errors (64) and missing input (2).
@Suite struct ExplainAndUsageTests {
  @Test(arguments: ["en", "zh"])
  func explainMatchesGolden(lang: String) throws {
    let run = try CLIRun.run(
      ["explain", "T-2", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf + ["--lang", lang])
    #expect(run.exitCode == 0)
    CLIGolden.check(run.stdout, named: "explain-T-2.\(lang).txt")
  }

  @Test func explainUnknownCaseSuggestsAndExitsTwo() throws {
    let run = try CLIRun.run(["explain", "T-22", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf)
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("no case 'T-22'"))
  }

  static let usageErrors: [[String]] = [
    ["audit", CLIFixtures.tickets, "--month", "2024-13"],
    ["audit", CLIFixtures.tickets, "--format", "pdf"],
    ["check", CLIFixtures.tickets, "--as-of", "yesterday"],
    ["audit", CLIFixtures.tickets, "--month", "2024-09", "--from", "2024-09-01"],
    ["audit"],
    ["check", CLIFixtures.tickets, "--fail-on", "urgent"],
    ["rules", "frobnicate"],
  ]

  @Test(arguments: usageErrors)
  func usageErrorExitsSixtyFour(arguments: [String]) throws {
    let run = try CLIRun.run(arguments + CLIFixtures.rules)
    #expect(run.exitCode == 64, "\(run.stderr)")
    #expect(run.stdout == "")
  }

  @Test func unknownFormatSuggestsName() throws {
    let run = try CLIRun.run(["audit", CLIFixtures.tickets, "--format", "jsn"] + CLIFixtures.rules)
    #expect(run.exitCode == 64)
    #expect(run.stderr.contains("unknown format 'jsn'"))
  }

  @Test func missingDataFileExitsTwo() throws {
    let run = try CLIRun.run(["check", "Fixtures/cli/absent.csv"] + CLIFixtures.rules + CLIFixtures.asOf)
    #expect(run.exitCode == 2)
  }
}

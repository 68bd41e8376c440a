import Foundation
import Testing

/// `check`: exit codes by `--fail-on`, and baselines so only new violations fail.
@Suite struct CheckCommandTests {
  static func check(_ file: String, _ extra: [String] = []) throws -> CLIRun {
    try CLIRun.run(["check", file] + CLIFixtures.rules + CLIFixtures.asOf + ["--lang", "en"] + extra)
  }

  @Test func compliantFileExitsZero() throws {
    let run = try Self.check(CLIFixtures.compliantTickets)
    #expect(run.exitCode == 0)
    #expect(
      run.stdout
        == "period 2024-09-02 – 2024-09-09 (first to last record; --month or --from/--to to choose), cut-off 2024-10-01 09:30 (--as-of), Asia/Shanghai\n"
        + "8 rows (0 rejected), 2 cases, 3 rules: 0 violated, 0 failing at major+, 0 pending, 0 unverifiable, 0 waived\n"
    )
  }

  @Test func violationsAtDefaultMajorExitOne() throws {
    let run = try Self.check(CLIFixtures.tickets)
    #expect(run.exitCode == 1)
    CLIGolden.check(run.stdout, named: "check.en.txt")
  }

  @Test func failOnMinorListsMoreFindings() throws {
    let run = try Self.check(CLIFixtures.tickets, ["--fail-on", "minor"])
    #expect(run.exitCode == 1)
    #expect(run.stdout.contains("3 violated, 2 failing at minor+"))
  }

  @Test func failOnCriticalExitsZero() throws {
    let run = try Self.check(CLIFixtures.tickets, ["--fail-on", "critical"])
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("3 violated, 0 failing at critical+"))
  }

  @Test func baselineAcceptsKnownViolationsAndFailsOnNewOnes() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let baseline = folder.appendingPathComponent("baseline.json").path

    let write = try Self.check(CLIFixtures.tickets, ["--write-baseline", baseline])
    #expect(write.exitCode == 1)
    #expect(write.stderr.contains("wrote baseline with 3 findings to \(baseline)"))

    let known = try Self.check(CLIFixtures.tickets, ["--baseline", baseline])
    #expect(known.exitCode == 0)
    #expect(known.stdout.contains("0 failing at major+ and new"))

    let grown = try Self.check(CLIFixtures.ticketsWithNewViolation, ["--baseline", baseline])
    #expect(grown.exitCode == 1)
    let failing = grown.stdout.split(separator: "\n").filter { $0.contains("major: [") }
    #expect(failing.count == 1)
    #expect(failing.first?.contains("T-6") == true)
  }

  @Test func unreadableBaselineExitsTwo() throws {
    let run = try Self.check(CLIFixtures.tickets, ["--baseline", "Fixtures/cli/tickets.csv"])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains("not a policy-check baseline: expected the JSON file --write-baseline writes"))
  }
}

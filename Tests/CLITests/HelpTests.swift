import Testing

/// `--help` of every command and subcommand, against golden text.
@Suite struct HelpTests {
  static let commands: [[String]] = [
    [], ["audit"], ["check"], ["explain"], ["rules"], ["rules", "validate"], ["rules", "test"],
    ["rules", "list"], ["rules", "docs"], ["rules", "coverage"], ["rules", "draft"], ["trend"], ["report"],
  ]

  @Test(arguments: commands)
  func helpMatchesGolden(command: [String]) throws {
    let run = try CLIRun.run(command + ["--help"])
    #expect(run.exitCode == 0)
    #expect(run.stderr == "")
    let name = (["help"] + command).joined(separator: "-") + ".txt"
    CLIGolden.check(run.stdout, named: name)
  }

  @Test func versionPrintsTheVersion() throws {
    let run = try CLIRun.run(["--version"])
    #expect(run.exitCode == 0)
    #expect(run.stdout == "0.1.0\n")
  }
}

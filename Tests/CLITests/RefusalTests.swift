import Foundation
import Testing

/// Nonsense is refused rather than answered: no rules is exit 2 for every command, impossible
/// periods, cut-offs and thread counts are usage errors (64) that say what would be valid.
@Suite struct RefusalTests {
  /// A folder with no rule file in it: empty, or only other files.
  static func folderWithoutRules(_ files: [String: String]) throws -> URL {
    let folder = try CLIRun.temporaryFolder()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  static let commands: [[String]] = [
    ["audit", CLIFixtures.tickets, "--format", "text"] + CLIFixtures.september,
    ["check", CLIFixtures.tickets] + CLIFixtures.september,
    ["explain", "T-2", CLIFixtures.tickets] + CLIFixtures.asOf,
  ]

  @Test(arguments: commands)
  func noRulesIsExitTwoNamingThePath(command: [String]) throws {
    for files in [[:], ["notes.txt": "not a rule\n"]] {
      let folder = try Self.folderWithoutRules(files)
      defer { try? FileManager.default.removeItem(at: folder) }
      let run = try CLIRun.run(command + ["--rules", folder.path])
      #expect(run.exitCode == 2, "\(run.stdout)")
      #expect(run.stdout == "")
      #expect(
        run.stderr
          == "error: no rules in \(folder.path) (no .yaml or .yml file); pass --rules a rule file or a folder of them (default: Rules)\n"
      )
    }
  }

  @Test(arguments: ["validate", "test", "list", "docs", "coverage"])
  func rulesCommandsWithoutRulesExitTwo(subcommand: String) throws {
    let folder = try Self.folderWithoutRules(["README.md": "# nothing\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    var arguments = ["rules", subcommand, folder.path]
    if subcommand == "docs" { arguments += ["--out", folder.appendingPathComponent("docs").path] }
    let run = try CLIRun.run(arguments)
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("error: no rules in \(folder.path)"))
  }

  /// A folder of only calendars has nothing to run, but is worth validating.
  @Test func calendarsAloneValidateButDoNotTest() throws {
    let validate = try CLIRun.run(["rules", "validate", "Rules/calendars"])
    #expect(validate.exitCode == 0)
    let test = try CLIRun.run(["rules", "test", "Rules/calendars"])
    #expect(test.exitCode == 2)
    #expect(test.stderr.contains("error: no rules in Rules/calendars (4 YAML files, none with rules)"))
  }

  static let nonsense: [(arguments: [String], message: String)] = [
    (
      ["--month", "2024-09", "--as-of", "2024-08-31 23:59"],
      "--as-of 2024-08-31 23:59 is before the period starts (--month 2024-09 begins 2024-09-01 00:00)"
    ),
    (["--from", "2024-09-10", "--to", "2024-09-01"], "--from 2024-09-10 is after --to 2024-09-01"),
    (
      ["--from", "1900-01-01", "--to", "2024-09-01"],
      "--from 1900-01-01 to --to 2024-09-01 spans 45535 days; an audit period may span at most 36525 (100 years)"
    ),
    (
      ["--month", "2024-13"],
      "--month must be a month YYYY-MM with a month 01 to 12, e.g. 2024-09; found '2024-13'"
    ),
    (["--month", "2024-00"], "found '2024-00'"),
    (["--month", "September"], "found 'September'"),
    (["--from", "2024-02-30"], "--from must be a date YYYY-MM-DD that exists"),
    (["--threads", "0"], "--threads must be 1 or more, found 0; leave it out to use every core"),
    (["--threads=-2"], "--threads must be 1 or more, found -2"),
  ]

  @Test(arguments: nonsense.indices)
  func nonsenseIsAUsageError(index: Int) throws {
    let (arguments, message) = Self.nonsense[index]
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets, "--format", "text"] + CLIFixtures.rules + arguments)
    #expect(run.exitCode == 64, "\(run.stderr)")
    #expect(run.stdout == "")
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }

  /// Without a period, the period is the data's span: a cut-off before its first record is as
  /// meaningless as one before `--month`.
  @Test func cutOffBeforeTheFirstRecordIsAUsageError() throws {
    let run = try CLIRun.run(["check", CLIFixtures.tickets] + CLIFixtures.rules + ["--as-of", "2024-09-01"])
    #expect(run.exitCode == 64)
    #expect(
      run.stderr
        == "error: --as-of 2024-09-01 is before the period starts (2024-09-02, the day of the first record): nothing in it could be due; give a cut-off at or after 2024-09-02\n"
    )
  }

  /// One day, `--from` and `--to` the same, is a period.
  @Test func oneDayPeriodIsAccepted() throws {
    let run = try CLIRun.run(
      ["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf + [
        "--from", "2024-09-02", "--to", "2024-09-02",
      ])
    #expect(run.exitCode != 64, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("period 2024-09-02 – 2024-09-02, cut-off 2024-10-01 09:30 (--as-of)"))
  }
}

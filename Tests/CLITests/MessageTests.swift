import Foundation
import Testing

/// Messages for the mistakes a new user makes: each names the path and the operating system's
/// reason, or says what would be valid, through the binary.
@Suite struct MessageTests {
  static let check = ["check"]
  static let pack = CLIFixtures.rules + CLIFixtures.asOf

  @Test func folderGivenAsADataFile() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CLIRun.run(["check", folder.path] + Self.pack)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "\(folder.path): error: is a directory, not a data file; give the files in it (\(folder.path)/*.csv) "
          + "or a dataset description (--dataset)"))
  }

  @Test func missingDataFileGivesTheReason() throws {
    let run = try CLIRun.run(["check", "Fixtures/cli/no-such.csv"] + Self.pack)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "Fixtures/cli/no-such.csv: error: cannot open input file: no such file or directory"))
  }

  @Test func negativeThreadsIsAValueBelowOne() throws {
    let run = try CLIRun.run(["audit", CLIFixtures.tickets, "--threads", "-3"] + Self.pack)
    #expect(run.exitCode == 64)
    #expect(run.stderr.contains("--threads must be 1 or more, found -3; leave it out to use every core"))
    #expect(!run.stderr.contains("Missing value"))
  }

  /// A header without rows is nothing to audit: alone it is exit 2, named; beside a file with
  /// records it is a warning naming it, and `--strict` makes that exit 2.
  @Test func headerOnlyFileIsNamed() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("header.csv").path
    let header = try String(contentsOfFile: CLIFixtures.tickets, encoding: .utf8).prefix { $0 != "\n" }
    try (header + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    for command in ["check", "audit"] {
      let run = try CLIRun.run([command, path, "--format", "text"] + Self.pack)
      #expect(run.exitCode == 2, "\(command)")
      #expect(
        run.stderr.contains(
          "\(path): error: nothing to audit: the file has no records (it is empty or has only its header)"),
        "\(command): \(run.stderr)")
      #expect(!run.stderr.contains("warning: no records"))
      #expect(run.stdout.isEmpty, "\(command) printed a report of nothing")
    }
    // Several files, none with a record: one error naming them all.
    let other = folder.appendingPathComponent("header-2.csv").path
    try (header + "\n").write(toFile: other, atomically: true, encoding: .utf8)
    let both = try CLIRun.run(["audit", path, other, "--format", "text"] + Self.pack)
    #expect(both.exitCode == 2)
    #expect(
      both.stderr.contains(
        "error: nothing to audit: none of the 2 data files has a record (each is empty or has only its header): "
      ))
    #expect(both.stderr.contains(path) && both.stderr.contains(other))
    // Beside a file with records: a warning naming the empty one, the audit goes on.
    let mixed = try CLIRun.run(["audit", CLIFixtures.tickets, path, "--format", "text"] + Self.pack)
    #expect(mixed.exitCode == 0, "\(mixed.stderr)")
    #expect(
      mixed.stderr.contains(
        "\(path): warning: no records (the file is empty or has only its header); nothing in it was judged"))
    #expect(mixed.stdout.contains("Rows read 14 · used 14 · rejected 0") || mixed.stdout.contains("读取行数 14"))
    let strict = try CLIRun.run(
      ["audit", CLIFixtures.tickets, path, "--format", "text", "--strict"] + Self.pack)
    #expect(strict.exitCode == 2)
    #expect(
      strict.stderr.contains("--strict: 1 data file without records (\(path)): the results cannot be trusted")
    )
    #expect(!strict.stdout.isEmpty, "the report is still written")
  }

  @Test func wronglyForcedEncodingIsHinted() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("zh.csv").path
    try "工单号,环节,时间\nA1,受理,2024-09-02 10:00\n".write(toFile: path, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(["check", path, "--encoding", "gb18030"] + Self.pack)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "; the header is valid UTF-8, which --encoding gb18030 misreads: leave --encoding out or give utf-8"))
    // Read as UTF-8, the same header is understood.
    let plain = try CLIRun.run(["check", path] + Self.pack)
    #expect(!plain.stderr.contains("cannot tell"))
  }

  @Test func commaInAFlowValueSuggestsQuoting() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = try String(contentsOfFile: "Fixtures/cli/rules/tickets.yaml", encoding: .utf8)
      .replacingOccurrences(
        of: "en: not answered within 4 working hours}", with: "en: not answered, within 4 working hours}")
    try text.write(toFile: folder.appendingPathComponent("t.yaml").path, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(["rules", "validate", folder.path])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "unknown key 'within 4 working hours' in message; a comma ends a value inside {…}: quote the value, "
          + "e.g. en: \"not answered, within 4 working hours\""))
  }

  @Test func missingBaselineSaysHowToWriteOne() throws {
    let run = try CLIRun.run(["check", CLIFixtures.tickets, "--baseline", "no-baseline.json"] + Self.pack)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr
        == "no-baseline.json: error: cannot read baseline: no such file or directory; "
        + "write one with --write-baseline no-baseline.json\n")
    #expect(run.stdout.isEmpty, "the audit ran before the baseline was read")
  }

  @Test func reportPathThatIsAFolder() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try CLIRun.run(["audit", CLIFixtures.tickets, "--format", "html=\(folder.path)"] + Self.pack)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.contains(
        "\(folder.path): error: cannot write report: '\(folder.path)' is a directory; give a file path, "
          + "e.g. \(folder.path)/policy-check-report.html"))
  }

  /// One word per severity, the same in every format: 致命 critical, 严重 major, 一般 minor, 提示 info.
  @Test func severityWordsAreDistinct() throws {
    let run = try CLIRun.run(["audit", CLIFixtures.tickets, "--lang", "zh", "--format", "text"] + Self.pack)
    #expect(run.stdout.contains("严重") && run.stdout.contains("一般") && run.stdout.contains("提示"))
    #expect(!run.stdout.contains("重大") && !run.stdout.contains("轻微"))
  }
}

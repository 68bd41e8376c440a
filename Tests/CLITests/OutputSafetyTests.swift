import Foundation
import Testing

/// Reports and terminal output never lose or corrupt what the user has: a failed write is exit 2,
/// two reports never share a file, no report overwrites its input, record text cannot drive the
/// terminal, control bytes never reach HTML, CSV or Markdown raw, and a killed run leaves no
/// temporary file behind.
@Suite struct OutputSafetyTests {
  static let audit =
    ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september + ["--lang", "en"]

  /// Runs with stdout on /dev/full (every write fails with ENOSPC).
  static func runToFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = BinaryLocator.binary
    process.arguments = arguments
    process.currentDirectoryURL = CLIRun.repositoryRoot
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(arguments: ["json", "text", "csv"])
  func reportToAFullStdoutIsExitTwo(format: String) throws {
    let run = try Self.runToFullDevice(Self.audit + ["--format", format])
    #expect(run.status == 2)
    #expect(
      run.stderr == "error: cannot write the \(format) report to standard output: No space left on device\n")
  }

  @Test func checkToAFullStdoutIsExitTwoNotOne() throws {
    let run = try Self.runToFullDevice(
      ["check", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.asOf)
    #expect(run.status == 2)
    #expect(run.stderr == "error: cannot write to standard output: No space left on device\n")
  }

  @Test func twoFormatsToOnePathIsAUsageError() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("a").path
    // The second spelling goes through a `..`: the same file all the same.
    let other = folder.appendingPathComponent("x/../a").path
    let run = try CLIRun.run(Self.audit + ["--format", "json=\(path)", "--format", "csv=\(other)"])
    #expect(run.exitCode == 64)
    #expect(run.stderr.contains("--format json=\(path) and --format csv=\(other) write the same file"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func reportOverAnInputFileIsRefused() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("in.csv")
    try FileManager.default.copyItem(
      at: CLIRun.repositoryRoot.appendingPathComponent(CLIFixtures.tickets), to: input)
    let link = folder.appendingPathComponent("link.csv")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
    let before = try Data(contentsOf: input)
    for target in [input.path, link.path, folder.appendingPathComponent("./in.csv").path] {
      let run = try CLIRun.run(
        ["audit", input.path] + CLIFixtures.rules + CLIFixtures.september + ["--format", "csv=\(target)"])
      #expect(run.exitCode == 64)
      #expect(
        run.stderr.contains(
          "error: --format csv=\(target) would overwrite the input file \(input.path); write the report elsewhere"
        ))
    }
    #expect(try Data(contentsOf: input) == before)
  }

  /// `T-1\e]0;pwned\a` retitles a terminal; `\e[2J` clears it.
  @Test func recordTextCannotDriveTheTerminal() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("evil.csv")
    try
      "case_id,activity,timestamp,priority\nT-1\u{1B}]0;pwned\u{07},received,2024-09-02 10:00,\u{1B}[2J\nT-2,received,bad\u{1B}[31m,\n"
      .write(to: data, atomically: true, encoding: .utf8)
    let common = [data.path] + CLIFixtures.rules + CLIFixtures.asOf + ["--lang", "en"]
    let runs = [
      try CLIRun.run(["check"] + common + ["--fail-on", "info"]),
      try CLIRun.run(["explain", "T-1\u{1B}]0;pwned\u{07}"] + common),
      try CLIRun.run(["explain", "T-9"] + common),
    ]
    for run in runs {
      let output = run.stdout + run.stderr
      #expect(
        !output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, "\(run.exitCode)")
      #expect(output.contains("\u{FFFD}"))
    }
    #expect(runs[0].stdout.contains("T-1\u{FFFD}]0;pwned\u{FFFD}: "))
    #expect(runs[0].stderr.contains("bad timestamp 'bad\u{FFFD}[31m'"))
  }

  @Test func controlBytesNeverReachHTMLCSVOrMarkdownRaw() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("nul.csv")
    try
      "case_id,activity,timestamp,priority\nT-1\u{0}x\u{1B}[2J\u{7F},received,2024-09-02 10:00,urgent\u{1}\u{85}\n"
      .write(to: data, atomically: true, encoding: .utf8)
    let run = try CLIRun.run(
      ["audit", data.path] + CLIFixtures.rules + CLIFixtures.asOf + [
        "--format", "html=\(folder.path)/r.html", "--format", "csv=\(folder.path)/r.csv",
        "--format", "markdown=\(folder.path)/r.md",
      ])
    #expect(run.exitCode == 0, "\(run.stderr)")
    for name in ["r.html", "r.csv", "r.md"] {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      let raw = text.unicodeScalars.filter {
        ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || (0x7F..<0xA0).contains($0.value)
      }
      #expect(raw.isEmpty, "\(name) holds raw control characters \(raw.map(\.value))")
      #expect(text.contains("T-1\u{FFFD}x\u{FFFD}"), "\(name)")
    }
  }

  /// SIGTERM while a large report is written removes its temporary file; the report's own name
  /// never holds a partial report.
  @Test func terminatedRunLeavesNoTemporaryFile() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = folder.appendingPathComponent("big.csv")
    var rows = "case_id,activity,timestamp,priority\n"
    for k in 0..<80_000 { rows += "T-\(k),received,2024-09-02 10:00,\n" }
    try rows.write(to: data, atomically: true, encoding: .utf8)
    let root = CLIRun.repositoryRoot.path
    let pid = try Self.spawnWithDefaultSignals(
      [BinaryLocator.binary.path, "audit", data.path, "--rules", "\(root)/Fixtures/cli/rules"]
        + CLIFixtures.asOf
        + ["--format", "json=\(folder.path)/report.json", "--threads", "1"])
    func temporaries() -> [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
        $0.hasSuffix(".tmp")
      }
    }
    let deadline = Date().addingTimeInterval(120)
    while temporaries().isEmpty && Date() < deadline { usleep(2_000) }
    let sawTemporary = !temporaries().isEmpty
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    #expect(sawTemporary, "no temporary file appeared")
    // Ended by the signal, re-raised after the clean-up.
    #expect(status & 0x7F == SIGTERM)
    #expect(temporaries().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/report.json"))
  }

  /// Starts a process with no signal blocked and default dispositions (a child of the test
  /// runner inherits its blocked signals), output to /dev/null.
  static func spawnWithDefaultSignals(_ arguments: [String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGTERM)
    sigaddset(&defaults, SIGINT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
    return pid
  }

  /// A run killed outright (SIGKILL) leaves its temporary file; the next run writing the same
  /// report removes it once its process is gone, and leaves a live process's file alone.
  @Test func nextRunRemovesAbandonedTemporaryFiles() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let gone = ".report.json.\(finished.processIdentifier).0.tmp"
    let alive = ".report.json.\(ProcessInfo.processInfo.processIdentifier).0.tmp"
    let unrelated = ".other.json.\(finished.processIdentifier).0.tmp"
    for name in [gone, alive, unrelated] {
      try Data("partial".utf8).write(to: folder.appendingPathComponent(name))
    }
    let run = try CLIRun.run(Self.audit + ["--format", "json=\(folder.path)/report.json"])
    #expect(run.exitCode == 0)
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    #expect(left == [alive, unrelated, "report.json"])
  }
}

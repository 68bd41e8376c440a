import Foundation

/// One run of the built `policy-check` binary from the repository root: its stdout, stderr and exit code.
struct CLIRun: Sendable {
  var stdout: String
  var stderr: String
  var exitCode: Int32

  /// The repository root, found from this file's path so tests run from any directory.
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // CLITests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  /// Runs `policy-check arguments…` with the repository root as working directory, so paths in
  /// arguments and in the output are relative to it. Output goes to files, not pipes, so a large
  /// report can never block the child on a full pipe buffer.
  static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CLIRun {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "policy-check-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = BinaryLocator.binary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    // Help text wraps at the terminal width; fix it so the golden files do not depend on the terminal.
    environment["COLUMNS"] = "100"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CLIRun(
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
      exitCode: process.terminationStatus)
  }

  /// A fresh empty folder for files a command writes.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "policy-check-cli-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

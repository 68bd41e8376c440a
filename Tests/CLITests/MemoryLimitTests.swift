import Foundation
import Testing

/// `audit --memory-limit`: input over the limit is read in parts of its cases with the reports
/// of a run that reads it at once, byte for byte; what cannot be split is read at once, and
/// the run says why.
@Suite struct MemoryLimitTests {
  static let month = [
    "audit", "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00",
  ]

  /// The shipped rule files whose rules are all judged case by case (no periodic, metric or
  /// tiers rule), each as `--rules FILE`, with the calendars.
  static func caseRuleFiles() throws -> [String] {
    let root = CLIRun.repositoryRoot.appendingPathComponent("Rules")
    var files: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: root.path)
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".yaml"), !path.hasPrefix("calendars"), !path.hasPrefix("profiles"),
        !path.hasPrefix("catalogue")
      else { continue }
      let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
      guard text.contains("kind:") else { continue }
      let population = ["periodic", "metric", "tiers"].contains { kind in
        text.contains("kind: \(kind)") || text.contains("kind: \"\(kind)\"")
      }
      if !population { files.append("Rules/" + path) }
    }
    return ["--rules", "Rules/calendars"] + files.sorted().flatMap { ["--rules", $0] }
  }

  func reports(_ limit: String, _ rules: [String], in folder: URL) throws -> (CLIRun, [String: Data]) {
    let formats = ["json", "csv", "sarif", "markdown", "junit", "html"]
    var arguments = Self.month + rules + ["--memory-limit", limit]
    for format in formats { arguments += ["--format", "\(format)=\(folder.path)/\(limit).\(format)"] }
    let run = try CLIRun.run(arguments)
    var written: [String: Data] = [:]
    for format in formats {
      written[format] = try Data(contentsOf: folder.appendingPathComponent("\(limit).\(format)"))
    }
    return (run, written)
  }

  /// The fixture month (475 KB over 30 files, with rejected rows and joined JSON Lines) in 6
  /// and in 48 parts: every report equals the one-piece run's.
  @Test func reportsInPartsAreThoseOfOneRead() throws {
    let rules = try Self.caseRuleFiles()
    #expect(rules.count > 100)
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (whole, expected) = try reports("none", rules, in: folder)
    #expect(whole.exitCode == 0, "\(whole.stderr)")
    #expect(!whole.stderr.contains("parts"))
    for limit in ["80KB", "10KB"] {
      let (run, written) = try reports(limit, rules, in: folder)
      #expect(run.exitCode == 0, "\(run.stderr)")
      #expect(run.stderr.contains("is over --memory-limit \(limit.dropLast(2)) KB: the data is read in"))
      for (format, data) in expected {
        #expect(written[format] == data, "\(format) report differs at --memory-limit \(limit)")
      }
      // The same row warnings, once each.
      let warnings = { (text: String) in text.split(separator: "\n").filter { $0.contains("row rejected") } }
      #expect(warnings(run.stderr) == warnings(whole.stderr))
      #expect(!warnings(whole.stderr).isEmpty)
    }
  }

  /// The text summary alone shows figures, so the audit keeps no finding (one piece or in
  /// parts): its bytes and exit code are those of a run that keeps them for a JSON report too,
  /// with waivers (some findings waived, per group) and `--fail-on`.
  @Test func aSummaryWithoutFindingsSaysWhatAFullRunSays() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let waivers = folder.appendingPathComponent("waivers.yaml")
    try """
    waivers:
      - {rule: S0-13-*, subject: SO-007*, reason: 客户要求改约, approver: 王经理, expires: 2024-12-31}
      - {rule: S0-15-contact, subject: SO-0079, reason: 电话停机, approver: 李主管, expires: 2024-12-31}
    """.write(to: waivers, atomically: true, encoding: .utf8)
    let common = ["--waivers", waivers.path, "--group-by", "branch", "--fail-on", "minor", "--lang", "en"]
    let caseRules = try Self.caseRuleFiles()
    for (rules, limits) in [(caseRules, ["none", "80KB", "10KB"]), (["--rules", "Rules"], ["none"])] {
      for limit in limits {
        let arguments = Self.month + rules + common + ["--memory-limit", limit]
        let full = try CLIRun.run(
          arguments + ["--format", "text", "--format", "json=\(folder.path)/full-\(limit).json"])
        let summary = try CLIRun.run(arguments + ["--format", "text"])
        #expect(full.exitCode == 1, "\(full.stderr)")
        #expect(summary.exitCode == full.exitCode, "\(limit): \(summary.stderr)")
        #expect(summary.stdout == full.stdout, "\(limit)")
        #expect(summary.stdout.contains("waived 5"), "\(summary.stdout)")
        #expect(summary.stdout.contains("西城网点"))
      }
    }
  }

  /// Population rules see every case at once: the data is read whole, with a note naming them.
  @Test func populationRulesReadTheDataAtOnce() throws {
    let run = try CLIRun.run(Self.month + ["--memory-limit", "10KB", "--format", "text"])
    #expect(run.exitCode == 0)
    #expect(run.stderr.contains("(periodic)"))
    #expect(run.stderr.contains("judge every case at once: the data is read at once"))
  }

  /// A period taken from the data needs every part first: read at once, and the note says how to split.
  @Test func aPeriodFromTheDataReadsTheDataAtOnce() throws {
    let run = try CLIRun.run(
      [
        "audit", "--dataset", "Fixtures/month/dataset.yaml", "--rules", "Rules/calendars", "--rules",
        "Rules/after-sales/S0-12-ticket-registration.yaml", "--memory-limit", "10KB", "--format", "text",
      ])
    #expect(
      run.stderr.contains("give --month, or --from and --to: the data is read at once"), "\(run.stderr)")
  }

  @Test(arguments: ["12 parsecs", "-5MB", "0", "1.5.5GB"])
  func aLimitThatIsNoSizeIsAUsageError(limit: String) throws {
    let run = try CLIRun.run(Self.month + ["--memory-limit=\(limit)", "--format", "text"])
    #expect(run.exitCode == 64)
    #expect(run.stderr.contains("--memory-limit must be a size such as 512MB"))
  }
}

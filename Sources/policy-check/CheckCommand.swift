import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// For pre-commit and CI on process-record files: one line per violation, a summary, an exit code.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check process-record files; terse output and an exit code for CI and pre-commit.",
    discussion: """
      Exit codes: 0 compliant; 1 violations at or above --fail-on (default major) that are not in \
      the baseline; 2 rules or input could not be loaded or trusted; 64 usage error.
      """)

  @OptionGroup var rules: RuleOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var period: PeriodOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "A waivers file (rule, subject, reason, approver, expiry).")
  var waivers: String?

  @Option(
    name: .customLong("fail-on"), help: "Lowest severity that fails the check: info, minor, major, critical.")
  var failOn: Severity = .major

  @Option(help: "Only findings not in this baseline fail.")
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: "Write the current violations as a baseline file.")
  var writeBaseline: String?

  func run() throws {
    var run = try AuditRun.perform(
      rules: rules, data: data, period: period, output: output, waiversPath: waivers, threads: 0)
    defer { run.keepUntilExit() }
    var known: Set<String> = []
    if let baseline {
      guard let loaded = Baseline.read(path: baseline) else {
        Console.error("\(baseline): error: cannot read baseline (expected a policy-check baseline JSON file)")
        throw Exit.untrusted
      }
      known = loaded
    }
    let violations = run.result.rules.flatMap(\.findings).filter { $0.outcome == .violated }
    var present: Set<String> = []
    for r in run.result.rules.indices {
      for f in run.result.rules[r].findings.indices where run.result.rules[r].findings[f].outcome == .violated
      {
        let fingerprint = run.result.rules[r].findings[f].fingerprint
        present.insert(fingerprint)
        if baseline != nil {
          run.result.rules[r].findings[f].baselineState = known.contains(fingerprint) ? .unchanged : .new
        }
      }
    }
    let failing = violations.filter { $0.severity >= failOn && !known.contains($0.fingerprint) }
    for finding in failing.sorted(by: { ($0.ruleID, $0.subject) < ($1.ruleID, $1.subject) }) {
      let place = finding.evidence.first.map { "\($0.file):\($0.line): " } ?? ""
      print(
        "\(place)\(finding.severity.rawValue): [\(finding.ruleID)] \(finding.subject): \(finding.actual.text(output.lang))"
      )
    }
    let gone = known.subtracting(present).sorted()
    for fingerprint in gone { print("fixed since baseline: \(fingerprint)") }
    let totals = run.result.totals
    print(
      "\(run.result.counts.read) rows (\(run.result.counts.rejected) rejected), \(run.result.caseCount) cases, "
        + "\(run.result.rules.count) rules: \(totals.violated) violated, \(failing.count) failing at \(failOn.rawValue)+"
        + (baseline == nil ? "" : " and new")
        + ", \(totals.pending) pending, \(totals.unverifiable) unverifiable, \(totals.waived) waived")
    if !output.formats.isEmpty { try output.write(run.result, defaults: [], threads: 0) }
    if let writeBaseline {
      try Baseline.write(violations, path: writeBaseline)
      Console.error(
        "wrote baseline with \(Set(violations.map(\.fingerprint)).count) findings to \(writeBaseline)")
    }
    try run.finish(failOn: nil)
    if !failing.isEmpty { throw Exit.violations }
  }
}

/// A baseline: the fingerprints of accepted violations, so only new ones fail.
enum Baseline {
  static let schema = "policy-check/baseline@1"

  static func write(_ findings: [Finding], path: String) throws {
    let entries = Set(findings.map(\.fingerprint)).sorted()
    let object: [String: Any] = ["schema": schema, "fingerprints": entries]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
  }

  static func read(path: String) -> Set<String>? {
    guard let data = FileManager.default.contents(atPath: path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["schema"] as? String == schema, let list = object["fingerprints"] as? [String]
    else { return nil }
    return Set(list)
  }
}

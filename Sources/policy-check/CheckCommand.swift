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

  @Flag(help: AuditRun.strictHelp)
  var strict = false

  func run() throws {
    // The baseline is read first: a wrong path costs no audit.
    var known: Set<String> = []
    if let baseline {
      switch Baseline.read(path: baseline) {
      case .success(let loaded): known = loaded
      case .failure(let error):
        Console.error("\(baseline): error: \(error.message)")
        throw Exit.untrusted
      }
    }
    var run = try AuditRun.perform(
      rules: rules, data: data, period: period, output: output, waiversPath: waivers, threads: 0,
      strict: strict)
    defer { run.keepUntilExit() }
    Console.output(run.period.summary)
    // Violations are found by place, not copied out: a year's audit has 100,000+ findings, and
    // copying them (twice, then sorted) added ~55 MB to the run's peak.
    var present: Set<String> = []
    var failing: [(rule: Int, finding: Int)] = []
    for r in run.result.rules.indices {
      for f in run.result.rules[r].findings.indices where run.result.rules[r].findings[f].outcome == .violated
      {
        let fingerprint = run.result.rules[r].findings[f].fingerprint
        present.insert(fingerprint)
        if baseline != nil {
          run.result.rules[r].findings[f].baselineState = known.contains(fingerprint) ? .unchanged : .new
        }
        if run.result.rules[r].findings[f].severity >= failOn && !known.contains(fingerprint) {
          failing.append((r, f))
        }
      }
    }
    let rules = run.result.rules
    // By rule, then subject; ties (a case failing one rule twice) stay in report order.
    let keys = failing.map {
      (rules[$0.rule].findings[$0.finding].ruleID, rules[$0.rule].findings[$0.finding].subject)
    }
    let order = failing.indices.sorted { (keys[$0].0, keys[$0].1, $0) < (keys[$1].0, keys[$1].1, $1) }
    for k in order {
      let finding = rules[failing[k].rule].findings[failing[k].finding]
      // The subject as `explain` takes it: a periodic or metric finding names its period.
      let place = finding.evidence.first.map { "\($0.location): " } ?? ""
      let subject = finding.period.map { "\(finding.subject)@\($0)" } ?? finding.subject
      Console.output(
        "\(place)\(finding.severity.rawValue): [\(finding.ruleID)] \(subject): \(finding.actual.text(output.lang))"
      )
    }
    let gone = known.subtracting(present).sorted()
    for fingerprint in gone { Console.output("fixed since baseline: \(fingerprint)") }
    let totals = run.result.totals
    Console.output(
      "\(run.result.counts.read) rows (\(run.result.counts.rejected) rejected), \(run.result.caseCount) cases, "
        + "\(run.result.rules.count) rules: \(totals.violated) violated, \(failing.count) failing at \(failOn.rawValue)+"
        + (baseline == nil ? "" : " and new")
        + ", \(totals.pending) pending, \(totals.unverifiable) unverifiable, \(totals.waived) waived")
    if !output.formats.isEmpty {
      try output.write(run.result, defaults: [], threads: 0, fieldLabels: run.fieldLabels)
    }
    if let writeBaseline {
      try Baseline.write(present, path: writeBaseline)
      Console.error("wrote baseline with \(present.count) findings to \(writeBaseline)")
    }
    try run.finish(failOn: nil, strict: strict)
    if !failing.isEmpty { throw Exit.violations }
  }
}

/// A baseline: the fingerprints of accepted violations, so only new ones fail.
enum Baseline {
  static let schema = "policy-check/baseline@1"

  static func write(_ fingerprints: Set<String>, path: String) throws {
    let entries = fingerprints.sorted()
    let object: [String: Any] = ["schema": schema, "fingerprints": entries]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
  }

  /// The fingerprints of a baseline file, or why it cannot be used: the operating system's
  /// reason for a file that cannot be read, what a baseline is for one that is not one.
  static func read(path: String) -> Result<Set<String>, BaselineError> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(
        BaselineError(
          message: "cannot read baseline: no such file or directory; write one with --write-baseline \(path)")
      )
    }
    if isDirectory.boolValue {
      return .failure(BaselineError(message: "cannot read baseline: is a directory, not a baseline file"))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = access(path, R_OK) == 0 ? "cannot be read" : String(cString: strerror(errno)).lowercased()
      return .failure(BaselineError(message: "cannot read baseline: \(reason)"))
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      object["schema"] as? String == schema, let list = object["fingerprints"] as? [String]
    else {
      return .failure(
        BaselineError(
          message:
            "not a policy-check baseline: expected the JSON file --write-baseline writes "
            + "({\"schema\": \"\(schema)\", \"fingerprints\": [...]})"))
    }
    return .success(Set(list))
  }
}

struct BaselineError: Error {
  var message: String
}

import ArgumentParser
import PolicyRules

/// What turns findings into an exit code, shared by `audit` and `report`: waivers and the
/// severity that fails the run (`check` has its own `--fail-on`, with a default).
struct VerdictOptions: ParsableArguments {
  @Option(help: "A waivers file (rule, subject, reason, approver, expiry).")
  var waivers: String?

  @Option(name: .customLong("fail-on"), help: "Exit 1 when a violation at or above this severity is found.")
  var failOn: Severity?
}

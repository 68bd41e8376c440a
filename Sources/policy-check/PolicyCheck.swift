import ArgumentParser

/// `policy-check`: audit service records against executable regulations.
@main
struct PolicyCheck: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "policy-check",
    abstract: "Audit service records against rules that encode service-management regulations.",
    discussion: """
      Exit codes: 0 compliant; 1 violations at or above --fail-on; 2 rules or input could not be \
      loaded or trusted; 64 usage error.
      """,
    version: version,
    subcommands: [
      AuditCommand.self, CheckCommand.self, ExplainCommand.self, RulesCommand.self, CalendarCommand.self,
      TrendCommand.self,
      SQLCommand.self, ReportCommand.self,
    ]
  )

  /// Runs the command, then makes sure its output reached stdout: an output that could not be
  /// written (`> /dev/full`) is exit 2 with a message, whatever the command's own verdict was.
  static func main() {
    var failure: (any Error)?
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      failure = error
    }
    do {
      try Console.finishStandardOutput()
    } catch {
      failure = error
    }
    exit(withError: failure)
  }
}

/// The documented exit codes.
enum Exit {
  static let violations = ExitCode(1)
  static let untrusted = ExitCode(2)
}

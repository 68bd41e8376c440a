import ArgumentParser
import CProcess
import Checker
import Foundation
import PolicyRules

/// Where rules come from: shared by every command that loads rules.
struct RuleOptions: ParsableArguments {
  @Option(name: .customLong("rules"), help: "Rule files or folders (repeatable). Default: Rules")
  var rulePaths: [String] = []

  @Option(help: "A site profile that overrides assumed parameters.")
  var profile: String?

  /// Loads the library and prints every diagnostic to stderr; throws exit 2 on errors.
  func load() throws -> RuleLibrary {
    try Self.load(paths: rulePaths, profile: profile)
  }

  /// The library at `paths` (default `Rules`); exit 2 on rule errors or when no rule was found
  /// (a wrong path must not pass as "0 rules, 0 violated").
  static func load(paths: [String], profile: String?) throws -> RuleLibrary {
    let searched = paths.isEmpty ? ["Rules"] : paths
    let library = RuleLibrary.load(paths: searched, profilePath: profile)
    if !library.diagnostics.isEmpty { Console.error(library.renderedDiagnostics) }
    if library.hasErrors {
      let count = library.diagnostics.filter { $0.severity == .error }.count
      Console.error("\(count) error\(count == 1 ? "" : "s") in rule files")
      throw Exit.untrusted
    }
    if library.rules.isEmpty {
      Console.error(noRulesMessage(library, searched: searched))
      throw Exit.untrusted
    }
    return library
  }

  /// `error: no rules in Rules/empty (0 YAML files)`, saying what was found instead.
  static func noRulesMessage(_ library: RuleLibrary, searched: [String]) -> String {
    let found =
      library.files.isEmpty
      ? "no .yaml or .yml file"
      : "\(plural(library.files.count, "YAML file")), none with rules"
    return "error: no rules in \(searched.joined(separator: ", ")) (\(found)); "
      + "pass --rules a rule file or a folder of them (default: Rules)"
  }
}

/// Everything the commands print goes through here, cleaned by the one terminal sanitiser the
/// text report uses: record text (case ids, values, reasons) may hold escape sequences.
enum Console {
  /// A message (and its line feed) on stderr.
  static func error(_ text: String) {
    ProgressLine.writeMessage(Data((TerminalText.safe(text, keepingLineBreaks: true) + "\n").utf8))
  }

  /// A line of command output on stdout.
  static func output(_ text: String) {
    print(TerminalText.safe(text, keepingLineBreaks: true))
  }

  /// Flushes stdout; a failed write (a full disk, `> /dev/full`) is an error, exit 2: the output
  /// the user asked for is not there. A reader that went away (`| head`) is not.
  static func finishStandardOutput() throws {
    let code = policy_check_flush_stdout()
    if code != 0 {
      guard code != EPIPE else { throw Exit.untrusted }
      error("error: cannot write to standard output: \(String(cString: strerror(code)))")
      throw Exit.untrusted
    }
  }

  static var stderrIsTerminal: Bool { isatty(2) == 1 }
  static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}

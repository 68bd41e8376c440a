import ArgumentParser
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

  static func load(paths: [String], profile: String?) throws -> RuleLibrary {
    let library = RuleLibrary.load(paths: paths.isEmpty ? ["Rules"] : paths, profilePath: profile)
    if !library.diagnostics.isEmpty { Console.error(library.renderedDiagnostics) }
    if library.hasErrors {
      let count = library.diagnostics.filter { $0.severity == .error }.count
      Console.error("\(count) error\(count == 1 ? "" : "s") in rule files")
      throw Exit.untrusted
    }
    return library
  }
}

enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  static var stderrIsTerminal: Bool { isatty(2) == 1 }
  static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}

import ArgumentParser
import Checker
import Foundation
import PolicyRules

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "Validate, test, list and document rule files.",
    subcommands: [Validate.self, Test.self, List.self]
  )

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check rule files, calendars and profiles; every problem with file:line:column.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "A site profile to check with the rules.")
    var profile: String?

    func run() throws {
      let library = RuleLibrary.load(paths: paths.isEmpty ? ["Rules"] : paths, profilePath: profile)
      if !library.diagnostics.isEmpty { Console.error(library.renderedDiagnostics) }
      let errors = library.diagnostics.filter { $0.severity == .error }.count
      let warnings = library.diagnostics.count - errors
      print(
        "\(library.files.count) files, \(library.rules.count) rules, \(library.calendars.count) calendars: "
          + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
      if errors > 0 { throw Exit.untrusted }
    }
  }

  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every example embedded in the rules.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: nil)
      let report = ExampleRunner(calendars: library.calendars).run(library.rules)
      for failure in report.failures { print(failure.description) }
      let passed = report.examplesRun - report.failures.count
      print(
        "\(report.examplesRun) examples in \(library.rules.count) rules: \(passed) passed, \(report.failures.count) failed"
      )
      if !report.rulesWithoutExamples.isEmpty {
        print("rules without examples: \(report.rulesWithoutExamples.joined(separator: ", "))")
      }
      if !report.failures.isEmpty { throw Exit.violations }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the rules: id, clause, kind, severity, title.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "Language of titles: zh or en.")
    var lang: Language = .zh

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: nil)
      for rule in library.rules.sorted(by: { $0.id.localizedStandardCompare($1.id) == .orderedAscending }) {
        let assumed =
          rule.assumedParameters.isEmpty
          ? ""
          : "  [assumed: \(rule.assumedParameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", "))]"
        print(
          "\(rule.id)\t\(rule.clause.id)\t\(rule.kind)\t\(rule.severity.rawValue)\t\(rule.title.text(lang))\(assumed)"
        )
      }
    }
  }
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

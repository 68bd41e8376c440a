import ArgumentParser
import Checker
import Foundation
import PolicyRules

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "Validate, test, list and document rule files.",
    subcommands: [Validate.self, Test.self, List.self, Docs.self, Coverage.self, Draft.self]
  )

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check rule files, calendars and profiles; every problem with file:line:column.",
      discussion: """
        Also warns when a rule cites a clause the catalogue lacks or a regulation file that is not \
        found, and when a calendar's holiday data ends within 60 days of --as-of. With --dataset or \
        --data, checks every record type, activity and field the rules name against the data, \
        without evaluating. Exit 2 on errors (with --strict, also on warnings).
        """)

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "A site profile to check with the rules.")
    var profile: String?

    @Option(help: "A dataset description whose data the rules' names are checked against.")
    var dataset: String?

    @Option(
      name: .customLong("data"), help: "An event-log file to check the rules' names against (repeatable).")
    var dataFiles: [String] = []

    @Option(name: .customLong("record-type"), help: "Record type of --data event logs (default case).")
    var recordType: String?

    @Option(
      name: .customLong("as-of"),
      help: "The cut-off (YYYY-MM-DD) calendars must cover by 60 days. Default: today.")
    var asOf: String?

    @Option(help: "The clause catalogue rules cite. Default: Rules/catalogue/CLAUSES.md when present.")
    var catalogue: String?

    @Option(
      help:
        "Folder of the regulation texts rules cite. Default: the catalogue's folder."
    )
    var regulations: String?

    @Flag(help: "Exit 2 on warnings too.")
    var strict = false

    func validate() throws {
      if let asOf, CivilDate(parsing: String(asOf.prefix(10))) == nil {
        throw ValidationError("--as-of must be YYYY-MM-DD or YYYY-MM-DD HH:MM, found '\(asOf)'")
      }
    }

    func run() throws {
      let searched = paths.isEmpty ? ["Rules"] : paths
      var library = RuleLibrary.load(paths: searched, profilePath: profile)
      let cutOff =
        asOf.flatMap { CivilDate(parsing: String($0.prefix(10))) }
        ?? CivilDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
      library.diagnostics += library.calendarCoverageWarnings(cutOff: cutOff)
      library.diagnostics += try citationWarnings(library)
      if dataset != nil || !dataFiles.isEmpty {
        var arguments = dataset.map { ["--dataset", $0] } ?? []
        if let recordType { arguments += ["--record-type", recordType] }
        let data = try DataOptions.parse(arguments + ["--"] + dataFiles).load()
        if data.hasFileErrors { throw Exit.untrusted }
        library.diagnostics += RuleDataCheck.bind(library.rules, to: DatasetSchema(data)).diagnostics
      }
      if !library.diagnostics.isEmpty { Console.error(library.renderedDiagnostics) }
      let errors = library.diagnostics.filter { $0.severity == .error }.count
      let warnings = library.diagnostics.filter { $0.severity == .warning }.count
      Console.output(
        "\(plural(library.files.count, "file")), \(plural(library.rules.count, "rule")), "
          + "\(plural(library.calendars.count, "calendar")): "
          + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
      if errors > 0 || (strict && warnings > 0) { throw Exit.untrusted }
      // A folder of calendars alone is worth validating; a path with nothing to read is a mistake.
      if library.files.isEmpty {
        Console.error(RuleOptions.noRulesMessage(library, searched: searched))
        throw Exit.untrusted
      }
    }

    /// Clause ids against the catalogue and regulation files against the folder of texts.
    private func citationWarnings(_ library: RuleLibrary) throws -> [Diagnostic] {
      let path = catalogue ?? "Rules/catalogue/CLAUSES.md"
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        guard catalogue == nil else {
          Console.error("\(path): error: cannot read the clause catalogue")
          throw Exit.untrusted
        }
        return []
      }
      let beside = (path as NSString).deletingLastPathComponent
      let besideCatalogue = beside.isEmpty ? "." : beside
      let holdsTexts = ((try? FileManager.default.contentsOfDirectory(atPath: besideCatalogue)) ?? [])
        .contains {
          $0.hasSuffix(".txt")
        }
      let folder = regulations ?? (holdsTexts ? besideCatalogue : nil)
      if folder == nil {
        Console.error(
          "note: no regulation texts beside \(path): file citations not checked (--regulations DIR names them)"
        )
      }
      return library.citationWarnings(catalogue: ClauseCatalogue(markdown: text), regulations: folder)
    }
  }

  struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every example embedded in the rules.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: nil)
      let report = ExampleRunner(calendars: library.calendars).run(library.rules)
      for failure in report.failures { Console.output(failure.description) }
      let passed = report.examplesRun - report.failures.count
      Console.output(
        "\(report.examplesRun) examples in \(library.rules.count) rules: \(passed) passed, \(report.failures.count) failed"
      )
      if !report.rulesWithoutExamples.isEmpty {
        Console.output("rules without examples: \(report.rulesWithoutExamples.joined(separator: ", "))")
      }
      if !report.failures.isEmpty { throw Exit.violations }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the rules: id, clause, kind, severity, title.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "A site profile whose values replace assumed parameters.")
    var profile: String?

    @Option(help: "Language of titles: zh or en.")
    var lang: Language = .zh

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: profile)
      for rule in library.rules.sorted(by: { $0.id.localizedStandardCompare($1.id) == .orderedAscending }) {
        let assumed =
          rule.assumedParameters.isEmpty
          ? ""
          : "  [assumed: \(rule.assumedParameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", "))]"
        Console.output(
          "\(rule.id)\t\(rule.clause.id)\t\(rule.kind)\t\(rule.severity.rawValue)\t\(rule.title.text(lang))\(assumed)"
        )
      }
    }
  }

  struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the Markdown reference of the rule library in Chinese and English.")

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "Output folder; writes rules.zh.md and rules.en.md.")
    var out: String = "docs"

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: nil)
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      for language in Language.allCases {
        let text = RuleDocumentation.render(
          library.rules, calendars: library.calendars.keys.sorted(), language: language)
        let path = (out as NSString).appendingPathComponent("rules.\(language.rawValue).md")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        Console.output("wrote \(path)")
      }
    }
  }

  struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "List catalogue clauses without a rule; fails when an E, sequence, fields or approval row is missing."
    )

    @Argument(help: "Rule files or folders. Default: Rules")
    var paths: [String] = []

    @Option(help: "The clause catalogue (CLAUSES.md).")
    var catalogue: String = "Rules/catalogue/CLAUSES.md"

    func run() throws {
      let library = try RuleOptions.load(paths: paths, profile: nil)
      guard let text = try? String(contentsOfFile: catalogue, encoding: .utf8) else {
        Console.error("\(catalogue): error: cannot read the clause catalogue")
        throw Exit.untrusted
      }
      let catalogue = ClauseCatalogue(markdown: text)
      let coverage = catalogue.coverage(of: library.rules)
      for entry in coverage.missing {
        Console.output(
          "missing \(entry.id) (\(entry.kind), num \(entry.num)) — \(self.catalogue):\(entry.line)")
      }
      for (rule, clause) in coverage.unknown { Console.output("rule \(rule) cites unknown clause \(clause)") }
      Console.output(
        "\(coverage.covered.count) of \(catalogue.entries.count) clauses covered by \(library.rules.count) rules; "
          + "\(coverage.missing.count) missing, \(coverage.requiredMissing.count) of them required")
      if !coverage.requiredMissing.isEmpty || !coverage.unknown.isEmpty { throw Exit.violations }
    }
  }
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// `1 rule`, `2 rules`.
func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

import Foundation
import Testing

/// `rules validate | test | list | docs | coverage` on the shipped library, the CLI fixture pack
/// and the malformed rule fixtures.
@Suite struct RulesCommandTests {
  static let pack = ["Fixtures/cli/rules", "Rules/calendars"]

  /// The cut-off is fixed: by default it is today, and a calendar whose holiday data ends within
  /// 60 days of it warns (`RuleDataCheckCLITests`).
  @Test func validateShippedLibraryExitsZero() throws {
    let run = try CLIRun.run(["rules", "validate", "Rules", "--as-of", "2024-10-08"])
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stdout.hasSuffix(": 0 errors, 0 warnings\n"))
  }

  @Test func validateFixturePack() throws {
    let run = try CLIRun.run(["rules", "validate"] + Self.pack + ["--as-of", "2024-10-08"])
    #expect(run.exitCode == 0)
    #expect(run.stderr == "")
    #expect(run.stdout == "5 files, 3 rules, 4 calendars: 0 errors, 0 warnings\n")
  }

  static let malformed: [String] = {
    let folder = CLIRun.repositoryRoot.appendingPathComponent("Fixtures/malformed")
    return ["rules", "yaml"].flatMap { sub -> [String] in
      let names =
        (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []
      return names.filter { !$0.hasSuffix(".expected") }.sorted().map { "Fixtures/malformed/\(sub)/\($0)" }
    }
  }()

  /// Every malformed fixture makes `rules validate` exit 2. A rule fixture's stderr is exactly its
  /// golden file; a YAML fixture's golden file holds the parser's diagnostics only, so the rule
  /// loader may add its own after them (an empty file parses, but is no rule file).
  @Test(arguments: malformed)
  func validateMalformedExitsTwo(fixture: String) throws {
    // A cut-off well inside the calendars' data: the coverage warning would depend on today.
    let run = try CLIRun.run(["rules", "validate", fixture, "--as-of", "2024-10-08"])
    #expect(run.exitCode == 2)
    let expectedURL = CLIRun.repositoryRoot.appendingPathComponent(
      (fixture as NSString).deletingPathExtension + ".expected")
    // Printed through the terminal sanitiser: a control character in a quoted line shows as U+FFFD.
    let expected = String(
      String.UnicodeScalarView(
        try String(contentsOf: expectedURL, encoding: .utf8).unicodeScalars.map {
          ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value) ? "\u{FFFD}" : $0
        }))
    if fixture.hasPrefix("Fixtures/malformed/rules/") {
      #expect(run.stderr == expected)
    } else {
      #expect(run.stderr.hasPrefix(expected))
      #expect(run.stderr.contains(": error: "))
    }
    #expect(run.stdout.contains(" error"))
  }

  @Test func malformedCorpusIsLargeEnough() {
    #expect(Self.malformed.count >= 32)
  }

  @Test func testRunsEveryExample() throws {
    let run = try CLIRun.run(["rules", "test"] + Self.pack)
    #expect(run.exitCode == 0)
    #expect(run.stdout == "7 examples in 3 rules: 7 passed, 0 failed\n")
  }

  @Test func testOfMalformedPackExitsTwo() throws {
    let run = try CLIRun.run(["rules", "test", "Fixtures/malformed/rules/bad-severity.yaml"])
    #expect(run.exitCode == 2)
    #expect(run.stderr.hasSuffix("1 error in rule files\n"))
  }

  @Test(arguments: ["zh", "en"])
  func listMatchesGolden(lang: String) throws {
    let run = try CLIRun.run(["rules", "list"] + Self.pack + ["--lang", lang])
    #expect(run.exitCode == 0)
    CLIGolden.check(run.stdout, named: "rules-list.\(lang).txt")
  }

  @Test func coverageOfFixturePack() throws {
    let run = try CLIRun.run(["rules", "coverage"] + Self.pack)
    CLIGolden.check(run.stdout + "exit \(run.exitCode)\n", named: "rules-coverage.txt")
  }

  /// Coverage fails exactly when a required catalogue row (E, sequence, fields, approval) has no rule.
  @Test func coverageExitCodeFollowsRequiredRows() throws {
    let run = try CLIRun.run(["rules", "coverage", "Rules"])
    let summary = try #require(run.stdout.split(separator: "\n").last)
    let required = summary.split(separator: ",").last?.split(separator: " ").first.flatMap { Int($0) }
    #expect(summary.contains(" clauses covered by "))
    #expect(run.exitCode == ((required ?? 0) > 0 ? 1 : 0), "\(summary)")
  }

  @Test func docsWritesBothLanguages() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try CLIRun.run(["rules", "docs"] + Self.pack + ["--out", out.path])
    #expect(run.exitCode == 0)
    #expect(run.stdout == "wrote \(out.path)/rules.zh.md\nwrote \(out.path)/rules.en.md\n")
    for lang in ["zh", "en"] {
      let text = try String(contentsOf: out.appendingPathComponent("rules.\(lang).md"), encoding: .utf8)
      for id in ["CLI-answer-within-4-working-hours", "CLI-close-after-resolve", "CLI-priority-recorded"] {
        #expect(text.contains(id))
      }
    }
    let en = try String(contentsOf: out.appendingPathComponent("rules.en.md"), encoding: .utf8)
    #expect(en.contains("Answer within 4 working hours of receipt"))
  }
}

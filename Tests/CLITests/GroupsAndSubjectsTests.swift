import Foundation
import Testing

/// Groups add up, and every subject a report prints can be found again: `check` lines name the
/// period and place, and `explain` takes `CASE#2`, an entity and `entity@period`.
@Suite struct GroupsAndSubjectsTests {
  static let month = [
    "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00", "--lang",
    "en",
  ]

  /// The group chart's bars: `label: count` tooltips after the severity chart's.
  static func groupBars(_ extra: [String]) throws -> (bars: [String: Int], stderr: String) {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("r.html").path
    let run = try CLIRun.run(["audit"] + month + extra + ["--format", "html=\(path)"])
    #expect(run.exitCode == 0)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    let figure = html.components(separatedBy: "Violations by group").dropFirst(2).joined()
    var bars: [String: Int] = [:]
    for piece in figure.components(separatedBy: "<title>").dropFirst() {
      let text = piece.components(separatedBy: "</title>")[0]
      guard let colon = text.range(of: ": ", options: .backwards), let count = Int(text[colon.upperBound...])
      else { continue }
      bars[String(text[..<colon.lowerBound])] = count
    }
    return (bars, run.stderr)
  }

  /// The month's data has no `team`: all 185 violations are in the "no group" bar, none lost.
  @Test func defaultGroupFieldMissingFromTheDataCountsEverythingUngrouped() throws {
    let (bars, stderr) = try Self.groupBars([])
    #expect(bars == ["(no group)": 185])
    #expect(!stderr.contains("warning: --group-by"))
  }

  @Test func groupTotalsAddUpToTheViolations() throws {
    let (bars, _) = try Self.groupBars(["--group-by", "branch"])
    #expect(bars == ["西城网点": 17, "东城网点": 10, "(no group)": 158])
  }

  /// The summary's group table counts every judgement, passed ones too: its columns add up to the
  /// run's totals, and each rate is passed / (passed + violated) of its row.
  @Test func groupRatesCountEveryJudgement() throws {
    let run = try CLIRun.run(["audit"] + Self.month + ["--group-by", "branch", "--format", "text"])
    #expect(run.exitCode == 0)
    let lines = run.stdout.components(separatedBy: "\n")
    let start = try #require(lines.firstIndex(of: "Compliance by group"))
    #expect(lines[start + 2].hasPrefix("Group") && lines[start + 2].contains("Compliance passed violated"))
    var totals = [0, 0, 0, 0, 0]
    var rows: [String: String] = [:]
    for line in lines[(start + 3)...] {
      guard !line.isEmpty else { break }
      let fields = line.split(separator: " ").map(String.init)
      let figures = fields.suffix(5).compactMap { Int($0) }
      try #require(figures.count == 5, "\(line)")
      for k in 0..<5 { totals[k] += figures[k] }
      let rate = fields[fields.count - 6]
      let expected = Double(figures[0]) / Double(figures[0] + figures[1]) * 100
      #expect(rate == String(format: "%.1f%%", expected), "\(line)")
      rows[fields.dropLast(6).joined(separator: " ")] = rate
    }
    // passed · violated · pending · unverifiable · waived of the whole run.
    #expect(totals == [5127, 185, 18, 22, 0])
    #expect(Set(rows.keys) == ["西城网点", "东城网点", "(no group)"])
  }

  @Test func unknownGroupFieldWarnsWithASuggestion() throws {
    let (bars, stderr) = try Self.groupBars(["--group-by", "brnch"])
    #expect(
      stderr.contains(
        "warning: --group-by 'brnch' is not a field of the data; did you mean 'branch'?; every finding is counted under \"no group\""
      ))
    #expect(bars == ["(no group)": 185])
  }

  @Test func noTwoCheckLinesAreIdentical() throws {
    let run = try CLIRun.run(["check"] + Self.month + ["--fail-on", "info"])
    #expect(run.exitCode == 1)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count > 180)
    let repeated = Dictionary(grouping: lines, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    #expect(repeated.isEmpty, "repeated lines: \(repeated.prefix(5))")
    #expect(
      lines.contains("major: [S2-07-monthly-inspection] CRM系统@2024-09: 0 in the period, at least 1 required"))
    #expect(lines.contains { $0.hasPrefix("Fixtures/month/email.jsonl:25: major: [S0-05-reply] EM-009#2: ") })
  }

  @Test func explainTakesASecondTrigger() throws {
    let run = try CLIRun.run(["explain", "EM-009#2"] + Self.month)
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("EM-009#2: trigger 2 of case EM-009\ncase EM-009 (email)"))
    #expect(run.stdout.contains("✘ S0-05-reply [EM-009#2]"))
  }

  @Test func explainTakesAnEntityAndAnEntityInAPeriod() throws {
    let entity = try CLIRun.run(["explain", "CRM系统"] + Self.month)
    #expect(entity.exitCode == 0, "\(entity.stderr)")
    #expect(
      entity.stdout.hasPrefix(
        "subject CRM系统 — period 2024-09-01 – 2024-09-30, cut-off 2024-10-08 00:00 (Asia/Shanghai)\n"))
    #expect(entity.stdout.contains("✘ S2-07-monthly-inspection  CRM系统@2024-09  "))
    let inPeriod = try CLIRun.run(["explain", "刘顾问@2024-W38"] + Self.month)
    #expect(inPeriod.exitCode == 0, "\(inPeriod.stderr)")
    #expect(inPeriod.stdout.contains("✘ S2-18-weekly-quota  刘顾问@2024-W38  "))
    #expect(!inPeriod.stdout.contains("S2-09-callback-plan"))
  }

  @Test func explainUnknownSubjectSuggests() throws {
    let run = try CLIRun.run(["explain", "CRM系X"] + Self.month)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasSuffix(
        "no case 'CRM系X' in the dataset and no finding of that subject; did you mean 'CRM系统'?\n"))
  }
}

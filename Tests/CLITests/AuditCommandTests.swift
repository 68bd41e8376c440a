import Foundation
import Testing

/// `audit` on the ticket fixture for September 2024, cut off at 2024-10-01 09:30.
@Suite struct AuditCommandTests {
  @Test(arguments: ["en", "zh"])
  func textSummaryMatchesGolden(lang: String) throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", lang, "--format", "text"])
    #expect(run.exitCode == 0)
    #expect(run.stderr == "")
    CLIGolden.check(run.stdout, named: "audit.\(lang).txt")
  }

  /// Hand count: deadline 3 passed (T-1, T-3, T-5), 1 violated (T-2), 1 pending (T-4);
  /// precedence 2 passed, 1 violated (T-2); fields 4 passed, 1 violated (T-5).
  @Test func textSummaryCountsByHand() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september + [
        "--lang", "en", "--format", "text",
      ])
    #expect(run.stdout.contains("passed 9 · violated 3 · pending 1 · unverifiable 0 · waived 0"))
  }

  @Test func jsonReportIsWrittenToPath() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let path = out.appendingPathComponent("report.json").path
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "json=\(path)"])
    #expect(run.exitCode == 0)
    #expect(run.stdout == "")
    #expect(run.stderr == "wrote json report to \(path)\n")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let object = try JSONSerialization.jsonObject(with: data)
    #expect(object is [String: Any])
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("CLI-answer-within-4-working-hours"))
  }

  @Test func reportOverADirectorySaysSoAndLeavesNoTemporaryFile() throws {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let path = out.appendingPathComponent("taken").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "json=\(path)"])
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasSuffix(
        "\(path): error: cannot write report: '\(path)' is a directory; give a file path, e.g. \(path)/policy-check-report.json\n"
      ))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["taken"])
  }

  @Test func csvOnStdoutEndsWithTheSameExtraLineFeedAsBefore() throws {
    // `print` judged "\r\n" not to end in "\n" (CR LF is one Character) and added one.
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--lang", "en", "--format", "csv"])
    #expect(run.exitCode == 0)
    #expect(run.stdout.hasPrefix("\u{FEFF}"))
    #expect(run.stdout.utf8.suffix(3).elementsEqual([0x0D, 0x0A, 0x0A]))
  }

  @Test func failOnMajorExitsOne() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--format", "text", "--fail-on", "major"])
    #expect(run.exitCode == 1)
  }

  @Test func failOnCriticalExitsZero() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets] + CLIFixtures.rules + CLIFixtures.september
        + ["--format", "text", "--fail-on", "critical"])
    #expect(run.exitCode == 0)
  }

  @Test func missingDataFileExitsTwo() throws {
    let run = try CLIRun.run(
      ["audit", "Fixtures/cli/no-such-file.csv"] + CLIFixtures.rules + CLIFixtures.september + [
        "--format", "text",
      ])
    #expect(run.exitCode == 2)
    #expect(run.stderr.contains("no-such-file.csv"))
  }

  @Test func malformedRulesExitTwo() throws {
    let run = try CLIRun.run(
      ["audit", CLIFixtures.tickets, "--rules", "Fixtures/malformed/rules/bad-severity.yaml"]
        + CLIFixtures.september + ["--format", "text"])
    #expect(run.exitCode == 2)
    #expect(run.stdout == "")
  }
}

/// The terminal summary of the bundled month: one screen, the clauses that most need attention
/// ranked by score (not by raw count), `--details` for the per-finding listing.
@Suite struct MonthSummaryTests {
  static let month = [
    "audit", "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00",
    "--format", "text",
  ]

  @Test(arguments: ["en", "zh"])
  func summaryFitsAScreenAndMatchesGolden(lang: String) throws {
    let run = try CLIRun.run(Self.month + ["--lang", lang])
    #expect(run.exitCode == 0)
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    #expect(lines <= 60, "the summary has \(lines) lines")
    CLIGolden.check(run.stdout, named: "audit-month.\(lang).txt")
  }

  /// S1-01 has the most violations (6) but passes 98 % of its judgements: clauses failing half
  /// their judgements rank above it; every listed clause shows its document and article.
  @Test func rankingWeighsTheRateNotTheRawCount() throws {
    let run = try CLIRun.run(Self.month + ["--lang", "en"])
    let section = run.stdout.components(separatedBy: "Clauses that most need attention")[1]
      .components(separatedBy: "Violations by severity")[0]
    #expect(!section.contains(" S1-01 "))
    #expect(section.contains(" 1. S2-16  40.0% · 3/5 violated · major · score 3.6\n    售后服務管理制度3 4、3、1 — "))
    let ranked = section.split(separator: "\n").filter { $0.contains(". S") }
    #expect(ranked.count == 10)
    #expect(run.stdout.contains("critical 10 · major 80 · minor 89 · info 6"))
  }

  @Test func detailsListsEveryClauseAndFinding() throws {
    let short = try CLIRun.run(Self.month + ["--lang", "en"])
    let long = try CLIRun.run(Self.month + ["--lang", "en", "--details"])
    #expect(!short.stdout.contains("Compliance by clause") && !short.stdout.contains("\nFindings\n"))
    #expect(long.stdout.contains("Compliance by clause") && long.stdout.contains("\nFindings\n"))
    #expect(long.stdout.hasPrefix(short.stdout.components(separatedBy: "\nViolations by severity")[0]))
  }
}

/// The HTML clause chart of the bundled month: worst first within each domain, labelled with
/// document and article, small samples hatched instead of coloured, catalogue order a click away.
@Suite struct MonthHTMLTests {
  /// The bundled month's HTML report (Chinese).
  static func monthHTML() throws -> String {
    let out = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: out) }
    let path = out.appendingPathComponent("r.html").path
    let run = try CLIRun.run(Array(MonthSummaryTests.month.dropLast(2)) + ["--format", "html=\(path)"])
    #expect(run.exitCode == 0)
    return try String(contentsOfFile: path, encoding: .utf8)
  }

  @Test func clauseChartIsRankedLabelledAndMarksSmallSamples() throws {
    let html = try Self.monthHTML()
    let chart = try #require(
      html.components(separatedBy: "<section class=\"panel\" id=\"clause-chart\">").last
    )
    .components(separatedBy: "</section>")[0]
    #expect(chart.contains("<button type=\"button\" id=\"clause-order\" hidden"))
    let domains = chart.components(separatedBy: "<div class=\"domain\"><h3>").dropFirst()
    #expect(domains.map { String($0.prefix(2)) } == ["S0", "S1", "S2", "S3", "S4"])
    var rows = 0
    for domain in domains {
      let items = domain.components(separatedBy: "<li ").dropFirst()
      var rates: [Double] = []
      for item in items {
        rows += 1
        let rate = try #require(
          item.components(separatedBy: "<span class=\"rate\">").last?.prefix { $0 != "%" })
        rates.append(try #require(Double(rate)))
        let figures = try #require(item.components(separatedBy: "<span class=\"n\">").last)
        let judged = try #require(Int(String(figures.split(separator: "/")[1].prefix { $0.isNumber })))
        #expect(item.contains("class=\"small\"") == (judged < 5), "\(item)")
      }
      #expect(rates == rates.sorted(), "not worst first: \(rates)")
    }
    #expect(rows > 100)
    #expect(chart.contains("<b>S1-21</b> 裝修裝飾服務制度篇十 3.10</span>"))
    #expect(html.contains("\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\""))
    #expect(html.contains("@media print{"))
  }
}

/// Progress on stderr: on a terminal (a pseudo-terminal by `script`), loading and evaluating
/// lines and a final line of what was read and how long it took; nothing with --quiet or when
/// stderr is a file.
@Suite struct ProgressTests {
  static let script = "/usr/bin/script"

  static func onTerminal(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    let command = ([BinaryLocator.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    process.arguments = ["-qec", command + " >/dev/null", "/dev/null"]
    process.currentDirectoryURL = CLIRun.repositoryRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  static let month = [
    "audit", "--dataset", "Fixtures/month/dataset.yaml", "--month", "2024-09", "--as-of", "2024-10-08 00:00",
    "--format", "text",
  ]

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script), "no script(1)"))
  func terminalShowsLoadingEvaluatingAndAFinalLine() throws {
    let screen = try Self.onTerminal(Self.month)
    #expect(screen.contains("loading 44 files: "))
    #expect(screen.contains(" of 475 KB ("))
    #expect(screen.contains("evaluating 157 rules over 1,084 cases"))
    #expect(screen.contains("read 4,219 rows (44 files, 475 KB) in "))
    #expect(screen.contains("rows/s; evaluated 157 rules over 1,084 cases in "))
    // A message never shares the progress line: it starts on a cleared line.
    #expect(screen.contains("\r\u{1B}[2KFixtures/month/service_orders.csv:21:18: warning: row rejected"))
    let quiet = try Self.onTerminal(Self.month + ["--quiet"])
    #expect(!quiet.contains("loading") && !quiet.contains("evaluating") && !quiet.contains("rows/s"))
    #expect(quiet.contains("warning: row rejected"))
  }

  /// A file large enough to load for a few updates: bytes read grow to the file's size, the rows
  /// per second are counted, and the updates come at most four a second.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script), "no script(1)"))
  func loadingShowsBytesReadOfTheTotal() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("big.csv").path
    var text = "case_id,activity,timestamp,resource\n"
    for k in 0..<150_000 {
      text += "C\(k / 4),step\(k % 4),2024-09-\(10 + k % 9) 1\(k % 10):\(10 + k % 50),agent-\(k % 97)\n"
    }
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    let started = Date()
    let screen = try Self.onTerminal(["audit", path, "--rules", "Fixtures/cli/rules", "--format", "text"])
    let seconds = Date().timeIntervalSince(started)
    let size = "\(text.utf8.count >> 20).\(((text.utf8.count * 10) >> 20) % 10) MB"
    let updates = screen.components(separatedBy: "\r\u{1B}[2Kloading 1 file: ").dropFirst().map {
      String($0.prefix { $0 != "\r" && $0 != "\n" })
    }
    // Bytes of the total while reading; once all is read, the cases are assembled.
    #expect(
      updates.allSatisfy {
        $0.contains("of \(size) (") || $0.hasPrefix("\(size) read, 150,000 rows; assembling cases · ")
      }, "\(updates)")
    // Some update shows part of the file read at a non-zero rate.
    #expect(
      updates.contains { !$0.hasPrefix("0 KB") && $0.contains(" of ") && !$0.contains(" 0 rows/s") },
      "\(updates)")
    #expect(updates.count <= Int(seconds * 4) + 2, "\(updates.count) updates in \(seconds) s")
    #expect(screen.contains("read 150,000 rows (1 file, "))
  }

  @Test func nothingWhenStderrIsNotATerminal() throws {
    let run = try CLIRun.run(Self.month)
    #expect(!run.stderr.contains("loading") && !run.stderr.contains("rows/s"))
  }
}

/// The findings' details in the Chinese HTML report: fields by the data's column headers,
/// rule expressions only under the 'rule' disclosure.
@Suite struct HTMLDetailsWordingTests {
  @Test func detailsSpeakTheDataOwnersWords() throws {
    let html = try MonthHTMLTests.monthHTML()
    #expect(html.contains("<details><summary>缺少 联系方式"))
    #expect(!html.contains("<details><summary>缺少 contact"))
    let pieces = html.components(separatedBy: "<details class=\"rule\">")
    let outsideRule =
      [pieces[0]]
      + pieces.dropFirst().map { $0.components(separatedBy: "</details>").dropFirst().joined() }
    #expect(!outsideRule.joined().contains("[role =="), "an expression outside the rule disclosure")
    #expect(
      html.contains(
        "<summary>规则</summary><dl class=\"facts\"><dt>要求</dt><dd><code>shipped 之前须经 approved [role =="))
  }
}

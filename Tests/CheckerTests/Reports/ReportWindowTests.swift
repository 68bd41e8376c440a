import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Findings rendered in windows on several workers must come out exactly as one sequential pass
/// writes them, whatever the window size and wherever the windows start within a rule.
@Suite struct ReportWindowTests {
  @Test(arguments: [1, 2, 3, 7, 10, 11])
  func windowsConcatenateInItemOrder(windowSize: Int) {
    let render: @Sendable (inout ReportSink, Range<Int>) -> Void = { sink, range in
      for item in range {
        if item > 0 { sink.write(", ") }
        sink.write(integer: item * item)
      }
    }
    var sequential = ReportSink()
    render(&sequential, 0..<10)
    #expect(sequential.text == "0, 1, 4, 9, 16, 25, 36, 49, 64, 81")
    for workers in [1, 2, 4, 0] {
      var parallel = ReportSink()
      parallel.writeWindows(count: 10, workers: workers, windowSize: windowSize, render)
      #expect(parallel.text == sequential.text, "workers \(workers), window \(windowSize)")
    }
  }

  @Test func windowsWriteThroughAFileSinkInOrder() throws {
    let folder = try ReportSinkTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("windows.txt").path
    // A 16-byte buffer: every window is larger than the file sink's buffer.
    var file = try ReportSink(path: path, capacity: 16)
    file.write("head;")
    file.writeWindows(count: 1000, workers: 4, windowSize: 37) { sink, range in
      for item in range { sink.write("item \(item)\n") }
    }
    file.write("tail")
    try file.finish()
    let expected = "head;" + (0..<1000).map { "item \($0)\n" }.joined() + "tail"
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
  }

  @Test func emptyAndSingleItemRunsNeedNoWorkers() {
    for count in [0, 1] {
      var sink = ReportSink()
      sink.writeWindows(count: count, workers: 4, windowSize: 1) { sink, range in
        sink.write("[\(range.lowerBound)..<\(range.upperBound)]")
      }
      #expect(sink.text == "[0..<\(count)]")
    }
  }

  /// The sample audit with every rule's findings repeated under distinct subjects (so any
  /// reordering changes the bytes), and deadline findings whose explanations are phrased from
  /// the calendar rather than given.
  static func largeResult(copies: Int) -> AuditResult {
    var result = ReporterStreamingTests.richResult()
    let calendar = Self.calendar
    for r in result.rules.indices {
      let originals = result.rules[r].findings
      var findings: [Finding] = []
      for copy in 0..<copies {
        for (i, original) in originals.enumerated() {
          var finding = original
          finding.subject += "#\(copy)"
          if (copy + i) % 2 == 0 {
            // Thursdays and Fridays before a holiday and a make-up Saturday, at odd seconds too.
            let start = Timestamp(
              milliseconds: 1_726_128_000_000 + Int64(copy % 5) * 86_400_000 + Int64(i) * 61_000)
            finding.deadline = calendar.deadline(
              from: start, adding: PolicyDuration(amount: 1 + copy % 3, unit: .workingDays))
            finding.deadlineExplanation = nil
            finding.deadlineCalendar = ExplanationCalendar(calendar: calendar)
          }
          findings.append(finding)
        }
      }
      result.rules[r].findings = findings
    }
    return result
  }

  /// Mon–Fri 09:00–18:00 in Shanghai, 2024-09-15..17 off and Saturday 2024-09-14 worked.
  static let calendar: WorkCalendar = {
    let day = [WorkCalendar.WorkingSpan(startMinute: 9 * 60, endMinute: 18 * 60)]
    return WorkCalendar(
      name: "office", timeZoneIdentifier: "Asia/Shanghai", weeklyHours: [day, day, day, day, day, [], []],
      holidays: [
        WorkCalendar.Holiday(
          name: "mid-autumn", from: CivilDate(year: 2024, month: 9, day: 15),
          to: CivilDate(year: 2024, month: 9, day: 17))
      ],
      makeUpDays: [WorkCalendar.MakeUpDay(date: CivilDate(year: 2024, month: 9, day: 14), name: "make-up")],
      covers: CivilDate(year: 2024, month: 1, day: 1)...CivilDate(year: 2024, month: 12, day: 31))
  }()

  @Test(arguments: ["json", "csv", "sarif", "markdown", "junit"])
  func parallelReportsEqualSequentialOnes(formatName: String) throws {
    let reporter = try #require(ReporterRegistry.reporter(named: formatName))
    let result = Self.largeResult(copies: 7)
    #expect(result.rules.contains { $0.findings.count > 20 })
    for language in Language.allCases {
      let sequential = reporter.render(result, options: ReportOptions(language: language, threads: 1))
      // Window sizes that do not divide any rule's finding count, so windows start mid-rule.
      for window in [1, 3, 5, 64] {
        for threads in [2, 4] {
          var options = ReportOptions(language: language, threads: threads)
          options.findingWindow = window
          let parallel = reporter.render(result, options: options)
          #expect(parallel == sequential, "\(formatName) \(language) window \(window) threads \(threads)")
        }
      }
    }
  }

  @Test func phrasedExplanationsEqualFindingText() throws {
    let result = Self.largeResult(copies: 4)
    let text = JSONReporter().render(result, options: ReportOptions(language: .en, threads: 4))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let rules = try #require(json["rules"] as? [[String: Any]])
    var phrased = 0
    for (ruleJSON, ruleResult) in zip(rules, result.rules) {
      let findings = try #require(ruleJSON["findings"] as? [[String: Any]])
      #expect(findings.count == ruleResult.findings.count)
      for (findingJSON, finding) in zip(findings, ruleResult.findings) {
        let explanation = findingJSON["deadlineExplanation"] as? [String: String]
        #expect(explanation?["en"] == finding.deadlineExplanation?.en)
        #expect(explanation?["zh"] == finding.deadlineExplanation?.zh)
        if finding.deadlineCalendar != nil { phrased += 1 }
      }
    }
    #expect(phrased > 10)
    // One hand-checked sentence: Thu 16:00 + 1 working day, with the Saturday make-up day ahead.
    #expect(
      text.contains("\"Thu 2024-09-12 16:00 + 1 working day (calendar office) ⇒ due Fri 2024-09-13 16:00\""))
  }
}

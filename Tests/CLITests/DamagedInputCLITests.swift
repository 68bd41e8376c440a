import Foundation
import Testing

/// Damaged input files as a user meets them: nothing is lost silently.
@Suite struct DamagedInputCLITests {
  /// The user's case: 200 ticket rows; line 11 has a stray quote, line 51 is a field short and
  /// line 122 has a bad timestamp.
  static func strayQuoteTickets() -> String {
    var lines = ["case_id,activity,timestamp,resource,priority,team"]
    for k in 0..<200 {
      let day = 2 + k % 25
      lines.append(
        "T-\(k / 2),\(k % 2 == 0 ? "received" : "answered"),2024-09-\(day < 10 ? "0" : "")\(day) 1\(k % 2):00,王芳,high,A"
      )
    }
    lines[10] = "T-4,\"answered,2024-09-07 11:00,李明,high,A"
    lines[50] = "T-24,answered,2024-09-05 11:00,李明,high"
    lines[121] = "T-60,answered,2024-13-05 11:00,李明,high,A"
    return lines.joined(separator: "\n") + "\n"
  }

  func audit(_ path: String, _ extra: [String] = []) throws -> CLIRun {
    try CLIRun.run(
      ["audit", path] + CLIFixtures.rules + CLIFixtures.september + ["--lang", "en", "--format", "text"]
        + extra)
  }

  @Test func aStrayQuoteRejectsItsLineAndEveryLaterBadRowIsReported() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("tickets.csv").path
    try Self.strayQuoteTickets().write(toFile: path, atomically: true, encoding: .utf8)
    // One thread, and two with the file split in parts (small parts force the split).
    let one = try audit(path, ["--threads", "1"])
    let two = try audit(path, ["--threads", "2", "--min-part-size", "2048"])
    for run in [one, two] {
      #expect(run.exitCode == 0)
      #expect(run.stdout.contains("Rows read 200 · used 197 · rejected 3\n"))
      #expect(
        run.stderr.hasPrefix(
          """
          \(path):11:2: warning: row rejected: unterminated quoted field: no closing quote before the end of the file
          \(path):51: warning: row rejected: expected 6 fields, found 5
          \(path):122:3: warning: row rejected: bad timestamp '2024-13-05 11:00' in column timestamp

          """))
    }
    #expect(one.stdout == two.stdout)
    // A lower line limit gives up on the quote sooner; the result is the same.
    let limited = try audit(path, ["--max-field-lines", "5"])
    #expect(
      limited.stderr.contains(
        ":11:2: warning: row rejected: unterminated quoted field: no closing quote within 5 lines"))
    #expect(limited.stdout.contains("Rows read 200 · used 197 · rejected 3\n"))
  }

  /// Issue 13: a records file whose first and last rows share an order id, read on 1, 2 and 3
  /// threads with the file split in as many parts: the last row is rejected every time.
  @Test func aRepeatedCaseIdInAnotherPartIsRejectedOnAnyThreadCount() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var lines = ["order,received_at,closed_at"]
    for k in 0..<300 { lines.append("O\(1000 + k),2024-09-02 10:00,2024-09-02 1\(k % 2 == 0 ? 1 : 3):00") }
    lines.append("O1000,2024-09-03 10:00,2024-09-03 11:00")
    let data = folder.appendingPathComponent("orders.csv").path
    try (lines.joined(separator: "\n") + "\n").write(toFile: data, atomically: true, encoding: .utf8)
    let description = folder.appendingPathComponent("orders.yaml").path
    try """
    sources:
      - file: orders.csv
        record: order
        case_id: order
        events: {received_at: received, closed_at: closed}

    """.write(toFile: description, atomically: true, encoding: .utf8)
    let rules = folder.appendingPathComponent("rules.yaml").path
    try """
    schema: 1
    domain: cli-fixture
    rules:
      - id: CLI-close-within-2-hours
        title: {zh: 两小时内关闭, en: Closed within 2 hours}
        message: {zh: 超过两小时未关闭, en: not closed within 2 hours}
        clause: {id: S0-01, file: 000_17c2e5f7a1992ab4.txt, document: 客户服务管理制度, article: 二.2, quote: 在规定的时间内给予客户反馈}
        severity: major
        scope: {record: order}
        check: {kind: deadline, start: received, end: closed, within: 2 hours}

    """.write(toFile: rules, atomically: true, encoding: .utf8)
    var outputs: [String] = []
    for threads in 1...3 {
      let run = try CLIRun.run(
        ["audit", "--dataset", description, "--rules", rules] + CLIFixtures.september
          + ["--lang", "en", "--format", "text", "--threads", "\(threads)", "--min-part-size", "1024"])
      #expect(run.exitCode == 0, "\(threads) threads: \(run.stderr.prefix(300))")
      #expect(run.stdout.contains("Rows read 301 · used 300 · rejected 1\n"), "\(threads) threads")
      #expect(
        run.stderr.hasPrefix(
          "\(data):302:1: warning: row rejected: duplicate case id 'O1000' (first on line 2)\n"),
        "\(threads) threads")
      // O1000 is the first row's order (closed in an hour), not joined with the last row's.
      #expect(run.stdout.contains("passed 150 · violated 150"), "\(threads) threads")
      outputs.append(run.stdout)
    }
    #expect(Set(outputs).count == 1)
  }

  /// Ticket T-1 received on line 5 and answered on line 9 (`prefix` adds lines before it).
  static func ticketTrace(prefix: String = "") -> String {
    """
    <log>
    \(prefix)  <trace>
        <string key="concept:name" value="T-1"/>
        <event>
          <string key="concept:name" value="received"/>
          <date key="time:timestamp" value="2024-09-02T10:00:00+08:00"/>
        </event>
        <event>
          <string key="concept:name" value="answered"/>
          <date key="time:timestamp" value="2024-09-02T11:00:00+08:00"/>
        </event>
      </trace>
    </log>

    """
  }

  @Test func aTruncatedXESLogIsAPositionedErrorAndExitsTwo() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.xes").path
    // Cut inside the second event's activity.
    let text = String(Self.ticketTrace().split(separator: "answ")[0]) + "answ"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let run = try audit(path)
    #expect(run.exitCode == 2)
    #expect(
      run.stderr.hasPrefix(
        "\(path):9:45: error: not well-formed XML: the file ends inside <event> (opened at line 8); it is cut short or a closing tag is missing; no event of this file is read\n"
      ))
    #expect(!run.stderr.contains("NSXMLParserErrorDomain"))
  }

  @Test func xesEventsOutsideATraceAreRejectedRows() throws {
    let folder = try CLIRun.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("log.xes").path
    let text = Self.ticketTrace(
      prefix: "  <event><string key=\"concept:name\" value=\"received\"/></event>\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let run = try audit(path)
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("Rows read 3 · used 2 · rejected 1\n"))
    #expect(
      run.stderr.hasPrefix(
        "\(path):2: warning: row rejected: event outside a <trace>: it belongs to no case\n"))
  }
}

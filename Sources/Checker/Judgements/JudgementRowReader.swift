import PolicyRules

/// Reads the judgement rows of a compiled audit (docs/sql.md, "The judgement table") and binds
/// each to the loaded rule it names: JSON Lines as `scripts/sql-run.py` prints them, or CSV with a
/// header as `scripts/spark-run.py` writes them.
///
/// Every problem is a diagnostic at the row's `file:line:column` (an unknown rule, a kind that
/// is not the rule's, an outcome the engine does not make, an unreadable value or evidence item),
/// all of a file collected; a row with one is rejected and the others still read.
public struct JudgementRowReader: Sendable {
  /// How the rows are written.
  public enum Format: String, Sendable {
    case jsonLines = "json-lines"
    case csv
  }

  /// What was read: the rows bound, the problems found, and how many rows the file held.
  public struct Reading: Sendable {
    public var rows: [JudgementRow] = []
    public var diagnostics: [Diagnostic] = []
    /// Rows in the file: `rows.count` used plus `rejected`.
    public var read = 0
    public var rejected: Int { read - rows.count }
  }

  private let ruleIndex: [String: Int]
  private let kinds: [String]

  public init(rules: [Rule]) {
    var index: [String: Int] = [:]
    for (k, rule) in rules.enumerated() where index[rule.id] == nil { index[rule.id] = k }
    ruleIndex = index
    kinds = rules.map(\.kind)
  }

  /// The format of a file: by its extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else by its
  /// first character that is not white space (`{` is JSON Lines).
  public static func format(path: String, bytes: [UInt8]) -> Format {
    let lower = path.lowercased()
    if lower.hasSuffix(".csv") { return .csv }
    if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
      return .jsonLines
    }
    let first = bytes.first {
      $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF
    }
    return first == UInt8(ascii: "{") ? .jsonLines : .csv
  }

  /// Reads `bytes` (the file at `path`) in `format`.
  public func read(_ bytes: [UInt8], path: String, format: Format) -> Reading {
    var reading = Reading()
    var bag = DiagnosticBag(path: path)
    // A byte order mark is not part of the first row.
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    switch format {
    case .jsonLines:
      var lineNumber = 0
      for line in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
        lineNumber += 1
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
        reading.read += 1
        do throws(JudgementLineParser.Failure) {
          var cells: [String: JudgementCell] = [:]
          for member in try JudgementLineParser.object(line) { cells[member.key] = member.cell }
          reading.rows.append(try bind(cells, line: lineNumber, rowColumn: 1))
        } catch {
          bag.error(error.message, at: SourceMark(line: lineNumber, column: error.column))
        }
      }
    case .csv:
      let records: [(line: Int, cells: [JudgementCell])]
      do throws(JudgementLineParser.Failure) {
        records = try JudgementLineParser.csvRecords(body)
      } catch {
        bag.error(error.message, at: SourceMark(line: 1, column: error.column))
        reading.diagnostics = bag.items
        return reading
      }
      guard let header = records.first else {
        reading.diagnostics = bag.items
        return reading
      }
      readText(names: header.cells.map { $0.text ?? "" }, records: records.dropFirst(), into: &reading, &bag)
    }
    reading.diagnostics = bag.items
    return reading
  }

  /// The rows an engine returned (`audit --engine`): every value as text (nil: null) in
  /// `columns`, each row named in messages by its 1-based number in the result of `source`.
  public func read(columns: [String], rows: [[String?]], source: String) -> Reading {
    var reading = Reading()
    var bag = DiagnosticBag(path: source)
    let records = rows.enumerated().map { k, row in
      (
        line: k + 1,
        cells: row.map { JudgementCell(value: $0.map(JudgementCell.Value.text) ?? .null, column: 1) }
      )
    }
    readText(names: columns, records: records[...], into: &reading, &bag)
    reading.diagnostics = bag.items
    return reading
  }

  /// Binds records of text values under a header (CSV, an engine's result): the millisecond
  /// columns are read as integers.
  private func readText(
    names: [String], records: ArraySlice<(line: Int, cells: [JudgementCell])>, into reading: inout Reading,
    _ bag: inout DiagnosticBag
  ) {
    for record in records {
      reading.read += 1
      do throws(JudgementLineParser.Failure) {
        guard record.cells.count == names.count else {
          throw JudgementLineParser.Failure(
            message: "expected \(names.count) values as in the header, found \(record.cells.count)", column: 1
          )
        }
        var cells: [String: JudgementCell] = [:]
        for (name, cell) in zip(names, record.cells) {
          var typed = cell
          // Text has no numbers: the millisecond columns are read as integers here.
          if name.hasSuffix("_ms"), let text = cell.text {
            guard let number = Int64(text) else {
              throw JudgementLineParser.Failure(
                message: "'\(name)' holds '\(text)', not an integer", column: cell.column)
            }
            typed.value = .integer(number)
          }
          cells[name] = typed
        }
        reading.rows.append(try bind(cells, line: record.line, rowColumn: 1))
      } catch {
        bag.error(error.message, at: SourceMark(line: record.line, column: error.column))
      }
    }
  }

  /// The row the cells of one line make, bound to its rule.
  private func bind(_ cells: [String: JudgementCell], line: Int, rowColumn: Int) throws(JudgementLineParser
    .Failure)
    -> JudgementRow
  {
    func text(_ name: String, required: Bool = false) throws(JudgementLineParser.Failure) -> String? {
      guard let cell = cells[name] else {
        if required {
          throw JudgementLineParser.Failure(message: "the row has no '\(name)'", column: rowColumn)
        }
        return nil
      }
      switch cell.value {
      case .text(let s): return s
      case .null:
        if required { throw JudgementLineParser.Failure(message: "'\(name)' is null", column: cell.column) }
        return nil
      case .integer:
        throw JudgementLineParser.Failure(message: "'\(name)' holds a number, not text", column: cell.column)
      }
    }
    func milliseconds(_ name: String) throws(JudgementLineParser.Failure) -> Timestamp? {
      guard let cell = cells[name] else { return nil }
      switch cell.value {
      case .null: return nil
      case .integer(let n): return Timestamp(milliseconds: n)
      case .text(let s):
        throw JudgementLineParser.Failure(
          message: "'\(name)' holds '\(s)', not milliseconds", column: cell.column)
      }
    }
    let id = try text("rule_id", required: true)!
    guard let rule = ruleIndex[id] else {
      throw JudgementLineParser.Failure(
        message: "unknown rule '\(id)': the rules given have no rule of that id",
        column: cells["rule_id"]!.column)
    }
    if let kind = try text("kind"), kind != kinds[rule] {
      throw JudgementLineParser.Failure(
        message: "rule '\(id)' is a \(kinds[rule]) rule, the row says kind '\(kind)'",
        column: cells["kind"]!.column)
    }
    let outcomeText = try text("outcome", required: true)!
    guard let outcome = Outcome(rawValue: outcomeText), outcome != .waived else {
      throw JudgementLineParser.Failure(
        message: "bad outcome '\(outcomeText)' (expected passed, violated, pending or unverifiable)",
        column: cells["outcome"]!.column)
    }
    var evidence: [Evidence] = []
    if let list = try text("evidence"), !list.isEmpty {
      for item in list.components(separatedBy: "; ") {
        guard let parsed = Self.evidence(item) else {
          throw JudgementLineParser.Failure(
            message: "bad evidence item '\(item)' (expected label@milliseconds file:line)",
            column: cells["evidence"]!.column)
        }
        evidence.append(parsed)
      }
    }
    return JudgementRow(
      rule: rule, subject: try text("subject", required: true)!, period: try text("period"),
      group: try text("group_value"), outcome: outcome, anchor: try milliseconds("anchor_ms"),
      due: try milliseconds("due_ms"), evidence: evidence, line: line)
  }

  /// One evidence item, `label@ms file:line` (`label@ file:line` without a time), then the event's
  /// resource after a U+001F (its `;` written as U+001E), if it has one: the label ends at the first `@` followed by
  /// milliseconds and a space (a label may hold `@` itself), the line follows the last `:`.
  static func evidence(_ written: String) -> Evidence? {
    var item = written
    var resource: String?
    if let mark = written.firstIndex(of: "\u{1F}") {
      item = String(written[..<mark])
      resource = String(written[written.index(after: mark)...]).replacingOccurrences(of: "\u{1E}", with: ";")
    }
    var search = item.startIndex
    while let at = item[search...].firstIndex(of: "@") {
      let rest = item[item.index(after: at)...]
      // A record without a time writes no milliseconds (`label@ file:line`).
      if let space = rest.firstIndex(of: " "), rest[..<space].isEmpty || Int64(rest[..<space]) != nil {
        let location = rest[rest.index(after: space)...]
        if let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]),
          colon > location.startIndex
        {
          return Evidence(
            label: String(item[..<at]), time: Int64(rest[..<space]).map(Timestamp.init(milliseconds:)),
            file: String(location[..<colon]),
            line: line, resource: resource)
        }
      }
      search = item.index(after: at)
    }
    return nil
  }
}

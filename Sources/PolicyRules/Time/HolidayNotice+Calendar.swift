import Foundation

/// Adding a notice's year to a calendar file (`policy-check calendar import`).
extension HolidayNotice {
  /// The source name of the notice: its document number when the text gives one
  /// (`国办发明电〔2024〕12号`), else its title.
  public static func sourceName(in text: String, year: Int) -> String {
    if let start = text.range(of: "国办发明电") {
      let rest = text[start.lowerBound...]
      if let end = rest.firstIndex(of: "号"), rest.distance(from: rest.startIndex, to: end) < 20 {
        return String(rest[...end])
      }
    }
    return "国务院办公厅关于\(year)年部分节假日安排的通知"
  }

  /// `{name: 2026 春节, from: 2026-02-15, to: 2026-02-23}` lines for `holidays`.
  public var holidayEntries: [String] {
    festivals.map { festival in
      let name = Self.flowScalar("\(year) \(festival.name)")
      return festival.from == festival.to
        ? "{name: \(name), date: \(festival.from)}"
        : "{name: \(name), from: \(festival.from), to: \(festival.to)}"
    }
  }

  /// `{date: 2026-02-14, name: 2026 春节调休}     # Sat` lines for `make_up_days`, in date order.
  public var makeUpEntries: [String] {
    let days = festivals.flatMap { festival in festival.makeUpDays.map { ($0, festival.name) } }
      .sorted { $0.0 < $1.0 }
    return days.map { date, name in
      let entry = "{date: \(date), name: \(Self.flowScalar("\(year) \(name)调休"))}"
      // Comments line up at the column the shipped calendars use (CJK characters take two cells).
      let width = entry.unicodeScalars.reduce(0) { $0 + (Diagnostic.isWide($1) ? 2 : 1) }
      let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.weekday - 1]
      return entry + String(repeating: " ", count: max(1, 44 - width)) + "# " + weekday
    }
  }

  /// A name as a plain flow scalar, quoted when it holds a character YAML would read otherwise.
  static func flowScalar(_ text: String) -> String {
    let special = Set(",:{}[]#&*!|>'\"%@`")
    guard text.contains(where: { special.contains($0) }) else { return text }
    return "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      + "\""
  }

  /// The calendar text with this year added: `covers` extended to 31 December (or created),
  /// the holidays and make-up days appended to their lists, the notice added to `source`.
  /// `existing` is the calendar as loaded from `text`. Fails with a message when the file
  /// already covers the year, leaves a gap before it, or is not laid out so the lists can be
  /// extended in place (block lists of flow mappings, `covers` as one flow mapping).
  public func adding(to text: String, existing: WorkCalendar, source: String) -> Result<
    String, CalendarImportError
  > {
    let first = CivilDate(year: year, month: 1, day: 1)
    let last = CivilDate(year: year, month: 12, day: 31)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }

    if let covers = existing.covers {
      if covers.upperBound >= first {
        return .failure(
          CalendarImportError(
            line: Self.topLevelLine("covers", in: lines),
            message:
              "the calendar already covers \(year) (covers ends \(covers.upperBound)); nothing was changed"))
      }
      if covers.upperBound != first.adding(days: -1) {
        return .failure(
          CalendarImportError(
            line: Self.topLevelLine("covers", in: lines),
            message:
              "covers ends \(covers.upperBound), so \(year) would leave a gap; import the notices of "
              + "\(covers.upperBound.year + 1)–\(year - 1) first"))
      }
      guard let index = Self.topLevelLine("covers", in: lines),
        lines[index].contains("{"), lines[index].contains("}")
      else {
        return .failure(
          CalendarImportError(
            line: Self.topLevelLine("covers", in: lines),
            message:
              "write covers on one line as 'covers: {from: YYYY-MM-DD, to: YYYY-MM-DD}' to import into it"))
      }
      lines[index] = "covers: {from: \(covers.lowerBound), to: \(last)}"
    } else {
      let at =
        Self.topLevelLine("holidays", in: lines) ?? Self.topLevelLine("make_up_days", in: lines)
        ?? lines.count
      lines.insert("covers: {from: \(first), to: \(last)}", at: at)
    }

    for (key, entries) in [("holidays", holidayEntries), ("make_up_days", makeUpEntries)]
    where !entries.isEmpty {
      switch Self.append(entries, toList: key, in: &lines) {
      case .success: break
      case .failure(let error): return .failure(error)
      }
    }

    if let index = Self.topLevelLine("source", in: lines) {
      if !lines[index].contains(source) { lines[index] += "; \(source)" }
    } else if let index = Self.topLevelLine("covers", in: lines) {
      lines.insert("source: \(source)", at: index)
    }
    return .success(lines.joined(separator: "\n") + "\n")
  }

  /// Index of the line `key:` at the top level (no indentation), if any.
  static func topLevelLine(_ key: String, in lines: [String]) -> Int? {
    lines.firstIndex { $0.hasPrefix(key + ":") }
  }

  private static func append(_ entries: [String], toList key: String, in lines: inout [String]) -> Result<
    Void, CalendarImportError
  > {
    guard let keyLine = topLevelLine(key, in: lines) else {
      lines.append("\(key):")
      lines += entries.map { "  - " + $0 }
      return .success(())
    }
    let value = lines[keyLine].dropFirst(key.count + 1).split(separator: "#", maxSplits: 1).first.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if value == "[]" {
      lines[keyLine] = "\(key):"
    } else if let value, !value.isEmpty {
      return .failure(
        CalendarImportError(
          line: keyLine, message: "write \(key) as a block list ('  - {…}' lines) to import into it"))
    }
    // The list's entries are the indented, blank and comment lines after the key.
    var lastEntry = keyLine
    var prefix = "  - "
    var index = keyLine + 1
    while index < lines.count {
      let line = lines[index]
      let trimmed = line.drop { $0 == " " }
      if trimmed.isEmpty || trimmed.hasPrefix("#") {
        index += 1
        continue
      }
      guard line.first == " " || line.first == "-" else { break }
      if trimmed.hasPrefix("- ") { prefix = String(line.prefix(line.count - trimmed.count)) + "- " }
      lastEntry = index
      index += 1
    }
    lines.insert(contentsOf: entries.map { prefix + $0 }, at: lastEntry + 1)
    return .success(())
  }
}

/// Why a notice could not be added to a calendar file; `line` is 0-based.
public struct CalendarImportError: Error, Sendable, Equatable {
  public var line: Int?
  public var message: String
}

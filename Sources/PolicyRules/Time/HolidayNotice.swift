/// A State Council General Office holiday notice (国务院办公厅关于20XX年部分节假日安排的通知), read
/// from its official text: the year, and for each numbered item the festival, its days off and
/// its make-up working days (调休).
///
/// The items read are of the form
/// `二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。`
/// (also `1月1日放假，与周末连休。`, `1月1日（周三）放假1天，不调休。`, weekdays as 星期日, lunar dates
/// in the parentheses, dates of another year as `2018年12月30日`). Every weekday in parentheses must
/// be the date's, and `共N天` must count the days off. Lines outside the items (title, addressees,
/// preamble, closing paragraphs, signature) are skipped, unless they name days off or working days:
/// a problem anywhere is an error at its line and column, and nothing is imported.
public struct HolidayNotice: Sendable, Equatable {
  public struct Festival: Sendable, Equatable {
    /// The name as the item gives it: `春节`, `国庆节、中秋节`.
    public var name: String
    public var from: CivilDate
    public var to: CivilDate
    public var makeUpDays: [CivilDate]
    /// Where the item starts in the notice.
    public var mark: SourceMark
  }

  public var year: Int
  public var festivals: [Festival]

  /// Reads `text`; `year` overrides the year the notice names (its title or preamble). Problems
  /// go to `diagnostics`; the result is nil when there is any error.
  public static func read(_ text: String, year: Int? = nil, diagnostics: inout DiagnosticBag)
    -> HolidayNotice?
  {
    var reader = NoticeReader(lines: NoticeReader.split(text), diagnostics: diagnostics)
    let notice = reader.read(year: year)
    diagnostics = reader.diagnostics
    return diagnostics.hasErrors ? nil : notice
  }
}

/// One pass over the notice's lines.
private struct NoticeReader {
  /// A run of characters with the position of each, so a problem found after lines were joined
  /// still points into the file.
  struct Text {
    var scalars: [Unicode.Scalar] = []
    var marks: [SourceMark] = []
    var string: String { String(String.UnicodeScalarView(scalars)) }
    func mark(_ index: Int) -> SourceMark {
      index < marks.count
        ? marks[index] : (marks.last.map { $0.advanced(by: 1) } ?? SourceMark(line: 1, column: 1))
    }
  }

  let lines: [Text]
  var diagnostics: DiagnosticBag

  init(lines: [Text], diagnostics: DiagnosticBag) {
    self.lines = lines
    self.diagnostics = diagnostics
  }

  /// Lines with their marks; full-width digits become ASCII, spaces are dropped (pasted notices
  /// carry indentation and stray spaces; the official text has none that matter).
  static func split(_ text: String) -> [Text] {
    var lines: [Text] = []
    var current = Text()
    var line = 1
    var column = 1
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        lines.append(current)
        current = Text()
        line += 1
        column = 1
        continue
      }
      defer { column += 1 }
      if scalar == "\r" || scalar == " " || scalar == "\t" || scalar == "\u{3000}" || scalar == "\u{FEFF}" {
        continue
      }
      var normal = scalar
      if (0xFF10...0xFF19).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30) {
        normal = ascii
      }
      current.scalars.append(normal)
      current.marks.append(SourceMark(line: line, column: column))
    }
    lines.append(current)
    return lines
  }

  static let itemNumerals = Set("一二三四五六七八九十".unicodeScalars)

  mutating func read(year givenYear: Int?) -> HolidayNotice? {
    var year = givenYear
    var items: [Text] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      index += 1
      if Self.itemBodyStart(line) != nil {
        // An item runs on over wrapped lines until its text ends with 。
        var item = line
        while item.scalars.last != "。", index < lines.count, !lines[index].scalars.isEmpty,
          Self.itemBodyStart(lines[index]) == nil
        {
          item.scalars += lines[index].scalars
          item.marks += lines[index].marks
          index += 1
        }
        items.append(item)
        continue
      }
      if year == nil, let found = Self.noticeYear(line.string) { year = found }
      let string = line.string
      if (string.contains("放假") || string.contains("上班")) && Self.containsDate(line.scalars) {
        diagnostics.error(
          "this line names days off or working days but is not a numbered item ('一、元旦：…'); "
            + "write each festival as its own item", at: line.mark(0))
      }
    }
    guard let year else {
      diagnostics.error(
        "no year found: the notice's title or preamble should name it ('关于2026年部分节假日安排的通知'); "
          + "or give --year", at: SourceMark(line: 1, column: 1))
      return nil
    }
    if items.isEmpty {
      diagnostics.error(
        "no holiday items found: expected lines like '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。'",
        at: SourceMark(line: 1, column: 1))
      return nil
    }
    var festivals: [HolidayNotice.Festival] = []
    for item in items {
      if let festival = readItem(item, year: year) { festivals.append(festival) }
    }
    return HolidayNotice(year: year, festivals: festivals)
  }

  /// The index after `N、名称：` when the line starts a numbered item.
  static func itemBodyStart(_ line: Text) -> Int? {
    var i = 0
    while i < line.scalars.count, itemNumerals.contains(line.scalars[i]) { i += 1 }
    guard i > 0, i < line.scalars.count, line.scalars[i] == "、" else { return nil }
    return i + 1
  }

  /// `2026` from `关于2026年部分节假日安排的通知` or `现将2026年元旦、…`.
  static func noticeYear(_ line: String) -> Int? {
    for marker in ["年部分节假日安排", "年元旦", "年春节"] {
      guard let range = line.range(of: marker) else { continue }
      let digits = line[..<range.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
      if digits.count == 4, let year = Int(String(digits.reversed())) { return year }
    }
    return nil
  }

  static func containsDate(_ scalars: [Unicode.Scalar]) -> Bool {
    for (i, scalar) in scalars.enumerated() where scalar == "月" {
      if i > 0, isDigit(scalars[i - 1]), scalars[(i + 1)...].prefix(3).contains("日") { return true }
    }
    return false
  }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  /// Reads one item: `N、名称：` then sentences ending in 。.
  mutating func readItem(_ item: Text, year: Int) -> HolidayNotice.Festival? {
    guard let bodyStart = Self.itemBodyStart(item) else { return nil }
    guard let colon = item.scalars[bodyStart...].firstIndex(where: { $0 == "：" || $0 == ":" }) else {
      diagnostics.error("expected '：' after the festival's name ('二、春节：…')", at: item.mark(bodyStart))
      return nil
    }
    let name = String(String.UnicodeScalarView(item.scalars[bodyStart..<colon]))
    guard !name.isEmpty else {
      diagnostics.error("the item names no festival", at: item.mark(bodyStart))
      return nil
    }
    var days: (from: CivilDate, to: CivilDate)?
    var makeUp: [CivilDate] = []
    var start = colon + 1
    let errorsBefore = diagnostics.items.count
    while start < item.scalars.count {
      let end = item.scalars[start...].firstIndex(of: "。") ?? item.scalars.count
      var cursor = Cursor(text: item, index: start, end: end, year: year)
      let sentence = String(String.UnicodeScalarView(item.scalars[start..<end]))
      if sentence.hasPrefix("鼓励") || sentence.isEmpty {
        // Advice to employers (`鼓励各单位…安排职工在除夕休息`): not part of the schedule.
      } else if sentence.contains("放假") {
        if days != nil {
          diagnostics.error("a second '放假' sentence in one item", at: item.mark(start))
        } else if let read = readDaysOff(&cursor) {
          days = read
        }
      } else if sentence.hasSuffix("上班") {
        makeUp += readWorkingDays(&cursor)
      } else {
        diagnostics.error(
          "cannot read this sentence: expected '…放假…' (days off), '…上班' (make-up working days) "
            + "or advice starting with '鼓励'", at: item.mark(start))
      }
      if let problem = cursor.problem { diagnostics.error(problem.message, at: item.mark(problem.index)) }
      if end < item.scalars.count, item.scalars[end] != "。" { break }
      start = end + 1
    }
    if item.scalars.last != "。" {
      diagnostics.error("the item does not end with '。'", at: item.mark(item.scalars.count))
    }
    guard let days else {
      if diagnostics.items.count == errorsBefore {
        diagnostics.error("the item gives no days off ('…放假…')", at: item.mark(0))
      }
      return nil
    }
    guard diagnostics.items.count == errorsBefore else { return nil }
    return HolidayNotice.Festival(
      name: name, from: days.from, to: days.to, makeUpDays: makeUp, mark: item.mark(0))
  }

  /// `2月15日（周日）至23日（周一）放假调休，共9天` and its shorter forms.
  func readDaysOff(_ cursor: inout Cursor) -> (from: CivilDate, to: CivilDate)? {
    guard let from = cursor.date(inheriting: nil) else { return nil }
    var to = from
    if cursor.take("至") {
      guard let end = cursor.date(inheriting: from) else { return nil }
      to = end
    }
    guard to >= from else {
      cursor.fail("the last day off is before the first")
      return nil
    }
    guard cursor.take("放假") else {
      cursor.fail("expected '放假' after the dates")
      return nil
    }
    let count = to.daysSinceEpoch - from.daysSinceEpoch + 1
    _ = cursor.take("调休")
    // `放假1天` right after 放假, then any of `共N天`, `不调休`, `与周末连休`, comma-separated.
    if let stated = cursor.number() {
      guard cursor.take("天") else {
        cursor.fail("expected '天' after the number of days")
        return nil
      }
      guard stated == count else {
        cursor.fail("the notice says \(stated) days but \(from)–\(to) is \(count)")
        return nil
      }
    }
    while cursor.take("，") || cursor.take(",") {
      if cursor.take("共") {
        let at = cursor.index
        guard let stated = cursor.number(), cursor.take("天") else {
          cursor.fail("expected '共N天'")
          return nil
        }
        guard stated == count else {
          cursor.index = at
          cursor.fail("the notice says \(stated) days but \(from)–\(to) is \(count)")
          return nil
        }
      } else if cursor.take("不调休") || cursor.take("与周末连休") {
        continue
      } else {
        cursor.fail("cannot read this; expected '共N天', '不调休' or '与周末连休'")
        return nil
      }
    }
    guard cursor.atEnd else {
      cursor.fail("unexpected text after the days off")
      return nil
    }
    return (from, to)
  }

  /// `2月14日（周六）、2月28日（周六）上班`
  func readWorkingDays(_ cursor: inout Cursor) -> [CivilDate] {
    var dates: [CivilDate] = []
    repeat {
      guard let date = cursor.date(inheriting: dates.last) else { return [] }
      dates.append(date)
    } while cursor.take("、") || cursor.take("和")
    guard cursor.take("上班"), cursor.atEnd else {
      cursor.fail("expected '上班' after the make-up working days")
      return []
    }
    return dates
  }
}

/// Reads dates and words from one sentence of an item.
private struct Cursor {
  let text: NoticeReader.Text
  var index: Int
  let end: Int
  let year: Int
  private(set) var problem: (message: String, index: Int)?

  init(text: NoticeReader.Text, index: Int, end: Int, year: Int) {
    self.text = text
    self.index = index
    self.end = end
    self.year = year
  }

  var atEnd: Bool { index >= end }

  mutating func fail(_ message: String) {
    if problem == nil { problem = (message, index) }
  }

  mutating func take(_ word: String) -> Bool {
    let scalars = Array(word.unicodeScalars)
    guard index + scalars.count <= end, Array(text.scalars[index..<index + scalars.count]) == scalars else {
      return false
    }
    index += scalars.count
    return true
  }

  mutating func number() -> Int? {
    var value = 0
    var digits = 0
    while index < end, NoticeReader.isDigit(text.scalars[index]), digits < 5 {
      value = value * 10 + Int(text.scalars[index].value - 0x30)
      index += 1
      digits += 1
    }
    return digits == 0 ? nil : value
  }

  /// `[YYYY年]M月D日[（周X…）]`; after `至` or `、` the year and month may be left out
  /// (`2月15日…至23日`), taken from `previous`.
  mutating func date(inheriting previous: CivilDate?) -> CivilDate? {
    let start = index
    var year = previous?.year ?? self.year
    var month = previous?.month
    guard var number = number() else {
      fail("expected a date ('2月15日')")
      return nil
    }
    if take("年") {
      year = number
      guard let next = self.number() else {
        fail("expected a month after the year")
        return nil
      }
      number = next
      guard take("月") else {
        fail("expected '月'")
        return nil
      }
      month = number
      guard let day = self.number() else {
        fail("expected a day ('15日')")
        return nil
      }
      number = day
    } else if take("月") {
      month = number
      guard let day = self.number() else {
        fail("expected a day ('15日')")
        return nil
      }
      number = day
    }
    guard let month, take("日") else {
      index = start
      fail(previous == nil ? "expected a date with its month ('2月15日')" : "expected a date ('23日', '3月2日')")
      return nil
    }
    let date = CivilDate(year: year, month: month, day: number)
    guard date.isValid else {
      index = start
      fail("\(year)-\(month)-\(number) is not a date")
      return nil
    }
    if take("（") || take("(") {
      let open = index
      guard let close = text.scalars[index..<end].firstIndex(where: { $0 == "）" || $0 == ")" }) else {
        fail("the parenthesis is not closed")
        return nil
      }
      let inside = String(String.UnicodeScalarView(text.scalars[open..<close]))
      var offset = open
      for part in inside.split(separator: "、", omittingEmptySubsequences: false) {
        defer { offset += part.unicodeScalars.count + 1 }
        if let weekday = Cursor.weekday(String(part)) {
          guard weekday == date.weekday else {
            index = offset
            fail(
              "\(date) falls on \(Cursor.weekdayNames[date.weekday - 1]), not \(part); check the date")
            return nil
          }
        } else if !part.hasPrefix("农历") {
          index = offset
          fail("cannot read '\(part)' in the parentheses; expected a weekday ('周六') or a lunar date ('农历除夕')")
          return nil
        }
      }
      index = close + 1
    }
    return date
  }

  static let weekdayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

  /// ISO weekday of `周六` / `星期六` / `周日` / `星期天`.
  static func weekday(_ text: String) -> Int? {
    let rest: Substring
    if text.hasPrefix("星期") {
      rest = text.dropFirst(2)
    } else if text.hasPrefix("周") {
      rest = text.dropFirst(1)
    } else {
      return nil
    }
    switch rest {
    case "一": return 1
    case "二": return 2
    case "三": return 3
    case "四": return 4
    case "五": return 5
    case "六": return 6
    case "日", "天": return 7
    default: return nil
    }
  }
}

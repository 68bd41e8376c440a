extension DeadlineComputation {
  /// One sentence of evidence in the report language, e.g.
  /// `Thu 2024-09-12 16:00 + 2 working days (calendar cn-workdays): Sep 15–17 off; Sep 14 (Sat) is a
  /// make-up working day ⇒ due Sat 2024-09-14 16:00` or
  /// `2024-09-12 周四 16:00 起算 2 个工作日（日历 cn-workdays）：9月15日–9月17日 休息；9月14日（周六）调休上班 ⇒ 截止 2024-09-14 周六 16:00`.
  /// Consecutive days are compressed into ranges; times are local to `calendar`'s zone.
  public func explanation(_ language: Language, calendar: WorkCalendar) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(192)
    appendExplanation(language, calendar: calendar, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `explanation`'s UTF-8 bytes appended to `bytes`: reports phrase one explanation per
  /// deadline finding (tens of thousands), so the text is built without intermediate strings.
  public func appendExplanation(_ language: Language, calendar: WorkCalendar, to bytes: inout [UInt8]) {
    append(language, LocalPhrasingFacts(self, calendar: calendar), calendar: calendar, to: &bytes)
  }

  /// `explanation(.en)` and `explanation(.zh)` appended at once, the local times and day ranges
  /// worked out once for both.
  public func appendExplanations(calendar: WorkCalendar, english: inout [UInt8], chinese: inout [UInt8]) {
    let facts = LocalPhrasingFacts(self, calendar: calendar)
    append(.en, facts, calendar: calendar, to: &english)
    append(.zh, facts, calendar: calendar, to: &chinese)
  }

  private func append(
    _ language: Language, _ facts: LocalPhrasingFacts, calendar: WorkCalendar, to bytes: inout [UInt8]
  ) {
    let forward = direction == .forward
    // Notes are joined after the head: the first with `: ` (`：`), the rest with `; ` (`；`).
    var noteCount = 0
    func startNote(_ bytes: inout [UInt8]) {
      if language == .en {
        bytes.append(noteCount == 0 ? ": " : "; ")
      } else {
        bytes.append(noteCount == 0 ? "：" : "；")
      }
      noteCount += 1
    }
    LocalTimeText.appendDateTime(facts.start, language: language, to: &bytes)
    switch language {
    case .en:
      bytes.append(forward ? " + " : " − ")
      bytes.append(utf8: duration.description)
      bytes.append(" (calendar ")
      bytes.append(utf8: calendarName)
      bytes.append(")")
      if !skippedDays.isEmpty {
        startNote(&bytes)
        for (i, range) in facts.skippedRanges.enumerated() {
          if i > 0 { bytes.append(", ") }
          range.append(.en, to: &bytes)
        }
        bytes.append(" off")
      }
      if !makeUpDays.isEmpty {
        startNote(&bytes)
        for (i, day) in makeUpDays.enumerated() {
          if i > 0 { bytes.append(", ") }
          LocalTimeText.appendDayWithWeekday(day, language: .en, to: &bytes)
        }
        bytes.append(makeUpDays.count == 1 ? " is a make-up working day" : " are make-up working days")
      }
    case .zh:
      bytes.append(forward ? " 起算 " : " 之前 ")
      bytes.append(utf8: duration.chineseDescription)
      bytes.append("（日历 ")
      bytes.append(utf8: calendarName)
      bytes.append("）")
      if !skippedDays.isEmpty {
        startNote(&bytes)
        for (i, range) in facts.skippedRanges.enumerated() {
          if i > 0 { bytes.append("、") }
          range.append(.zh, to: &bytes)
        }
        bytes.append(" 休息")
      }
      if !makeUpDays.isEmpty {
        startNote(&bytes)
        for (i, day) in makeUpDays.enumerated() {
          if i > 0 { bytes.append("、") }
          LocalTimeText.appendDayWithWeekday(day, language: .zh, to: &bytes)
        }
        bytes.append("调休上班")
      }
    }
    if outsideCalendarData {
      startNote(&bytes)
      bytes.append(utf8: LocalTimeText.outsideDataNote(calendar, language: language))
    }
    switch language {
    case .en: bytes.append(forward ? " ⇒ due " : " ⇒ latest ")
    case .zh: bytes.append(forward ? " ⇒ 截止 " : " ⇒ 最晚 ")
    }
    LocalTimeText.appendDateTime(facts.due, language: language, to: &bytes)
  }
}

/// What both languages of an explanation share: the local start and due, and the skipped days as ranges.
private struct LocalPhrasingFacts {
  let start: LocalTimeText.Moment
  let due: LocalTimeText.Moment
  let skippedRanges: DayRanges

  init(_ deadline: DeadlineComputation, calendar: WorkCalendar) {
    // "same day" and "next working day" end at midnight, which reads better as the day's 24:00.
    let endsAtMidnight =
      deadline.direction == .forward
      && (deadline.duration.unit == .sameDay || deadline.duration.unit == .nextWorkingDay)
    start = LocalTimeText.Moment(deadline.start, calendar: calendar)
    due = LocalTimeText.Moment(deadline.due, calendar: calendar, midnightAsEndOfDay: endsAtMidnight)
    skippedRanges = DayRanges(deadline.skippedDays)
  }
}

/// Local date and time text for explanations, with civil arithmetic only.
enum LocalTimeText {
  static let englishWeekdays: [StaticString] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  static let chineseWeekdays: [StaticString] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
  static let englishMonths: [StaticString] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// A local date and time of day, as explanations print it.
  struct Moment {
    var date: CivilDate
    var seconds: Int

    init(_ t: Timestamp, calendar: WorkCalendar, midnightAsEndOfDay: Bool = false) {
      var (day, millisecond) = calendar.localPosition(of: t.milliseconds)
      if midnightAsEndOfDay && millisecond == 0 {
        day -= 1
        millisecond = Timestamp.millisecondsPerDay
      }
      date = CivilDate(daysSinceEpoch: day)
      seconds = Int(millisecond / 1000)
    }
  }

  /// `Thu 2024-09-12 16:00` / `2024-09-12 周四 16:00` for a moment worked out before; seconds
  /// appear only when not zero (built in place, then appended at once: explanations hold four).
  static func appendDateTime(_ moment: Moment, language: Language, to bytes: inout [UInt8]) {
    let date = moment.date
    let weekdayIndex = date.weekday - 1
    var text = ShortText()
    if language == .en {
      text.append(englishWeekdays[weekdayIndex])
      text.append(UInt8(ascii: " "))
      appendDate(date, to: &text)
    } else {
      appendDate(date, to: &text)
      text.append(UInt8(ascii: " "))
      text.append(chineseWeekdays[weekdayIndex])
    }
    text.append(UInt8(ascii: " "))
    let seconds = moment.seconds
    text.append(twoDigits: seconds / 3600)
    text.append(UInt8(ascii: ":"))
    text.append(twoDigits: seconds / 60 % 60)
    if seconds % 60 != 0 {
      text.append(UInt8(ascii: ":"))
      text.append(twoDigits: seconds % 60)
    }
    bytes.append(text)
  }

  /// `CivilDate.description`'s bytes: `2024-09-12`, years below 1000 padded to four digits.
  static func appendDate(_ date: CivilDate, to text: inout ShortText) {
    text.append(year: date.year)
    text.append(UInt8(ascii: "-"))
    text.append(twoDigits: date.month)
    text.append(UInt8(ascii: "-"))
    text.append(twoDigits: date.day)
  }

  /// `Sep 14 (Sat)` / `9月14日（周六）`
  static func appendDayWithWeekday(_ date: CivilDate, language: Language, to bytes: inout [UInt8]) {
    appendMonthDay(date, language: language, to: &bytes)
    if language == .en {
      bytes.append(" (")
      bytes.append(englishWeekdays[date.weekday - 1])
      bytes.append(")")
    } else {
      bytes.append("（")
      bytes.append(chineseWeekdays[date.weekday - 1])
      bytes.append("）")
    }
  }

  /// `Sep 14` / `9月14日`
  static func appendMonthDay(_ date: CivilDate, language: Language, to bytes: inout [UInt8]) {
    if language == .en {
      bytes.append(englishMonths[date.month - 1])
      bytes.append(" ")
      bytes.append(integer: date.day)
    } else {
      bytes.append(integer: date.month)
      bytes.append("月")
      bytes.append(integer: date.day)
      bytes.append("日")
    }
  }

  static func outsideDataNote(_ calendar: WorkCalendar, language: Language) -> String {
    let range = calendar.covers.map { "\($0.lowerBound)–\($0.upperBound)" } ?? ""
    return language == .en
      ? "outside the holiday data of the calendar (\(range)), weekly hours assumed"
      : "超出日历节假日数据范围（\(range)），按每周工作时间计算"
  }
}

/// Text appended as UTF-8 bytes, for explanations built without intermediate strings.
extension [UInt8] {
  @inline(__always)
  mutating func append(_ literal: StaticString) {
    // A static string's bytes (they live for the whole run), copied.
    append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  mutating func append(utf8 text: String) {
    append(contentsOf: text.utf8)
  }

  /// A text built in place.
  mutating func append(_ text: ShortText) {
    text.withUnsafeBytes { append(contentsOf: $0) }
  }

  /// A decimal integer, e.g. `2024` or `-5`.
  mutating func append(integer value: Int) {
    var text = ShortText()
    text.append(integer: value)
    append(text)
  }
}

/// Consecutive civil dates merged into ranges: `Sep 15–17`, `Sep 30–Oct 7`, `9月15日–9月17日`.
struct DayRanges: Sequence {
  struct Range {
    var first: CivilDate
    var last: CivilDate

    /// `Sep 15–17` / `9月15日–9月17日`.
    func append(_ language: Language, to bytes: inout [UInt8]) {
      LocalTimeText.appendMonthDay(first, language: language, to: &bytes)
      if first == last { return }
      bytes.append("–")
      if language == .en && first.month == last.month && first.year == last.year {
        bytes.append(integer: last.day)
      } else {
        LocalTimeText.appendMonthDay(last, language: language, to: &bytes)
      }
    }
  }

  private let ranges: [Range]

  init(_ days: [CivilDate]) {
    var ranges: [Range] = []
    for day in days {
      if let last = ranges.last, last.last.daysSinceEpoch + 1 == day.daysSinceEpoch {
        ranges[ranges.count - 1].last = day
      } else if ranges.last?.last != day {
        ranges.append(Range(first: day, last: day))
      }
    }
    self.ranges = ranges
  }

  func makeIterator() -> IndexingIterator<[Range]> { ranges.makeIterator() }
}

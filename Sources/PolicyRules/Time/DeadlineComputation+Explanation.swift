extension DeadlineComputation {
  /// One sentence of evidence in the report language, e.g.
  /// `Thu 2024-09-12 16:00 + 2 working days (calendar cn-workdays): Sep 15–17 off; Sep 14 (Sat) is a
  /// make-up working day ⇒ due Sat 2024-09-14 16:00` or
  /// `2024-09-12 周四 16:00 起算 2 个工作日（日历 cn-workdays）：9月15日–9月17日 休息；9月14日（周六）调休上班 ⇒ 截止 2024-09-14 周六 16:00`.
  /// Consecutive days are compressed into ranges; times are local to `calendar`'s zone.
  public func explanation(_ language: Language, calendar: WorkCalendar) -> String {
    let startText = LocalTimeText.dateTime(start, calendar: calendar, language: language)
    // "same day" and "next working day" end at midnight, which reads better as the day's 24:00.
    let endsAtMidnight =
      direction == .forward && (duration.unit == .sameDay || duration.unit == .nextWorkingDay)
    let dueText = LocalTimeText.dateTime(
      due, calendar: calendar, language: language, midnightAsEndOfDay: endsAtMidnight)
    let skippedRanges = DayRanges(skippedDays).map { $0.text(language) }
    let makeUpTexts = makeUpDays.map { LocalTimeText.dayWithWeekday($0, language: language) }
    switch language {
    case .en:
      var notes: [String] = []
      if !skippedRanges.isEmpty { notes.append(skippedRanges.joined(separator: ", ") + " off") }
      if makeUpTexts.count == 1 { notes.append("\(makeUpTexts[0]) is a make-up working day") }
      if makeUpTexts.count > 1 {
        notes.append("\(makeUpTexts.joined(separator: ", ")) are make-up working days")
      }
      if outsideCalendarData { notes.append(LocalTimeText.outsideDataNote(calendar, language: .en)) }
      let operation = direction == .forward ? "+" : "−"
      let head = "\(startText) \(operation) \(duration.description) (calendar \(calendarName))"
      let result = direction == .forward ? "due" : "latest"
      return head + (notes.isEmpty ? "" : ": " + notes.joined(separator: "; ")) + " ⇒ \(result) \(dueText)"
    case .zh:
      var notes: [String] = []
      if !skippedRanges.isEmpty { notes.append(skippedRanges.joined(separator: "、") + " 休息") }
      if !makeUpTexts.isEmpty { notes.append(makeUpTexts.joined(separator: "、") + "调休上班") }
      if outsideCalendarData { notes.append(LocalTimeText.outsideDataNote(calendar, language: .zh)) }
      let operation = direction == .forward ? "起算" : "之前"
      let head = "\(startText) \(operation) \(duration.chineseDescription)（日历 \(calendarName)）"
      let result = direction == .forward ? "截止" : "最晚"
      return head + (notes.isEmpty ? "" : "：" + notes.joined(separator: "；")) + " ⇒ \(result) \(dueText)"
    }
  }
}

/// Local date and time text for explanations, with civil arithmetic only.
enum LocalTimeText {
  static let englishWeekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  static let chineseWeekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
  static let englishMonths = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// `Thu 2024-09-12 16:00` / `2024-09-12 周四 16:00`; seconds appear only when not zero.
  static func dateTime(
    _ t: Timestamp, calendar: WorkCalendar, language: Language, midnightAsEndOfDay: Bool = false
  ) -> String {
    var (day, millisecond) = calendar.localPosition(of: t.milliseconds)
    if midnightAsEndOfDay && millisecond == 0 {
      day -= 1
      millisecond = Timestamp.millisecondsPerDay
    }
    let date = CivilDate(daysSinceEpoch: day)
    let seconds = Int(millisecond / 1000)
    var clock = "\(CivilDate.twoDigits(seconds / 3600)):\(CivilDate.twoDigits(seconds / 60 % 60))"
    if seconds % 60 != 0 { clock += ":\(CivilDate.twoDigits(seconds % 60))" }
    let weekdayIndex = date.weekday - 1
    return language == .en
      ? "\(englishWeekdays[weekdayIndex]) \(date) \(clock)"
      : "\(date) \(chineseWeekdays[weekdayIndex]) \(clock)"
  }

  /// `Sep 14 (Sat)` / `9月14日（周六）`
  static func dayWithWeekday(_ date: CivilDate, language: Language) -> String {
    language == .en
      ? "\(monthDay(date, language: .en)) (\(englishWeekdays[date.weekday - 1]))"
      : "\(monthDay(date, language: .zh))（\(chineseWeekdays[date.weekday - 1])）"
  }

  /// `Sep 14` / `9月14日`
  static func monthDay(_ date: CivilDate, language: Language) -> String {
    language == .en ? "\(englishMonths[date.month - 1]) \(date.day)" : "\(date.month)月\(date.day)日"
  }

  static func outsideDataNote(_ calendar: WorkCalendar, language: Language) -> String {
    let range = calendar.covers.map { "\($0.lowerBound)–\($0.upperBound)" } ?? ""
    return language == .en
      ? "outside the holiday data of the calendar (\(range)), weekly hours assumed"
      : "超出日历节假日数据范围（\(range)），按每周工作时间计算"
  }
}

/// Consecutive civil dates merged into ranges: `Sep 15–17`, `Sep 30–Oct 7`, `9月15日–9月17日`.
struct DayRanges: Sequence {
  struct Range {
    var first: CivilDate
    var last: CivilDate
    func text(_ language: Language) -> String {
      if first == last { return LocalTimeText.monthDay(first, language: language) }
      if language == .en && first.month == last.month && first.year == last.year {
        return "\(LocalTimeText.monthDay(first, language: .en))–\(last.day)"
      }
      return
        "\(LocalTimeText.monthDay(first, language: language))–\(LocalTimeText.monthDay(last, language: language))"
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

import Foundation

/// Reading calendar files (format in Rules/calendars/README.md).
extension WorkCalendar {
  /// Reads a calendar file (see `Rules/calendars/*.yaml`); problems go to `diagnostics`.
  ///
  /// Strict: unknown keys (with a did-you-mean), wrong node kinds, malformed dates and clock
  /// times, overlapping spans or holidays, a day that is both a holiday and a make-up day, data
  /// outside `covers`, unknown time zones, a `covers` longer than `coversDayLimit` days and more
  /// than `daysOffLimit` days in a row without working time are errors at the offending node
  /// (limits that keep every count proportional to the file). Every problem of the
  /// file is collected; the result is nil when any error was found.
  public static func load(_ document: YAMLDocument, diagnostics: inout DiagnosticBag) -> WorkCalendar? {
    var reader = CalendarFileReader(diagnostics: diagnostics)
    let calendar = reader.read(document)
    diagnostics = reader.diagnostics
    return calendar
  }

  /// Calendar file keys for the seven ISO weekdays, Monday first.
  public static let weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

  /// The most days `covers` may span (a century, far beyond any published holiday data): the
  /// calendar keeps a table of every covered day, so a longer span would cost memory and time out
  /// of proportion to the file.
  public static let coversDayLimit = CivilDate.centuryDays

  /// The most days in a row a calendar file may leave without working time (weekends and
  /// holidays together): no holiday data has more, and the days a count passes and lists as off
  /// stay in proportion to it (N working days pass at most N × 367 days). A 7,000-year holiday
  /// made each deadline walk two million days (a fuzzed calendar took 21.9 s to check). Counting
  /// itself does not rely on it: `covers` bounds the days it walks one by one.
  public static let daysOffLimit = 366
}

/// One pass over a calendar document, collecting diagnostics.
struct CalendarFileReader {
  static let topKeys = [
    "calendar", "title", "time_zone", "source", "covers", "working_hours", "holidays", "make_up_days",
  ]
  static let requiredKeys = ["calendar", "time_zone", "working_hours"]

  var diagnostics: DiagnosticBag

  mutating func read(_ document: YAMLDocument) -> WorkCalendar? {
    let errorsBefore = diagnostics.items.filter { $0.severity == .error }.count
    guard let root = document.root else {
      diagnostics.error("calendar file is empty", at: nil)
      return nil
    }
    guard let mapping = root.mapping else {
      diagnostics.error("a calendar file must be a mapping, found \(root.kindDescription)", at: root.mark)
      return nil
    }
    checkKeys(mapping, allowed: Self.topKeys, required: Self.requiredKeys, context: "calendar")

    let name = mapping["calendar"].flatMap { string($0, key: "calendar") } ?? ""
    if let node = mapping["calendar"], let scalar = node.scalar, name.isEmpty == false,
      !name.unicodeScalars.allSatisfy({ $0.properties.isLowercase || ("0"..."9").contains($0) || $0 == "-" })
    {
      diagnostics.error(
        "calendar name '\(name)' must use lowercase letters, digits and '-'", at: scalar.mark)
    }
    var title = LocalizedText(zh: "", en: "")
    if let node = mapping["title"] { title = readTitle(node) }
    if let node = mapping["source"] { _ = string(node, key: "source") }

    var zoneIdentifier = "UTC"
    if let node = mapping["time_zone"], let identifier = string(node, key: "time_zone") {
      if TimeZoneOffsets.named(identifier) == nil {
        diagnostics.error(
          "unknown time zone '\(identifier)'; expected an IANA name such as Asia/Shanghai", at: node.mark)
      } else {
        zoneIdentifier = identifier
      }
    }

    var covers: ClosedRange<CivilDate>?
    if let node = mapping["covers"] { covers = readCovers(node) }
    var weeklyHours: [[WorkCalendar.WorkingSpan]] = Array(repeating: [], count: 7)
    if let node = mapping["working_hours"] {
      weeklyHours = readWeeklyHours(node)
      if weeklyHours.allSatisfy({ $0.isEmpty }) {
        diagnostics.error("working_hours has no working time on any day", at: node.mark)
      }
    }
    let holidays = readHolidays(mapping["holidays"], covers: covers)
    let makeUpDays = readMakeUpDays(
      mapping["make_up_days"], covers: covers, holidays: holidays, weeklyHours: weeklyHours)
    // A `covers` that was rejected has its own error.
    if mapping["covers"] == nil, let entry = mapping.entry("holidays") ?? mapping.entry("make_up_days") {
      diagnostics.error(
        "'\(entry.key.value)' needs 'covers' (the dates the holiday data is complete for)", at: entry.key.mark
      )
    }

    // A week without working time makes no calendar (its error is reported above); spans and
    // `covers` that `WorkCalendar.problem` would refuse were rejected as they were read.
    guard weeklyHours.contains(where: { !$0.isEmpty }) else { return nil }
    let calendar = WorkCalendar(
      name: name, title: title, timeZoneIdentifier: zoneIdentifier, weeklyHours: weeklyHours,
      holidays: holidays.map { $0.holiday }, makeUpDays: makeUpDays, covers: covers)
    if let covers { checkDaysOff(calendar, covers: covers, holidays: holidays) }
    let errorsAfter = diagnostics.items.filter { $0.severity == .error }.count
    guard errorsAfter == errorsBefore else { return nil }
    return calendar
  }

  /// Reports every stretch of more than `WorkCalendar.daysOffLimit` days without working time,
  /// at the first holiday in it (only holidays make a stretch longer than six days).
  private mutating func checkDaysOff(
    _ calendar: WorkCalendar, covers: ClosedRange<CivilDate>, holidays: [LoadedHoliday]
  ) {
    // Outside `covers` the weekly hours hold, and they work at least one day a week: a stretch
    // reaches at most six days past either end.
    let first = covers.lowerBound.daysSinceEpoch - 6
    let last = covers.upperBound.daysSinceEpoch + 6
    var stretchStart: Int?
    for day in first...(last + 1) {
      if day <= last && calendar.spans(onDay: day).isEmpty {
        if stretchStart == nil { stretchStart = day }
        continue
      }
      guard let start = stretchStart else { continue }
      stretchStart = nil
      let length = day - start
      guard length > WorkCalendar.daysOffLimit else { continue }
      let from = CivilDate(daysSinceEpoch: start)
      let to = CivilDate(daysSinceEpoch: day - 1)
      let holiday = holidays.first { $0.holiday.from <= to && from <= $0.holiday.to }
      diagnostics.error(
        "no working time for \(length) days in a row (\(from) to \(to)); a calendar may have at most \(WorkCalendar.daysOffLimit) days off in a row",
        at: holiday?.mark)
    }
  }

  // MARK: - Parts

  private mutating func readTitle(_ node: YAMLNode) -> LocalizedText {
    if let scalar = node.scalar { return LocalizedText(zh: scalar.value, en: scalar.value) }
    guard let mapping = node.mapping else {
      diagnostics.error(
        "'title' must be a string or a mapping with zh and en, found \(node.kindDescription)", at: node.mark)
      return LocalizedText(zh: "", en: "")
    }
    checkKeys(mapping, allowed: ["zh", "en"], required: [], context: "title")
    return LocalizedText(
      zh: mapping["zh"].flatMap { string($0, key: "zh") } ?? "",
      en: mapping["en"].flatMap { string($0, key: "en") } ?? "")
  }

  private mutating func readCovers(_ node: YAMLNode) -> ClosedRange<CivilDate>? {
    guard let mapping = node.mapping else {
      diagnostics.error(
        "'covers' must be a mapping with from and to, found \(node.kindDescription)", at: node.mark)
      return nil
    }
    checkKeys(mapping, allowed: ["from", "to"], required: ["from", "to"], context: "covers")
    guard let from = mapping["from"].flatMap({ date($0, key: "from") }),
      let to = mapping["to"].flatMap({ date($0, key: "to") })
    else { return nil }
    guard from <= to else {
      diagnostics.error("'covers' ends (\(to)) before it starts (\(from))", at: mapping["to"]?.mark)
      return nil
    }
    let days = to.daysSinceEpoch - from.daysSinceEpoch + 1
    guard days <= WorkCalendar.coversDayLimit else {
      diagnostics.error(
        "'covers' spans \(days) days (\(from) to \(to)); at most \(WorkCalendar.coversDayLimit) (100 years) are allowed",
        at: mapping["to"]?.mark)
      return nil
    }
    return from...to
  }

  private mutating func readWeeklyHours(_ node: YAMLNode) -> [[WorkCalendar.WorkingSpan]] {
    var week: [[WorkCalendar.WorkingSpan]] = Array(repeating: [], count: 7)
    guard let mapping = node.mapping else {
      diagnostics.error(
        "'working_hours' must be a mapping from mon … sun to lists of spans, found \(node.kindDescription)",
        at: node.mark)
      return week
    }
    checkKeys(
      mapping, allowed: WorkCalendar.weekdayKeys, required: WorkCalendar.weekdayKeys, context: "working_hours"
    )
    for (index, key) in WorkCalendar.weekdayKeys.enumerated() {
      guard let dayNode = mapping[key] else { continue }
      if let scalar = dayNode.scalar, scalar.isNull { continue }
      guard let list = dayNode.sequence else {
        diagnostics.error(
          "'\(key)' must be a list of spans such as [\"09:00-18:00\"], found \(dayNode.kindDescription)",
          at: dayNode.mark)
        continue
      }
      var spans: [(WorkCalendar.WorkingSpan, SourceMark)] = []
      for item in list.items {
        guard let text = string(item, key: key) else { continue }
        guard let span = Self.parseSpan(text) else {
          diagnostics.error(
            "invalid working hours '\(text)'; expected HH:MM-HH:MM such as 09:00-18:00 (00:00-24:00 for a whole day)",
            at: item.mark)
          continue
        }
        spans.append((span, item.mark))
      }
      spans.sort { $0.0.startMinute < $1.0.startMinute }
      var merged: [WorkCalendar.WorkingSpan] = []
      for (offset, (span, mark)) in spans.enumerated() {
        if offset > 0, spans[offset - 1].0.endMinute > span.startMinute {
          diagnostics.error("working hours \(spans[offset - 1].0) and \(span) overlap on '\(key)'", at: mark)
          continue
        }
        // Touching spans (09:00-12:00, 12:00-18:00) are one stretch of working time.
        if let last = merged.last, last.endMinute == span.startMinute {
          merged[merged.count - 1].endMinute = span.endMinute
        } else {
          merged.append(span)
        }
      }
      week[index] = merged
    }
    return week
  }

  /// `09:00-18:00` (an en dash or `–` also separates); 24:00 only as an end.
  static func parseSpan(_ text: String) -> WorkCalendar.WorkingSpan? {
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard parts.count == 2, let start = clockMinute(parts[0]), let end = clockMinute(parts[1]),
      start < 1440, start < end
    else { return nil }
    return WorkCalendar.WorkingSpan(startMinute: start, endMinute: end)
  }

  /// `HH:MM` with two digits each, 00:00 … 24:00.
  static func clockMinute(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
      bytes.enumerated().allSatisfy({ $0.offset == 2 || (48...57).contains($0.element) })
    else { return nil }
    let hours = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
    let minutes = Int(bytes[3] - 48) * 10 + Int(bytes[4] - 48)
    guard minutes < 60, hours < 24 || (hours == 24 && minutes == 0) else { return nil }
    return hours * 60 + minutes
  }

  struct LoadedHoliday {
    var holiday: WorkCalendar.Holiday
    var mark: SourceMark
  }

  private mutating func readHolidays(_ node: YAMLNode?, covers: ClosedRange<CivilDate>?) -> [LoadedHoliday] {
    guard let node else { return [] }
    guard let list = node.sequence else {
      diagnostics.error("'holidays' must be a list, found \(node.kindDescription)", at: node.mark)
      return []
    }
    var holidays: [LoadedHoliday] = []
    for item in list.items {
      guard let mapping = item.mapping else {
        diagnostics.error(
          "a holiday must be a mapping with name and from/to (or date), found \(item.kindDescription)",
          at: item.mark)
        continue
      }
      checkKeys(mapping, allowed: ["name", "from", "to", "date"], required: ["name"], context: "holiday")
      let name = mapping["name"].flatMap { string($0, key: "name") } ?? ""
      let from: CivilDate?
      let to: CivilDate?
      if let dateNode = mapping["date"] {
        if mapping["from"] != nil || mapping["to"] != nil {
          diagnostics.error("a holiday has either 'date' or 'from' and 'to', not both", at: dateNode.mark)
        }
        from = date(dateNode, key: "date")
        to = from
      } else if mapping["from"] != nil || mapping["to"] != nil {
        if mapping["from"] == nil || mapping["to"] == nil {
          diagnostics.error("a holiday needs both 'from' and 'to'", at: mapping.mark)
        }
        from = mapping["from"].flatMap { date($0, key: "from") }
        to = mapping["to"].flatMap { date($0, key: "to") }
      } else {
        diagnostics.error("a holiday needs 'date' or 'from' and 'to'", at: mapping.mark)
        continue
      }
      guard let from, let to else { continue }
      guard from <= to else {
        diagnostics.error(
          "holiday '\(name)' ends (\(to)) before it starts (\(from))", at: mapping["to"]?.mark)
        continue
      }
      if let covers, !(covers.contains(from) && covers.contains(to)) {
        diagnostics.error(
          "holiday '\(name)' (\(from) to \(to)) lies outside covers (\(covers.lowerBound) to \(covers.upperBound))",
          at: mapping.mark)
        continue
      }
      holidays.append(
        LoadedHoliday(holiday: WorkCalendar.Holiday(name: name, from: from, to: to), mark: mapping.mark))
    }
    let sorted = holidays.sorted { $0.holiday.from < $1.holiday.from }
    for index in sorted.indices.dropFirst() where sorted[index - 1].holiday.to >= sorted[index].holiday.from {
      diagnostics.error(
        "holiday '\(sorted[index].holiday.name)' overlaps holiday '\(sorted[index - 1].holiday.name)' on \(sorted[index].holiday.from)",
        at: sorted[index].mark)
    }
    return holidays
  }

  private mutating func readMakeUpDays(
    _ node: YAMLNode?, covers: ClosedRange<CivilDate>?, holidays: [LoadedHoliday],
    weeklyHours: [[WorkCalendar.WorkingSpan]]
  ) -> [WorkCalendar.MakeUpDay] {
    guard let node else { return [] }
    guard let list = node.sequence else {
      diagnostics.error("'make_up_days' must be a list, found \(node.kindDescription)", at: node.mark)
      return []
    }
    var days: [WorkCalendar.MakeUpDay] = []
    // Look-ups instead of a scan of the holidays and of the days so far for each entry: a file of
    // thousands of entries stays linear.
    let holidayIndex = HolidayIndex(holidays)
    var listed: Set<CivilDate> = []
    for item in list.items {
      guard let mapping = item.mapping else {
        diagnostics.error(
          "a make-up day must be a mapping with date and name, found \(item.kindDescription)", at: item.mark)
        continue
      }
      checkKeys(
        mapping, allowed: ["date", "name", "hours_of"], required: ["date", "name"], context: "make-up day")
      let name = mapping["name"].flatMap { string($0, key: "name") } ?? ""
      var weekday = 1
      if let hoursNode = mapping["hours_of"], let key = string(hoursNode, key: "hours_of") {
        if let index = WorkCalendar.weekdayKeys.firstIndex(of: key) {
          weekday = index + 1
          if weeklyHours[index].isEmpty {
            diagnostics.error("'hours_of: \(key)' names a day without working hours", at: hoursNode.mark)
          }
        } else {
          diagnostics.error(
            "unknown weekday '\(key)'\(Suggestions.didYouMean(key, in: WorkCalendar.weekdayKeys)); expected mon … sun",
            at: hoursNode.mark)
        }
      }
      guard let dateNode = mapping["date"], let day = date(dateNode, key: "date") else { continue }
      if let covers, !covers.contains(day) {
        diagnostics.error(
          "make-up day \(day) lies outside covers (\(covers.lowerBound) to \(covers.upperBound))",
          at: dateNode.mark)
        continue
      }
      if let holiday = holidayIndex.holiday(containing: day) {
        diagnostics.error(
          "\(day) is both a holiday ('\(holiday.holiday.name)') and a make-up working day", at: dateNode.mark)
        continue
      }
      if !listed.insert(day).inserted {
        diagnostics.error("make-up day \(day) is listed twice", at: dateNode.mark)
        continue
      }
      if !weeklyHours[day.weekday - 1].isEmpty {
        diagnostics.warning(
          "make-up day \(day) is a \(WorkCalendar.weekdayKeys[day.weekday - 1]), already a working day",
          at: dateNode.mark)
      }
      days.append(WorkCalendar.MakeUpDay(date: day, name: name, hoursOfWeekday: weekday))
    }
    return days
  }

  /// Holidays sorted by first day, each position with the holiday that ends last among it and
  /// those before: the holiday containing a day is found by one binary search.
  struct HolidayIndex {
    private let sorted: [LoadedHoliday]
    private let latestEnding: [Int]

    init(_ holidays: [LoadedHoliday]) {
      let ordered = holidays.sorted { $0.holiday.from < $1.holiday.from }
      var latest: [Int] = []
      latest.reserveCapacity(ordered.count)
      for index in ordered.indices {
        if let previous = latest.last, ordered[previous].holiday.to >= ordered[index].holiday.to {
          latest.append(previous)
        } else {
          latest.append(index)
        }
      }
      sorted = ordered
      latestEnding = latest
    }

    /// A holiday from `from` to `to` with `from <= day <= to`, if any.
    func holiday(containing day: CivilDate) -> LoadedHoliday? {
      var low = 0
      var high = sorted.count
      while low < high {
        let middle = (low + high) / 2
        if sorted[middle].holiday.from <= day { low = middle + 1 } else { high = middle }
      }
      // sorted[..<low] start on or before `day`; the one among them ending last decides.
      guard low > 0 else { return nil }
      let candidate = sorted[latestEnding[low - 1]]
      return candidate.holiday.to >= day ? candidate : nil
    }
  }

  // MARK: - Scalars and keys

  private mutating func checkKeys(
    _ mapping: YAMLMapping, allowed: [String], required: [String], context: String
  ) {
    for entry in mapping.entries where !allowed.contains(entry.key.value) {
      let suggestion = Suggestions.didYouMean(entry.key.value, in: allowed)
      let hint =
        mapping.strayCommaHint(entry)
        ?? (suggestion.isEmpty ? "; expected one of \(allowed.joined(separator: ", "))" : suggestion)
      diagnostics.error("unknown key '\(entry.key.value)' in \(context)\(hint)", at: entry.key.mark)
    }
    for key in required where mapping[key] == nil {
      diagnostics.error("missing required key '\(key)' in \(context)", at: mapping.mark)
    }
  }

  private mutating func string(_ node: YAMLNode, key: String) -> String? {
    guard let scalar = node.scalar, !scalar.isNull else {
      let found = node.scalar != nil ? "nothing" : node.kindDescription
      diagnostics.error("'\(key)' must be a string, found \(found)", at: node.mark)
      return nil
    }
    return scalar.value
  }

  private mutating func date(_ node: YAMLNode, key: String) -> CivilDate? {
    guard let text = string(node, key: key) else { return nil }
    guard let date = CivilDate.parse(text) else {
      diagnostics.error("invalid date '\(text)' for '\(key)'; expected YYYY-MM-DD", at: node.mark)
      return nil
    }
    return date
  }
}

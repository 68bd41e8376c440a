/// A calendar a rule counts time in: working hours per weekday, holidays, make-up working days
/// (调休) and a time zone. `WorkCalendar.continuous(timeZoneIdentifier:)` is plain calendar time (24/7).
///
/// A day's working time is, in order of precedence: nothing on a holiday; the hours of the make-up
/// day's `hoursOfWeekday` on a make-up working day; otherwise the weekly hours of its weekday.
/// Holidays and make-up days are only known inside `covers`; outside it the weekly hours hold and
/// deadlines counted there carry `outsideCalendarData` so the checker can warn.
/// Every day is looked up in a table built once, so counting never touches Foundation's `Calendar`.
public struct WorkCalendar: Sendable {
  /// One stretch of working time in a day, in minutes after local midnight (`0..<1440`, end up to 1440).
  public struct WorkingSpan: Sendable, Hashable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) {
      self.startMinute = startMinute
      self.endMinute = endMinute
    }
    /// `09:00-18:00`
    public var description: String { "\(Self.clock(startMinute))-\(Self.clock(endMinute))" }
    static func clock(_ minute: Int) -> String {
      "\(CivilDate.twoDigits(minute / 60)):\(CivilDate.twoDigits(minute % 60))"
    }
    var startMilliseconds: Int64 { Int64(startMinute) * Timestamp.millisecondsPerMinute }
    var endMilliseconds: Int64 { Int64(endMinute) * Timestamp.millisecondsPerMinute }
  }

  /// Days off even when they fall on a weekday with working hours.
  public struct Holiday: Sendable, Hashable {
    public var name: String
    public var from: CivilDate
    public var to: CivilDate
    public init(name: String, from: CivilDate, to: CivilDate) {
      self.name = name
      self.from = from
      self.to = to
    }
  }

  /// A day worked in exchange for a holiday (调休), with the hours of `hoursOfWeekday` (ISO 1 = Monday).
  public struct MakeUpDay: Sendable, Hashable {
    public var date: CivilDate
    public var name: String
    public var hoursOfWeekday: Int
    public init(date: CivilDate, name: String, hoursOfWeekday: Int = 1) {
      self.date = date
      self.name = name
      self.hoursOfWeekday = hoursOfWeekday
    }
  }

  /// All of a calendar's data in one immutable box: copying a calendar (every deadline judgement
  /// keeps one) then costs one reference count instead of one per table.
  private final class Storage: Sendable {
    let name: String
    let timeZoneIdentifier: String
    let title: LocalizedText
    let weeklyHours: [[WorkingSpan]]
    let holidays: [Holiday]
    let makeUpDays: [MakeUpDay]
    let covers: ClosedRange<CivilDate>?
    let zone: TimeZoneOffsets
    /// First day (since 1970-01-01) of `dayHours`.
    let tableStart: Int
    /// Per day of `covers`: -1 off, else the index (0 = Monday) of the weekday whose hours apply.
    let dayHours: [Int8]
    /// The UTC instants of the local midnights that start and end `covers` (the whole time line
    /// without holiday data), so a count is checked against them by two comparisons.
    let dataStart: Int64
    let dataEnd: Int64
    /// Working time of a whole week of weekly hours (every weekday once).
    let weeklyMilliseconds: Int64
    /// Weekdays with working hours.
    let workingWeekdays: Int
    /// Local day numbers before which, and from which on, the zone keeps one offset.
    let steadyDays: (before: Int, from: Int)

    init(
      name: String, title: LocalizedText, timeZoneIdentifier: String, weeklyHours: [[WorkingSpan]],
      holidays: [Holiday], makeUpDays: [MakeUpDay], covers: ClosedRange<CivilDate>?
    ) {
      self.name = name
      self.title = title
      self.timeZoneIdentifier = timeZoneIdentifier
      let zone = TimeZoneOffsets.named(timeZoneIdentifier) ?? .utc
      self.zone = zone
      var week = Array(weeklyHours.prefix(7))
      while week.count < 7 { week.append([]) }
      self.weeklyHours = week.map { $0.sorted { $0.startMinute < $1.startMinute } }
      weeklyMilliseconds = week.joined().reduce(0) { $0 + $1.endMilliseconds - $1.startMilliseconds }
      workingWeekdays = week.filter { !$0.isEmpty }.count
      steadyDays = zone.steadyLocalDays
      self.holidays = holidays
      self.makeUpDays = makeUpDays
      self.covers = covers
      guard let covers else {
        tableStart = 0
        dayHours = []
        dataStart = .min
        dataEnd = .max
        return
      }
      let first = covers.lowerBound.daysSinceEpoch
      let last = covers.upperBound.daysSinceEpoch
      var table = [Int8](repeating: 0, count: last - first + 1)
      for index in table.indices { table[index] = Int8(CivilDate.weekday(daysSinceEpoch: first + index) - 1) }
      for makeUp in makeUpDays {
        let index = makeUp.date.daysSinceEpoch - first
        if table.indices.contains(index), (1...7).contains(makeUp.hoursOfWeekday) {
          table[index] = Int8(makeUp.hoursOfWeekday - 1)
        }
      }
      for holiday in holidays {
        let from = max(holiday.from.daysSinceEpoch - first, 0)
        let to = min(holiday.to.daysSinceEpoch - first, table.count - 1)
        if from <= to { for index in from...to { table[index] = -1 } }
      }
      tableStart = first
      dayHours = table
      dataStart = zone.utcMilliseconds(fromLocal: Int64(first) * Timestamp.millisecondsPerDay)
      dataEnd = zone.utcMilliseconds(fromLocal: Int64(last + 1) * Timestamp.millisecondsPerDay)
    }

    func with(name: String? = nil, title: LocalizedText? = nil, timeZoneIdentifier: String? = nil) -> Storage
    {
      Storage(
        name: name ?? self.name, title: title ?? self.title,
        timeZoneIdentifier: timeZoneIdentifier ?? self.timeZoneIdentifier, weeklyHours: weeklyHours,
        holidays: holidays, makeUpDays: makeUpDays, covers: covers)
    }
  }

  private var storage: Storage

  public var name: String {
    get { storage.name }
    set { storage = storage.with(name: newValue) }
  }
  /// The IANA zone in which days and hours are read; an unknown identifier reads as UTC
  /// (`WorkCalendar.load` rejects unknown zones, so this only happens to hand-built calendars).
  public var timeZoneIdentifier: String {
    get { storage.timeZoneIdentifier }
    set { storage = storage.with(timeZoneIdentifier: newValue) }
  }
  public var title: LocalizedText {
    get { storage.title }
    set { storage = storage.with(title: newValue) }
  }
  /// Working spans for ISO weekdays 1 (Monday) … 7 (Sunday) at indexes 0 … 6, sorted, not overlapping.
  public var weeklyHours: [[WorkingSpan]] { storage.weeklyHours }
  public var holidays: [Holiday] { storage.holidays }
  public var makeUpDays: [MakeUpDay] { storage.makeUpDays }
  /// The days the holiday data is known for; nil when the calendar has no holiday data at all.
  public var covers: ClosedRange<CivilDate>? { storage.covers }

  var zone: TimeZoneOffsets { storage.zone }
  var dataStart: Int64 { storage.dataStart }
  var dataEnd: Int64 { storage.dataEnd }
  private var tableStart: Int { storage.tableStart }
  private var dayHours: [Int8] { storage.dayHours }

  /// Builds a calendar; overlapping data is resolved holiday-first (use `load` for validated input).
  /// Stops the program when `problem(weeklyHours:covers:)` finds the week or `covers` unusable:
  /// `load` reports each of those as an error in the file, so only a calendar built in code can.
  public init(
    name: String, title: LocalizedText = LocalizedText(zh: "", en: ""), timeZoneIdentifier: String,
    weeklyHours: [[WorkingSpan]], holidays: [Holiday] = [], makeUpDays: [MakeUpDay] = [],
    covers: ClosedRange<CivilDate>? = nil
  ) {
    if let problem = Self.problem(weeklyHours: weeklyHours, covers: covers) {
      preconditionFailure("calendar \(name): \(problem)")
    }
    storage = Storage(
      name: name, title: title, timeZoneIdentifier: timeZoneIdentifier, weeklyHours: weeklyHours,
      holidays: holidays, makeUpDays: makeUpDays, covers: covers)
  }

  /// Why a week of working hours and a `covers` cannot make a calendar, or nil when they can.
  /// Counting relies on both: every day's spans lie inside the day without overlapping, and some
  /// weekday works, so that every count ends (outside `covers` only the weekly hours apply); the
  /// day table of `covers`, which counts walk day by day, holds at most `coversDayLimit` days.
  public static func problem(weeklyHours: [[WorkingSpan]], covers: ClosedRange<CivilDate>?) -> String? {
    if let covers {
      let days = covers.upperBound.daysSinceEpoch - covers.lowerBound.daysSinceEpoch + 1
      if days > coversDayLimit { return "covers spans \(days) days; at most \(coversDayLimit) are allowed" }
    }
    for (weekday, spans) in zip(weekdayKeys, weeklyHours) {
      let sorted = spans.sorted { $0.startMinute < $1.startMinute }
      for (index, span) in sorted.enumerated() {
        guard span.startMinute >= 0, span.startMinute < span.endMinute, span.endMinute <= 1440 else {
          return
            "working span of minutes \(span.startMinute)-\(span.endMinute) on \(weekday) is not a stretch of one day"
        }
        if index > 0, sorted[index - 1].endMinute > span.startMinute {
          return "working spans \(sorted[index - 1]) and \(span) overlap on \(weekday)"
        }
      }
    }
    if weeklyHours.prefix(7).allSatisfy(\.isEmpty) { return "no weekday has working hours" }
    return nil
  }

  /// Plain calendar time in a zone: every minute counts.
  public static func continuous(timeZoneIdentifier: String) -> WorkCalendar {
    WorkCalendar(
      name: "continuous", title: LocalizedText(zh: "自然时间（全天候）", en: "continuous time (24/7)"),
      timeZoneIdentifier: timeZoneIdentifier,
      weeklyHours: Array(repeating: [WorkingSpan(startMinute: 0, endMinute: 1440)], count: 7))
  }

  /// The same calendar with another time zone (a dataset's zone overrides the rule's default).
  public func withTimeZone(_ identifier: String) -> WorkCalendar {
    var copy = self
    copy.timeZoneIdentifier = identifier
    return copy
  }

  public func isWorkingDay(_ date: CivilDate) -> Bool { !spans(onDay: date.daysSinceEpoch).isEmpty }

  /// The holiday that makes `date` a day off, if any.
  public func holiday(on date: CivilDate) -> Holiday? { holidays.first { $0.from <= date && date <= $0.to } }

  /// The make-up working day (调休) on `date`, if any.
  public func makeUpDay(on date: CivilDate) -> MakeUpDay? { makeUpDays.first { $0.date == date } }

  /// The civil date of an instant in this calendar's zone.
  public func civilDate(of t: Timestamp) -> CivilDate {
    CivilDate(daysSinceEpoch: localPosition(of: t.milliseconds).day)
  }

  /// Minutes after local midnight of an instant in this calendar's zone.
  public func minuteOfDay(of t: Timestamp) -> Int {
    Int(localPosition(of: t.milliseconds).millisecond / Timestamp.millisecondsPerMinute)
  }

  /// The instant of a civil date and minute of day in this zone (minute 1440 is the next midnight).
  public func timestamp(of date: CivilDate, minuteOfDay: Int) -> Timestamp {
    Timestamp(
      milliseconds: instant(
        day: date.daysSinceEpoch, millisecond: Int64(minuteOfDay) * Timestamp.millisecondsPerMinute))
  }

  /// The zone's offset from UTC at an instant, in seconds (for `ISO8601Text.local`).
  public func offsetSeconds(at t: Timestamp) -> Int {
    Int(zone.offsetMilliseconds(atUTC: t.milliseconds) / 1000)
  }

  // MARK: - Day table (hot path)

  /// Local day number and millisecond of that day of a UTC instant.
  @inline(__always)
  func localPosition(of utc: Int64) -> (day: Int, millisecond: Int64) {
    // Instants beyond ±100,000 years (only from corrupt input) are held there, so that the
    // arithmetic below cannot overflow.
    let held = min(max(utc, -Self.instantLimit), Self.instantLimit)
    let (day, millisecond) = floorDivision(
      zone.localMilliseconds(fromUTC: held), Timestamp.millisecondsPerDay)
    return (Int(day), millisecond)
  }

  /// The UTC instant of a local day and millisecond of that day.
  @inline(__always)
  func instant(day: Int, millisecond: Int64) -> Int64 {
    let heldDay = Int64(min(max(day, -Self.dayNumberLimit), Self.dayNumberLimit))
    return zone.utcMilliseconds(fromLocal: heldDay * Timestamp.millisecondsPerDay + millisecond)
  }

  /// The most days a count passes: a million working hours on a calendar that works one minute
  /// a week (60 million weeks, 1.15 million years), plus every day of the holiday data and a week
  /// at either end.
  static let longestCountDays = PolicyDuration.maximumAmount * 60 * 7 + coversDayLimit + 14
  /// Local day numbers of every instant within 100,000 years of 1970 and of any count from one.
  static let dayNumberLimit = 36_525_000 + longestCountDays
  /// The instants of `dayNumberLimit` days (1.25 million years) in milliseconds; anything further
  /// comes only from corrupt input.
  static let instantLimit = Int64(dayNumberLimit) * Timestamp.millisecondsPerDay

  /// The working spans of a local day.
  @inline(__always)
  func spans(onDay day: Int) -> [WorkingSpan] {
    let index = day - tableStart
    if index >= 0 && index < dayHours.count {
      let hours = dayHours[index]
      return hours < 0 ? [] : weeklyHours[Int(hours)]
    }
    return weeklyHours[CivilDate.weekday(daysSinceEpoch: day) - 1]
  }

  var weeklyMilliseconds: Int64 { storage.weeklyMilliseconds }

  /// Weekdays with working hours: the working days of any seven days in a row outside `covers`.
  var workingWeekdays: Int { storage.workingWeekdays }

  /// Days in a row from `day` on (itself included, towards later days for `step` 1 and earlier
  /// ones for -1) outside the holiday data, where only the weekly hours apply; `unbounded` for
  /// as many as any count can pass.
  func daysOutsideData(from day: Int, step: Int) -> Int {
    if dayHours.isEmpty { return Self.unbounded }
    let tableEnd = tableStart + dayHours.count
    if day < tableStart { return step > 0 ? tableStart - day : Self.unbounded }
    if day >= tableEnd { return step > 0 ? Self.unbounded : day - tableEnd + 1 }
    return 0
  }

  /// How many of `daysOutsideData(from:step:)` also keep one fixed UTC offset, so that each week
  /// of them holds `weeklyMilliseconds` of working time.
  func weeklyDays(from day: Int, step: Int) -> Int {
    let steady = storage.steadyDays
    let sameOffset: Int
    if step > 0 {
      sameOffset = day >= steady.from ? Self.unbounded : day < steady.before ? steady.before - day : 0
    } else if day < steady.before || steady.from == .min {
      sameOffset = Self.unbounded
    } else {
      sameOffset = day >= steady.from ? day - steady.from + 1 : 0
    }
    return min(daysOutsideData(from: day, step: step), sameOffset)
  }

  /// More days than any count passes.
  static let unbounded = 2 * dayNumberLimit

  /// True when the calendar has holiday data and `day` lies outside it.
  @inline(__always)
  func isOutsideData(_ day: Int) -> Bool {
    covers != nil && (day < tableStart || day >= tableStart + dayHours.count)
  }

  /// A day that works only because of a make-up entry: its weekday alone would be off.
  @inline(__always)
  func isMakeUpWorkingDay(_ day: Int) -> Bool {
    let index = day - tableStart
    guard index >= 0 && index < dayHours.count, dayHours[index] >= 0 else { return false }
    return weeklyHours[CivilDate.weekday(daysSinceEpoch: day) - 1].isEmpty
      && !weeklyHours[Int(dayHours[index])].isEmpty
  }
}

/// Counting durations on a calendar. The rules (also in Rules/README.md):
///
/// - `m`, `h`, `d`, `w` are fixed lengths: due = start + amount × 1 min / 1 h / 24 h / 7 × 24 h,
///   real elapsed time even across a daylight-saving change; the calendar is not consulted.
/// - `months`: the same local clock time N calendar months later, clamped to the month's end
///   (2024-01-31 10:00 + 1 month = 2024-02-29 10:00).
/// - `same day`: due at the end of the start's local day (the next local midnight), so an event at
///   23:59:59 is in time.
/// - `next working day`: due at the end (next local midnight) of the first working day after the
///   start's local date (Mon 2024-09-30 ⇒ end of Tue 2024-10-08 over 国庆).
/// - `working hours`: only time inside working spans counts; a start outside working time starts
///   counting at the next working moment. A count that ends exactly at a span's end is due then
///   (18:00), not at the next opening.
/// - `working days`: the start moves to the next working moment (itself when inside working time),
///   then N working days are added keeping that local clock time. Thu 16:00 + 2 working days is
///   the second working day after Thursday at 16:00; Fri 20:00 + 1 working day is the next working
///   day's opening (Mon 09:00) plus one working day, i.e. Tue 09:00.
///
/// A result is "in time" when the event happens at or before `due`. `latestStart(before:leading:)`
/// mirrors every rule backwards: the previous working moment is the end of the last span before,
/// N working days are taken back keeping that clock time, and a result at a closing time moves to
/// the next opening (the same working moment, later on the wall clock): Mon 08:00 − 1 working day
/// is Fri 09:00.
extension WorkCalendar {
  /// A long count walks day by day through the holiday data and its last 53 weeks (so the days off
  /// of any count up to a year are listed in full); the weeks before those, where only the weekly
  /// hours apply, are counted at once. A million working days or hours then cost as few steps as
  /// a year, and every count ends: `WorkCalendar.init` requires a weekday with working time.
  private static let steppedWeeks = 53

  /// The due instant of `duration` counted from `start`, with its derivation for evidence.
  public func deadline(from start: Timestamp, adding duration: PolicyDuration) -> DeadlineComputation {
    var result = DeadlineComputation(start: start, duration: duration, calendarName: name, due: start)
    if duration.amount < 0 && !duration.unit.isFixed && duration.unit != .months {
      let mirrored = latestStart(
        before: start, leading: PolicyDuration(amount: -duration.amount, unit: duration.unit))
      result.due = mirrored.due
      result.skippedDays = mirrored.skippedDays
      result.makeUpDays = mirrored.makeUpDays
      result.outsideCalendarData = mirrored.outsideCalendarData
      return result
    }
    var walk = DayWalk()
    result.due = Timestamp(milliseconds: dueMilliseconds(from: start, adding: duration, walk: &walk))
    result.skippedDays = walk.skipped
    result.makeUpDays = walk.makeUps
    result.outsideCalendarData = walk.outside
    return result
  }

  /// The due instant of `deadline(from:adding:)` alone: the same count, without listing the days
  /// it passed. Checks judge most cases by the due time only and phrase its derivation for the
  /// few they report, so listing the days is left to those.
  public func due(from start: Timestamp, adding duration: PolicyDuration) -> Timestamp {
    if duration.amount < 0 && !duration.unit.isFixed && duration.unit != .months {
      return deadline(from: start, adding: duration).due
    }
    var walk = DayWalk(recording: false)
    return Timestamp(milliseconds: dueMilliseconds(from: start, adding: duration, walk: &walk))
  }

  /// The forward count of `deadline(from:adding:)` for a duration that is not negative (or fixed).
  private func dueMilliseconds(from start: Timestamp, adding duration: PolicyDuration, walk: inout DayWalk)
    -> Int64
  {
    let (startDay, startMillisecond) = localPosition(of: start.milliseconds)
    switch duration.unit {
    case .minutes, .hours, .days, .weeks:
      return saturatingSum(start.milliseconds, duration.fixedMilliseconds ?? 0)
    case .months:
      let target = CivilDate(daysSinceEpoch: startDay).adding(months: duration.amount)
      return instant(day: target.daysSinceEpoch, millisecond: startMillisecond)
    case .sameDay:
      return instant(day: startDay + 1, millisecond: 0)
    case .nextWorkingDay:
      walk.note(startDay, calendar: self)
      let day = walkWorkingDays(
        from: startDay, count: max(duration.amount, 1), direction: .forward, walk: &walk)
      walk.addNaiveSkips(after: day, direction: .forward, calendar: self)
      return instant(day: day + 1, millisecond: 0)
    case .workingHours:
      let due = countWorkingTimeForward(
        from: start.milliseconds, day: startDay, millisecond: startMillisecond,
        amount: Int64(duration.amount) * Timestamp.millisecondsPerHour, walk: &walk)
      walk.addNaiveSkips(after: localPosition(of: due).day, direction: .forward, calendar: self)
      return due
    case .workingDays:
      let (firstDay, clock) = nextWorkingMoment(day: startDay, millisecond: startMillisecond, walk: &walk)
      let day = walkWorkingDays(from: firstDay, count: duration.amount, direction: .forward, walk: &walk)
      walk.addNaiveSkips(after: day, direction: .forward, calendar: self)
      return instant(day: day, millisecond: clock)
    }
  }

  /// The latest instant that is still `duration` before `end` (for lead checks: "notify at least
  /// 14 days / 1 month / 1 working day before X" is met when the notice is at or before `due`).
  /// The result's `start` is `end`, its `due` the latest start, its `direction` `.backward`.
  public func latestStart(before end: Timestamp, leading duration: PolicyDuration) -> DeadlineComputation {
    var result = DeadlineComputation(
      start: end, duration: duration, calendarName: name, due: end, direction: .backward)
    if duration.amount < 0 && !duration.unit.isFixed && duration.unit != .months {
      var forward = deadline(from: end, adding: PolicyDuration(amount: -duration.amount, unit: duration.unit))
      forward.direction = .backward
      forward.duration = duration
      return forward
    }
    let (endDay, endMillisecond) = localPosition(of: end.milliseconds)
    var walk = DayWalk()
    switch duration.unit {
    case .minutes, .hours, .days, .weeks:
      result.due = Timestamp(
        milliseconds: saturatingSum(end.milliseconds, -(duration.fixedMilliseconds ?? 0)))
      return result
    case .months:
      let target = CivilDate(daysSinceEpoch: endDay).adding(months: -duration.amount)
      result.due = Timestamp(milliseconds: instant(day: target.daysSinceEpoch, millisecond: endMillisecond))
      return result
    case .sameDay:
      result.due = Timestamp(milliseconds: instant(day: endDay, millisecond: 0))
      return result
    case .nextWorkingDay:
      walk.note(endDay, calendar: self)
      let day = walkWorkingDays(
        from: endDay, count: max(duration.amount, 1), direction: .backward, walk: &walk)
      result.due = Timestamp(milliseconds: instant(day: day, millisecond: 0))
      walk.addNaiveSkips(after: day, direction: .backward, calendar: self)
    case .workingHours:
      result.due = Timestamp(
        milliseconds: countWorkingTimeBackward(
          from: end.milliseconds, day: endDay, millisecond: endMillisecond,
          amount: Int64(duration.amount) * Timestamp.millisecondsPerHour, walk: &walk))
      walk.addNaiveSkips(
        after: localPosition(of: result.due.milliseconds).day, direction: .backward, calendar: self)
    case .workingDays:
      var (day, clock) = previousWorkingMoment(day: endDay, millisecond: endMillisecond, walk: &walk)
      day = walkWorkingDays(from: day, count: duration.amount, direction: .backward, walk: &walk)
      // A closing time (Thu 18:00) is the same working moment as the next opening (Fri 09:00);
      // the later wall-clock instant is the latest start, so a notice at Fri 09:00 is not flagged.
      if let lastSpan = spans(onDay: day).last, clock >= lastSpan.endMilliseconds {
        var ignored = DayWalk()
        (day, clock) = nextWorkingMoment(day: day, millisecond: clock, walk: &ignored)
      }
      result.due = Timestamp(milliseconds: instant(day: day, millisecond: clock))
      walk.addNaiveSkips(after: day, direction: .backward, calendar: self)
    }
    result.skippedDays = walk.skipped.reversed()
    result.makeUpDays = walk.makeUps.reversed()
    result.outsideCalendarData = walk.outside
    return result
  }

  /// The day `count` working days after (or before) `day`, each day passed noted in `walk` (but
  /// for the whole weeks outside the holiday data a long count takes at once).
  private func walkWorkingDays(
    from day: Int, count: Int, direction: DeadlineComputation.Direction, walk: inout DayWalk
  ) -> Int {
    let step = direction == .forward ? 1 : -1
    let perWeek = workingWeekdays
    var day = day
    var remaining = count
    while remaining > 0 {
      if remaining > perWeek * Self.steppedWeeks {
        // Any seven days in a row outside the data hold each weekday once.
        let weeks = min(
          daysOutsideData(from: day + step, step: step) / 7, remaining / perWeek - Self.steppedWeeks)
        if weeks > 0 {
          day += step * 7 * weeks
          remaining -= perWeek * weeks
          walk.note(day, calendar: self)
          continue
        }
      }
      day += step
      if walk.step(day, calendar: self) { remaining -= 1 }
    }
    return day
  }

  /// The whole weeks of weekly hours at one UTC offset (`weeklyDays`) that a working-time count
  /// with `remaining` left takes at once from `day` on, in the direction of `step`.
  private func weeksCountedAtOnce(from day: Int, step: Int, remaining: Int64) -> Int {
    guard remaining > weeklyMilliseconds * Int64(Self.steppedWeeks) else { return 0 }
    let wanted = remaining / weeklyMilliseconds - Int64(Self.steppedWeeks)
    return Int(min(Int64(weeklyDays(from: day, step: step) / 7), wanted))
  }

  /// Working time in milliseconds between two instants (0 if end ≤ start).
  public func workingMilliseconds(from start: Timestamp, to end: Timestamp) -> Int64 {
    countWorkingMilliseconds(from: start, to: end).milliseconds
  }

  /// Whether any working time lies between two instants: `workingMilliseconds(…) > 0`, stopping
  /// at the first working span.
  public func hasWorkingTime(from start: Timestamp, to end: Timestamp) -> Bool {
    countWorkingMilliseconds(from: start, to: end, stoppingAt: 1).milliseconds > 0
  }

  /// `workingMilliseconds` and the days it looked at one by one (what the count costs), stopping
  /// once `limit` is reached. The instants come from data (a due time and an event thousands of
  /// years later), so whole weeks where only the weekly hours apply at one UTC offset (outside
  /// `covers` and the zone's changes of 1900–2100) are counted at once: at most the days of
  /// `covers`, of the zone's table and a week at either end are visited.
  func countWorkingMilliseconds(from start: Timestamp, to end: Timestamp, stoppingAt limit: Int64 = .max)
    -> (milliseconds: Int64, daysVisited: Int)
  {
    guard end > start else { return (0, 0) }
    let firstDay = localPosition(of: start.milliseconds).day
    let lastDay = localPosition(of: end.milliseconds).day
    var total: Int64 = 0
    var visited = 0
    var day = firstDay
    while day <= lastDay && total < limit {
      // Days strictly between the first and the last are worked whole.
      let weeks = day > firstDay ? min(weeklyDays(from: day, step: 1), lastDay - day) / 7 : 0
      if weeks > 0 {
        total += Int64(weeks) * weeklyMilliseconds
        day += weeks * 7
        continue
      }
      visited += 1
      for span in spans(onDay: day) {
        let spanStart = max(instant(day: day, millisecond: span.startMilliseconds), start.milliseconds)
        let spanEnd = min(instant(day: day, millisecond: span.endMilliseconds), end.milliseconds)
        if spanEnd > spanStart { total += spanEnd - spanStart }
      }
      day += 1
    }
    return (total, visited)
  }

  // MARK: - Walking spans

  /// The first working moment at or after a local position: the position itself inside a span,
  /// else the next span's opening. Returns the day and the local millisecond of that day.
  private func nextWorkingMoment(day startDay: Int, millisecond: Int64, walk: inout DayWalk) -> (Int, Int64) {
    var day = startDay
    var floor = millisecond
    walk.note(day, calendar: self)
    // Ends: outside the data a working weekday comes within a week.
    while true {
      for span in spans(onDay: day) where span.endMilliseconds > floor {
        return (day, max(floor, span.startMilliseconds))
      }
      day += 1
      floor = 0
      _ = walk.step(day, calendar: self)
    }
  }

  /// The last working moment at or before a local position: the position itself when it is inside
  /// a span or at its end, else the end of the previous span.
  private func previousWorkingMoment(day endDay: Int, millisecond: Int64, walk: inout DayWalk) -> (Int, Int64)
  {
    var day = endDay
    var ceiling = millisecond
    walk.note(day, calendar: self)
    while true {
      for span in spans(onDay: day).reversed() where span.startMilliseconds < ceiling {
        return (day, min(ceiling, span.endMilliseconds))
      }
      day -= 1
      ceiling = Timestamp.millisecondsPerDay
      _ = walk.step(day, calendar: self)
    }
  }

  private func countWorkingTimeForward(
    from start: Int64, day startDay: Int, millisecond: Int64, amount: Int64, walk: inout DayWalk
  ) -> Int64 {
    var remaining = amount
    var day = startDay
    var floor = millisecond
    walk.note(day, calendar: self)
    while true {
      for span in spans(onDay: day) where span.endMilliseconds > floor {
        if day == startDay { walk.noteMakeUpStart(day, calendar: self) }
        let segmentStart =
          floor > span.startMilliseconds ? start : instant(day: day, millisecond: span.startMilliseconds)
        let segmentEnd = instant(day: day, millisecond: span.endMilliseconds)
        if remaining <= segmentEnd - segmentStart { return segmentStart + remaining }
        remaining -= segmentEnd - segmentStart
      }
      day += 1
      floor = 0
      let weeks = weeksCountedAtOnce(from: day, step: 1, remaining: remaining)
      if weeks > 0 {
        remaining -= Int64(weeks) * weeklyMilliseconds
        day += 7 * weeks
        walk.note(day - 1, calendar: self)
      }
      _ = walk.step(day, calendar: self)
    }
  }

  private func countWorkingTimeBackward(
    from end: Int64, day endDay: Int, millisecond: Int64, amount: Int64, walk: inout DayWalk
  ) -> Int64 {
    var remaining = amount
    var day = endDay
    var ceiling = millisecond
    walk.note(day, calendar: self)
    while true {
      for span in spans(onDay: day).reversed() where span.startMilliseconds < ceiling {
        if day == endDay { walk.noteMakeUpStart(day, calendar: self) }
        let segmentEnd =
          ceiling < span.endMilliseconds ? end : instant(day: day, millisecond: span.endMilliseconds)
        let segmentStart = instant(day: day, millisecond: span.startMilliseconds)
        if remaining <= segmentEnd - segmentStart { return segmentEnd - remaining }
        remaining -= segmentEnd - segmentStart
      }
      day -= 1
      ceiling = Timestamp.millisecondsPerDay
      let weeks = weeksCountedAtOnce(from: day, step: -1, remaining: remaining)
      if weeks > 0 {
        remaining -= Int64(weeks) * weeklyMilliseconds
        day -= 7 * weeks
        walk.note(day + 1, calendar: self)
      }
      _ = walk.step(day, calendar: self)
    }
  }
}

/// `a + b`, held at the ends of `Int64` instead of trapping on absurd input instants.
func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
}

/// The days a count passed: skipped days off, make-up days that counted, and whether any lay
/// outside the calendar's holiday data.
struct DayWalk {
  var skipped: [CivilDate] = []
  var makeUps: [CivilDate] = []
  var outside = false
  /// Whether the days are listed (`skipped`, `makeUps`); a walk for the due time alone does not
  /// list them (they never change where the count ends).
  var recording = true

  /// Records the day counting starts on (only for the data-coverage flag).
  mutating func note(_ day: Int, calendar: WorkCalendar) {
    if calendar.isOutsideData(day) { outside = true }
  }

  /// Records the day counting starts on as a counted make-up day when working time was used on it.
  mutating func noteMakeUpStart(_ day: Int, calendar: WorkCalendar) {
    guard recording else { return }
    let date = CivilDate(daysSinceEpoch: day)
    if makeUps.first != date, calendar.isMakeUpWorkingDay(day) { makeUps.insert(date, at: 0) }
  }

  /// Records a day entered while counting; true when it is a working day.
  mutating func step(_ day: Int, calendar: WorkCalendar) -> Bool {
    if calendar.isOutsideData(day) { outside = true }
    if calendar.spans(onDay: day).isEmpty {
      if recording { skipped.append(CivilDate(daysSinceEpoch: day)) }
      return false
    }
    if recording, calendar.isMakeUpWorkingDay(day) { makeUps.append(CivilDate(daysSinceEpoch: day)) }
    return true
  }

  /// When make-up days counted, lists the days off that a count ignoring them would also have
  /// passed over: one more working day per make-up day beyond `lastDay`, in the counting direction.
  mutating func addNaiveSkips(
    after lastDay: Int, direction: DeadlineComputation.Direction, calendar: WorkCalendar
  ) {
    guard recording else { return }
    // A walk ending on a make-up day (the due day itself) may not have been stepped onto; count it.
    if direction == .forward, calendar.isMakeUpWorkingDay(lastDay),
      !makeUps.contains(CivilDate(daysSinceEpoch: lastDay))
    {
      makeUps.append(CivilDate(daysSinceEpoch: lastDay))
    }
    var owed = makeUps.count
    guard owed > 0 else { return }
    let step = direction == .forward ? 1 : -1
    var day = lastDay
    var offDays: [CivilDate] = []
    for _ in 0..<60 where owed > 0 {
      day += step
      if calendar.isMakeUpWorkingDay(day) { continue }
      if calendar.spans(onDay: day).isEmpty {
        offDays.append(CivilDate(daysSinceEpoch: day))
      } else {
        owed -= 1
      }
    }
    if owed == 0 { skipped.append(contentsOf: offDays) }
  }
}

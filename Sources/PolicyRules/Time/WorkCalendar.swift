// API CONTRACT (owned by the Time helper; signatures are relied on elsewhere).

/// A civil date without time zone.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }
  public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
  /// `2024-09-14`
  public var description: String { "\(year)-\(month)-\(day)" }
}

/// A calendar a rule counts time in: working hours per weekday, holidays, make-up working days
/// (调休) and a time zone. `WorkCalendar.continuous(timeZone:)` is plain calendar time (24/7).
public struct WorkCalendar: Sendable {
  public var name: String
  public var timeZoneIdentifier: String

  /// Plain calendar time in a zone: every minute counts.
  public static func continuous(timeZoneIdentifier: String) -> WorkCalendar { fatalError("stub") }

  /// Reads a calendar file (see `Rules/calendars/*.yaml`); problems go to `diagnostics`.
  public static func load(_ document: YAMLDocument, diagnostics: inout DiagnosticBag) -> WorkCalendar? {
    fatalError("stub")
  }

  /// The same calendar with another time zone (a dataset's zone overrides the rule's default).
  public func withTimeZone(_ identifier: String) -> WorkCalendar { fatalError("stub") }

  public func isWorkingDay(_ date: CivilDate) -> Bool { fatalError("stub") }

  /// The civil date of an instant in this calendar's zone.
  public func civilDate(of t: Timestamp) -> CivilDate { fatalError("stub") }

  /// Minutes after local midnight of an instant in this calendar's zone.
  public func minuteOfDay(of t: Timestamp) -> Int { fatalError("stub") }

  /// The instant of a civil date and minute of day in this zone.
  public func timestamp(of date: CivilDate, minuteOfDay: Int) -> Timestamp { fatalError("stub") }

  /// The due instant of `duration` counted from `start`, with its derivation for evidence.
  public func deadline(from start: Timestamp, adding duration: PolicyDuration) -> DeadlineComputation {
    fatalError("stub")
  }

  /// The earliest instant `duration` before `end` (for lead checks: at least Δ before a date).
  public func latestStart(before end: Timestamp, leading duration: PolicyDuration) -> DeadlineComputation {
    fatalError("stub")
  }

  /// Working time in milliseconds between two instants (0 if end ≤ start).
  public func workingMilliseconds(from start: Timestamp, to end: Timestamp) -> Int64 { fatalError("stub") }
}

/// How a due time was computed: the evidence behind every deadline finding.
public struct DeadlineComputation: Sendable, Hashable {
  public var start: Timestamp
  public var duration: PolicyDuration
  public var calendarName: String
  public var due: Timestamp
  /// Whole non-working days skipped while counting (holidays, weekends), in order.
  public var skippedDays: [CivilDate]
  /// Weekend days that counted because they are make-up working days (调休).
  public var makeUpDays: [CivilDate]

  public init(
    start: Timestamp, duration: PolicyDuration, calendarName: String, due: Timestamp,
    skippedDays: [CivilDate] = [], makeUpDays: [CivilDate] = []
  ) {
    self.start = start
    self.duration = duration
    self.calendarName = calendarName
    self.due = due
    self.skippedDays = skippedDays
    self.makeUpDays = makeUpDays
  }

  /// One sentence, e.g. "received Thu 2024-09-12 16:00 + 2 working days on cn-mainland;
  /// Sep 15–17 off; Sep 14 is a make-up working day ⇒ due Sat 2024-09-14 16:00".
  public func explanation(_ language: Language, calendar: WorkCalendar) -> String { fatalError("stub") }
}

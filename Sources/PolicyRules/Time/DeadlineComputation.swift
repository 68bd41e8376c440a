/// How a due time was computed: the evidence behind every deadline finding.
public struct DeadlineComputation: Sendable, Hashable {
  /// Which way the duration was counted.
  public enum Direction: String, Sendable, Hashable {
    /// `WorkCalendar.deadline(from:adding:)`: `due` is `duration` after `start`.
    case forward
    /// `WorkCalendar.latestStart(before:leading:)`: `due` is the latest instant `duration` before `start`.
    case backward
  }

  public var start: Timestamp
  public var duration: PolicyDuration
  public var calendarName: String
  public var due: Timestamp
  /// Whole non-working days skipped while counting (holidays, weekends), in order. When make-up
  /// days counted, this also lists the days off that a count ignoring 调休 would have passed over
  /// (the reason the due date is earlier than a naive count), e.g. Sep 15–17 for the 2024 Mid-Autumn
  /// example.
  public var skippedDays: [CivilDate]
  /// Weekend days that counted because they are make-up working days (调休).
  public var makeUpDays: [CivilDate]
  /// Counting passed over days outside the calendar's holiday data (`covers`): weekly hours were
  /// used there, so the result may miss a holiday; the checker warns.
  public var outsideCalendarData: Bool
  public var direction: Direction

  public init(
    start: Timestamp, duration: PolicyDuration, calendarName: String, due: Timestamp,
    skippedDays: [CivilDate] = [], makeUpDays: [CivilDate] = [], outsideCalendarData: Bool = false,
    direction: Direction = .forward
  ) {
    self.start = start
    self.duration = duration
    self.calendarName = calendarName
    self.due = due
    self.skippedDays = skippedDays
    self.makeUpDays = makeUpDays
    self.outsideCalendarData = outsideCalendarData
    self.direction = direction
  }
}

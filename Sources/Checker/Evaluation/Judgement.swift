import PolicyRules

/// One obligation judged by a check, before the engine attaches rule metadata and waivers.
struct Judgement: Sendable {
  var outcome: Outcome
  var subject: String
  /// The instant that places the obligation in an audit period (see Rules/README.md).
  var anchor: Timestamp?
  var actual: LocalizedText
  var expected: LocalizedText?
  var evidence: [Evidence] = []
  var deadline: DeadlineComputation?
  /// The calendar `deadline` was counted on. The explanation is phrased only when asked for:
  /// most judgements pass and are only counted.
  var deadlineCalendar: WorkCalendar?
  /// The count passed days outside its calendar's holiday data.
  var calendarGap: CalendarDataGap?
  var severity: Severity?
  var fine: Double?
  var period: String?
  var group: String?

  init(
    _ outcome: Outcome, subject: String, anchor: Timestamp?, actual: LocalizedText,
    expected: LocalizedText? = nil, evidence: [Evidence] = [], period: String? = nil
  ) {
    self.outcome = outcome
    self.subject = subject
    self.anchor = anchor
    self.actual = actual
    self.expected = expected
    self.evidence = evidence
    self.period = period
  }

  mutating func attach(_ computation: DeadlineComputation, calendar: WorkCalendar) {
    deadline = computation
    deadlineCalendar = calendar
  }

  /// How the due time was computed, in both languages (nil without a computed deadline).
  var deadlineExplanation: LocalizedText? {
    guard let deadline, let deadlineCalendar else { return nil }
    return LocalizedText(
      zh: deadline.explanation(.zh, calendar: deadlineCalendar),
      en: deadline.explanation(.en, calendar: deadlineCalendar))
  }
}

/// Bilingual message helpers, so every check phrases outcomes the same way.
enum Say {
  static func text(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

  static let met = text("已满足", "met")
  static func missingField(_ name: String) -> LocalizedText {
    text("缺少字段 \(name) 或其值无效", "field \(name) is missing or invalid")
  }
  /// A field holding a value that no timestamp shape reads.
  static func notATime(_ name: String, _ value: Value) -> LocalizedText {
    text(
      "字段 \(name) 的值 '\(value.description)' 不是时间", "field \(name) holds '\(value.description)', not a time")
  }
  static func noEvent(_ what: String) -> LocalizedText { text("没有 \(what) 记录", "no \(what) recorded") }
  static func late(_ what: String, by ms: Int64) -> LocalizedText {
    let d = DurationText.describe(milliseconds: ms)
    return text("\(what) 超时 \(d)", "\(what) late by \(d)")
  }
  /// Lateness counted in working time, shown in hours ("107h 20m of working time").
  static func lateWorking(_ what: String, by ms: Int64) -> LocalizedText {
    let minutes = (ms + 59_999) / 60_000
    let d = minutes >= 60 ? "\(minutes / 60)h \(minutes % 60 < 10 ? "0" : "")\(minutes % 60)m" : "\(minutes)m"
    return text("\(what) 超时 \(d)（工作时间）", "\(what) late by \(d) of working time")
  }
  static func late(
    _ what: String, _ end: Timestamp, _ computation: DeadlineComputation, _ calendar: WorkCalendar
  ) -> LocalizedText {
    switch computation.duration.unit {
    case .workingHours, .workingDays: lateWorking(what, by: calendar.lateness(end, computation))
    default: late(what, by: end - computation.due)
    }
  }
  static func notYetDue(_ what: String) -> LocalizedText {
    text("\(what) 尚未到期", "\(what) not yet due")
  }
  /// `--strict`: a due time counted past the calendar's holiday data cannot be trusted.
  static func outsideCalendarData(_ gap: CalendarDataGap) -> LocalizedText {
    text("\(gap.text(.zh))，无法确定期间的节假日", "\(gap.text(.en)): holidays in the count are unknown")
  }
}

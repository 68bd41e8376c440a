@testable import PolicyRules

/// The China 2024–2026 holidays and make-up days, transcribed by hand from
/// shared/reference/cn-statutory-calendar.md (independently of Rules/calendars/cn-workdays.yaml).
enum ChinaReference {
  static let offRanges: [(String, String)] = [
    ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"), ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"), ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"), ("2026-10-01", "2026-10-07"),
  ]
  static let makeUpDays = [
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
    "2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04",
    "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
  ]

  /// Whether the reference makes `date` a working day (Mon–Fri unless off, or a make-up day).
  static func isWorkingDay(_ date: CivilDate) -> Bool {
    if makeUpDays.contains(date.description) { return true }
    let text = date.description
    if offRanges.contains(where: { $0.0 <= text && text <= $0.1 }) { return false }
    return date.weekday <= 5
  }

  /// A Mon–Fri 09:00–18:00 Asia/Shanghai calendar with the reference data, built in code.
  static func officeCalendar(name: String = "cn-workdays", spans: [WorkCalendar.WorkingSpan] = [nineToSix])
    -> WorkCalendar
  {
    WorkCalendar(
      name: name, timeZoneIdentifier: "Asia/Shanghai",
      weeklyHours: [spans, spans, spans, spans, spans, [], []],
      holidays: offRanges.map {
        WorkCalendar.Holiday(name: "holiday", from: date($0.0), to: date($0.1))
      },
      makeUpDays: makeUpDays.map { WorkCalendar.MakeUpDay(date: date($0), name: "调休") },
      covers: date("2024-01-01")...date("2026-12-31"))
  }

  static let nineToSix = WorkCalendar.WorkingSpan(startMinute: 540, endMinute: 1080)
}

func date(_ text: String) -> CivilDate { CivilDate.parse(text) ?? CivilDate(year: 0, month: 1, day: 1) }

/// `2024-09-12 16:00` (optionally `:SS`) as local time in the calendar's zone.
func local(_ calendar: WorkCalendar, _ text: String) -> Timestamp {
  let parts = text.split(separator: " ")
  let clock = parts[1].split(separator: ":").compactMap { Int($0) }
  let seconds = clock.count > 2 ? clock[2] : 0
  return calendar.timestamp(of: date(String(parts[0])), minuteOfDay: clock[0] * 60 + clock[1]) + Int64(
    seconds) * 1000
}

func utc(_ t: Timestamp) -> String { ISO8601Text.utc(t) }

func duration(_ text: String) -> PolicyDuration {
  (try? PolicyDuration.parse(text).get()) ?? PolicyDuration(amount: 0, unit: .minutes)
}

func dates(_ texts: String...) -> [CivilDate] { texts.map(date) }

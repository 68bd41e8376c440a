import Testing

@testable import PolicyRules

@Suite struct PolicyDurationTests {
  static let valid: [(String, Int, PolicyDuration.Unit)] = [
    ("30m", 30, .minutes), ("30 min", 30, .minutes), ("24h", 24, .hours), ("3d", 3, .days), ("1w", 1, .weeks),
    ("2 working days", 2, .workingDays), ("1 working day", 1, .workingDays),
    ("6 working hours", 6, .workingHours), ("6wh", 6, .workingHours), ("2wd", 2, .workingDays),
    ("1 month", 1, .months), ("3 months", 3, .months), ("same day", 0, .sameDay),
    ("next working day", 1, .nextWorkingDay), ("30分钟", 30, .minutes), ("24小时", 24, .hours), ("3天", 3, .days),
    ("2个工作日", 2, .workingDays), ("6个工作小时", 6, .workingHours), ("1个月", 1, .months),
    ("当天", 0, .sameDay), ("次日", 1, .nextWorkingDay), ("下一个工作日", 1, .nextWorkingDay),
    ("-5m", -5, .minutes), ("  2  Working   Days ", 2, .workingDays), ("2 个 工作日", 2, .workingDays),
    ("Same Day", 0, .sameDay), ("+15 minutes", 15, .minutes),
  ]

  @Test(arguments: valid)
  func parsesWrittenForm(_ text: String, _ amount: Int, _ unit: PolicyDuration.Unit) throws {
    let duration = try PolicyDuration.parse(text).get()
    #expect(duration == PolicyDuration(amount: amount, unit: unit), "\(text)")
  }

  static let invalid: [(String, Int, String)] = [
    (
      "3 fortnights", 2,
      "unknown duration unit 'fortnights'; expected m, h, d, w, working hours, working days, months, same day or next working day"
    ),
    ("2 workng days", 2, "unknown duration unit 'workng days'; did you mean 'working days'?"),
    (
      "", 0,
      "empty duration; expected m, h, d, w, working hours, working days, months, same day or next working day"
    ),
    ("soon", 0, "expected a duration such as '30m', '2 working days' or 'same day', found 'soon'"),
    (
      "  30", 4,
      "missing duration unit after '30'; expected m, h, d, w, working hours, working days, months, same day or next working day"
    ),
    (
      "-2 working days", 0,
      "a negative duration is only allowed in minutes, hours, days or weeks, not in working days"
    ),
    ("-1 month", 0, "a negative duration is only allowed in minutes, hours, days or weeks, not in months"),
    (
      "x99999999m", 0, "expected a duration such as '30m', '2 working days' or 'same day', found 'x99999999m'"
    ),
    ("99999999m", 0, "duration amount is too large; at most 1000000"),
    (
      "2个工作周", 2,
      "unknown duration unit '工作周'; expected m, h, d, w, working hours, working days, months, same day or next working day"
    ),
  ]

  @Test(arguments: invalid)
  func reportsBadPartWithOffset(_ text: String, _ offset: Int, _ message: String) {
    guard case .failure(let error) = PolicyDuration.parse(text) else {
      Issue.record("'\(text)' parsed")
      return
    }
    #expect(error.offset == offset, "\(text)")
    #expect(error.message == message)
  }

  @Test func descriptionIsCanonicalAndReadsBack() throws {
    let expected: [(PolicyDuration, String)] = [
      (PolicyDuration(amount: 30, unit: .minutes), "30m"), (PolicyDuration(amount: 24, unit: .hours), "24h"),
      (PolicyDuration(amount: 3, unit: .days), "3d"), (PolicyDuration(amount: 1, unit: .weeks), "1w"),
      (PolicyDuration(amount: 1, unit: .months), "1 month"),
      (PolicyDuration(amount: 3, unit: .months), "3 months"),
      (PolicyDuration(amount: 1, unit: .workingHours), "1 working hour"),
      (PolicyDuration(amount: 6, unit: .workingHours), "6 working hours"),
      (PolicyDuration(amount: 1, unit: .workingDays), "1 working day"),
      (PolicyDuration(amount: 2, unit: .workingDays), "2 working days"),
      (PolicyDuration(amount: 0, unit: .sameDay), "same day"),
      (PolicyDuration(amount: 1, unit: .nextWorkingDay), "next working day"),
      (PolicyDuration(amount: -5, unit: .minutes), "-5m"),
    ]
    for (duration, text) in expected {
      #expect(duration.description == text)
      #expect(try PolicyDuration.parse(text).get() == duration)
    }
    #expect(PolicyDuration(amount: 2, unit: .workingDays).chineseDescription == "2 个工作日")
    #expect(PolicyDuration(amount: 0, unit: .sameDay).chineseDescription == "当天")
  }

  @Test func fixedMillisecondsOnlyForFixedUnits() {
    #expect(PolicyDuration(amount: 30, unit: .minutes).fixedMilliseconds == 1_800_000)
    #expect(PolicyDuration(amount: 24, unit: .hours).fixedMilliseconds == 86_400_000)
    #expect(PolicyDuration(amount: 3, unit: .days).fixedMilliseconds == 259_200_000)
    #expect(PolicyDuration(amount: 1, unit: .weeks).fixedMilliseconds == 604_800_000)
    #expect(PolicyDuration(amount: -5, unit: .minutes).fixedMilliseconds == -300_000)
    #expect(PolicyDuration(amount: 2, unit: .workingDays).fixedMilliseconds == nil)
    #expect(PolicyDuration(amount: 1, unit: .months).fixedMilliseconds == nil)
    #expect(PolicyDuration(amount: 0, unit: .sameDay).fixedMilliseconds == nil)
  }
}

/// Reads the written forms of `PolicyDuration`, keeping Unicode-scalar offsets for error marks.
struct DurationParser {
  static let expectedUnits =
    "expected m, h, d, w, working hours, working days, months, same day or next working day"
  /// Large enough for any rule, small enough that weeks in milliseconds cannot overflow.
  static let maximumAmount = 1_000_000

  /// Whole-text forms that carry no number.
  static let phrases: [String: PolicyDuration] = [
    "same day": PolicyDuration(amount: 0, unit: .sameDay),
    "当天": PolicyDuration(amount: 0, unit: .sameDay),
    "当日": PolicyDuration(amount: 0, unit: .sameDay),
    "next working day": PolicyDuration(amount: 1, unit: .nextWorkingDay),
    "next business day": PolicyDuration(amount: 1, unit: .nextWorkingDay),
    "次日": PolicyDuration(amount: 1, unit: .nextWorkingDay),
    "下一个工作日": PolicyDuration(amount: 1, unit: .nextWorkingDay),
    "下个工作日": PolicyDuration(amount: 1, unit: .nextWorkingDay),
  ]

  /// Unit words after a number, lowercased with single spaces.
  static let units: [String: PolicyDuration.Unit] = {
    var table: [String: PolicyDuration.Unit] = [:]
    let words: [(PolicyDuration.Unit, [String])] = [
      (.minutes, ["m", "min", "mins", "minute", "minutes", "分钟", "分"]),
      (.hours, ["h", "hr", "hrs", "hour", "hours", "小时"]),
      (.days, ["d", "day", "days", "天", "日"]),
      (.weeks, ["w", "wk", "wks", "week", "weeks", "周", "星期"]),
      (.months, ["month", "months", "月"]),
      (
        .workingHours,
        ["wh", "working hour", "working hours", "business hour", "business hours", "工作小时"]
      ),
      (.workingDays, ["wd", "working day", "working days", "business day", "business days", "工作日"]),
    ]
    for (unit, names) in words {
      for name in names { table[name] = unit }
    }
    return table
  }()

  static let suggestedUnitNames = [
    "minutes", "hours", "days", "weeks", "months", "working hours", "working days", "working hour",
    "working day", "minute", "hour", "day", "week", "month",
  ]

  let scalars: [Unicode.Scalar]

  init(_ text: String) { scalars = Array(text.unicodeScalars) }

  func parse() -> Result<PolicyDuration, DurationParseError> {
    var start = 0
    var end = scalars.count
    while start < end, scalars[start].properties.isWhitespace { start += 1 }
    while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
    guard start < end else {
      return .failure(DurationParseError(message: "empty duration; \(Self.expectedUnits)", offset: 0))
    }
    if let phrase = Self.phrases[normalized(start..<end)] { return .success(phrase) }

    var position = start
    var negative = false
    if scalars[position] == "-" || scalars[position] == "+" {
      negative = scalars[position] == "-"
      position += 1
    }
    let digitsStart = position
    var amount = 0
    while position < end, let digit = asciiDigit(scalars[position]) {
      amount = amount * 10 + digit
      if amount > Self.maximumAmount {
        return .failure(
          DurationParseError(
            message: "duration amount is too large; at most \(Self.maximumAmount)", offset: digitsStart))
      }
      position += 1
    }
    guard position > digitsStart else {
      let found = String(String.UnicodeScalarView(scalars[start..<end]))
      return .failure(
        DurationParseError(
          message: "expected a duration such as '30m', '2 working days' or 'same day', found '\(found)'",
          offset: digitsStart))
    }
    let numberEnd = position
    while position < end, scalars[position].properties.isWhitespace { position += 1 }
    // "2个工作日", "1个月": the measure word 个 belongs to the number, not to the unit.
    if position < end, scalars[position] == "个" {
      position += 1
      while position < end, scalars[position].properties.isWhitespace { position += 1 }
    }
    guard position < end else {
      let number = String(String.UnicodeScalarView(scalars[start..<numberEnd]))
      return .failure(
        DurationParseError(
          message: "missing duration unit after '\(number)'; \(Self.expectedUnits)", offset: numberEnd))
    }
    let unitText = normalized(position..<end)
    guard let unit = Self.units[unitText] else {
      let suggestion = Suggestions.didYouMean(unitText, in: Self.suggestedUnitNames)
      let hint = suggestion.isEmpty ? "; \(Self.expectedUnits)" : suggestion
      return .failure(
        DurationParseError(message: "unknown duration unit '\(unitText)'\(hint)", offset: position))
    }
    if negative && !unit.isFixed && amount != 0 {
      return .failure(
        DurationParseError(
          message:
            "a negative duration is only allowed in minutes, hours, days or weeks, not in \(unit.rawValue)",
          offset: start))
    }
    return .success(PolicyDuration(amount: negative ? -amount : amount, unit: unit))
  }

  /// Lowercased text of a range with runs of whitespace collapsed to one space.
  private func normalized(_ range: Range<Int>) -> String {
    var result = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in scalars[range] {
      if scalar.properties.isWhitespace {
        pendingSpace = true
        continue
      }
      if pendingSpace && !result.isEmpty { result.append(" ") }
      pendingSpace = false
      result.append(scalar)
    }
    return String(result).lowercased()
  }

  private func asciiDigit(_ scalar: Unicode.Scalar) -> Int? {
    scalar.value >= 48 && scalar.value <= 57 ? Int(scalar.value - 48) : nil
  }
}

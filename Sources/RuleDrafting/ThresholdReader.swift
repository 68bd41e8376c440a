/// Finds the thresholds of one line of regulation text (reading form: Simplified, half-width).
/// Deterministic and table-driven: every threshold names the reading rule that matched it.
public struct ThresholdReader: Sendable {
  public init() {}

  /// Vague words: the parameter each becomes, its assumed default and its gloss. Longest first.
  static let vagueWords: [(word: String, parameter: String, value: String, gloss: String)] = [
    ("规定的时间内", "agreed_limit", "24h", "within the stated time"),
    ("规定时间内", "agreed_limit", "24h", "within the stated time"),
    ("第一时间", "immediate", "30m", "at once"),
    ("立即", "immediate", "30m", "immediately"),
    ("立刻", "immediate", "30m", "immediately"),
    ("马上", "immediate", "30m", "immediately"),
    ("即时", "immediate", "30m", "immediately"),
    ("应即", "immediate", "30m", "immediately"),
    ("按时", "late_tolerance", "15m", "on time"),
    ("尽快", "as_soon_as_possible", "24h", "as soon as possible"),
    ("及时", "timely", "24h", "in good time"),
    ("定期", "regular_period", "month", "regularly"),
  ]

  /// Period words: `every` values of periodic and metric checks. Longest first.
  static let periodWords: [(word: String, period: String)] = [
    ("每个工作日", "working_day"), ("每工作日", "working_day"), ("以季度为单位", "quarter"),
    ("每个月", "month"), ("每星期", "week"), ("每季度", "quarter"), ("每半年", "half_year"),
    ("每天", "day"), ("每日", "day"), ("每周", "week"), ("每月", "month"), ("每季", "quarter"),
    ("每年", "year"), ("年末", "year"), ("月度", "month"), ("季度", "quarter"), ("年度", "year"),
  ]

  /// Words naming a day relative to the start.
  static let dayWords: [(word: String, value: String)] = [
    ("当天", "same day"), ("当日", "same day"), ("次日", "next working day"), ("隔日", "next working day"),
    ("第二天", "next working day"),
  ]

  enum Unit {
    case minutes, hours, days, weeks, months, years, quarters, workingHours, workingDays
    case percent, permille, yuan
    case count(String)
  }

  /// Unit words after a number (an optional 个 before them is skipped). Longest first.
  static let unitWords: [(word: String, unit: Unit)] = [
    ("工作小时", .workingHours), ("工作日", .workingDays), ("小时", .hours), ("分钟", .minutes),
    ("星期", .weeks), ("礼拜", .weeks), ("季度", .quarters), ("周", .weeks), ("天", .days), ("日", .days),
    ("月", .months), ("年", .years), ("%", .percent), ("‰", .permille), ("元", .yuan),
    ("程度", .count("levels")), ("次", .count("times")), ("声", .count("rings")),
    ("台", .count("units")), ("家", .count("suppliers")), ("单", .count("orders")),
    ("项", .count("items")), ("岁", .count("years of age")), ("倍", .count("times the amount")),
  ]

  /// Bound words before a number, longest first.
  static let boundsBefore: [(word: String, relation: Threshold.Relation)] = [
    ("不得超过", .within), ("不能超过", .within), ("不能超出", .within), ("不超过", .within),
    ("不超出", .within), ("不得逾", .within), ("不大于", .within), ("不高于", .within), ("最迟", .within),
    ("最多", .within), ("不少于", .atLeast), ("不低于", .atLeast), ("不小于", .atLeast), ("至少", .atLeast),
    ("提前", .before), ("超过", .above), ("超出", .above), ("低于", .below), ("前", .before),
  ]

  /// Bound words after a unit, longest first.
  static let boundsAfter: [(word: String, relation: Threshold.Relation)] = [
    ("以内", .within), ("之内", .within), ("以上", .atLeast), ("以下", .below), ("之前", .before),
    ("以前", .before), ("以后", .after), ("之后", .after), ("内", .within), ("前", .before), ("后", .after),
  ]

  static let fineWords = ["罚款", "罚", "扣除", "扣", "赔偿", "否则"]
  static let rangeSeparators: Set<Character> = ["-", "~", "—", "至", "到", "－", "–"]
  static let clauseBreaks: Set<Character> = [",", "，", ";", "；", "。", ":", "：", "、", "(", ")", "!", "?"]

  /// Every threshold of `line`, in text order.
  public func read(_ line: [Character]) -> [Threshold] {
    var found: [Threshold] = []
    var index = 0
    while index < line.count {
      if let threshold = match(line, at: index) {
        if threshold.rule != "skip" { found.append(threshold) }
        index = max(threshold.range.upperBound, index + 1)
      } else {
        index += 1
      }
    }
    return found
  }

  /// Convenience for tests and `--explain`: reads a string (converted to the reading form).
  public func read(_ text: String) -> [Threshold] { read(ReadingText(text).reading) }

  func match(_ line: [Character], at index: Int) -> Threshold? {
    // 不定期 (irregularly) states no period; 一次性 (at one go) is no count.
    for word in ["不定期", "一次性"] where line.hasWord(word, at: index) {
      return Self.skip(index..<(index + word.count))
    }
    if let vague = Self.vagueWords.first(where: { line.hasWord($0.word, at: index) }) {
      let range = index..<(index + vague.word.count)
      return Threshold(
        kind: .vague, normalized: vague.value, relation: vague.value == "month" ? .every : .within,
        range: range, text: String(line[range]), rule: "vague word \(vague.word)", amount: nil,
        parameter: vague.parameter, gloss: vague.gloss)
    }
    if line[index] == "每", let every = repetition(line, at: index) { return every }
    if let period = Self.periodWords.first(where: { line.hasWord($0.word, at: index) }) {
      let range = index..<(index + period.word.count)
      return Threshold(
        kind: .period, normalized: period.period, relation: .every, range: range,
        text: String(line[range]), rule: "period word \(period.word)")
    }
    if let day = Self.dayWords.first(where: { line.hasWord($0.word, at: index) }) {
      let range = index..<(index + day.word.count)
      return Threshold(
        kind: .duration, normalized: day.value, relation: .within, range: range, text: String(line[range]),
        rule: "day word \(day.word)")
    }
    for word in ["加倍", "翻倍"] where line.hasWord(word, at: index) {
      let range = index..<(index + 2)
      return Threshold(
        kind: .repeatFine, normalized: "doubled on repeat", relation: .none, range: range,
        text: word, rule: "repeat word \(word)")
    }
    for (word, scale) in [("百分之", 1.0), ("千分之", 0.1)] where line.hasWord(word, at: index) {
      guard let number = ChineseNumber.read(line, at: index + 3) else { continue }
      return target(
        line, start: index, end: number.end, percent: number.value * scale, rule: "\(word) + number")
    }
    if let time = timeOfDay(line, at: index) { return time }
    return quantity(line, at: index)
  }

  /// 每 followed by a duration (每半年至一年, 每3个月): the interval of a repetition.
  func repetition(_ line: [Character], at index: Int) -> Threshold? {
    guard var threshold = quantity(line, at: index + 1, ignoringContext: true), threshold.kind == .duration
    else { return nil }
    threshold.range = index..<threshold.range.upperBound
    threshold.text = String(line[threshold.range])
    threshold.relation = .every
    threshold.rule = "每 + " + threshold.rule
    return threshold
  }

  /// `8:00`, `8:00—17:30`, `晚上21点`.
  func timeOfDay(_ line: [Character], at index: Int) -> Threshold? {
    if index > 0, line[index - 1].isASCII, line[index - 1].isNumber { return nil }
    if let (first, end) = clock(line, at: index) {
      // 18:17:26 after a date is the page's timestamp, not a time of day to check.
      if end + 1 < line.count, line[end] == ":", line[end + 1].isASCII, line[end + 1].isNumber {
        return Self.skip(index..<end)
      }
      if end < line.count, Self.rangeSeparators.contains(line[end]),
        let (second, last) = clock(line, at: end + 1)
      {
        return Threshold(
          kind: .timeOfDay, normalized: "\(first)-\(second)", relation: .between, range: index..<last,
          text: String(line[index..<last]), rule: "clock range H:MM-H:MM")
      }
      return Threshold(
        kind: .timeOfDay, normalized: first, relation: .none, range: index..<end,
        text: String(line[index..<end]),
        rule: "clock H:MM")
    }
    for prefix in ["晚上", "下午", "上午", "早上", "中午", "晚", "早"] where line.hasWord(prefix, at: index) {
      guard let number = ChineseNumber.read(line, at: index + prefix.count), number.end < line.count,
        line[number.end] == "点", number.value < 24, number.value == number.value.rounded()
      else { continue }
      var hour = Int(number.value)
      if ["晚上", "下午", "晚"].contains(prefix), hour < 12 { hour += 12 }
      let range = index..<(number.end + 1)
      return Threshold(
        kind: .timeOfDay, normalized: Self.clockText(hour, 0), relation: .none, range: range,
        text: String(line[range]), rule: "\(prefix) + hour + 点")
    }
    return nil
  }

  func clock(_ line: [Character], at index: Int) -> (String, Int)? {
    var end = index
    while end < line.count, end - index < 2, line[end].isASCII, line[end].isNumber { end += 1 }
    guard end > index, end + 2 < line.count, line[end] == ":", line[end + 1].isASCII, line[end + 1].isNumber,
      line[end + 2].isASCII, line[end + 2].isNumber,
      let hour = Int(String(line[index..<end])), let minute = Int(String(line[(end + 1)...(end + 2)])),
      hour < 24, minute < 60
    else { return nil }
    if end + 3 < line.count, line[end + 3].isASCII, line[end + 3].isNumber { return nil }
    return (Self.clockText(hour, minute), end + 3)
  }

  static func clockText(_ hour: Int, _ minute: Int) -> String {
    (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
  }

  /// A number with its unit (and a range, and the bound words around it).
  func quantity(_ line: [Character], at index: Int, ignoringContext: Bool = false) -> Threshold? {
    guard let number = ChineseNumber.read(line, at: index) else { return nil }
    // A number inside a longer Arabic one, an ordinal (第三), or a list marker is no threshold.
    if index > 0, line[index - 1].isASCII, line[index - 1].isNumber || line[index - 1] == "." { return nil }
    if !ignoringContext, index > 0, line[index - 1] == "第" { return nil }
    // The tail of a longer Chinese numeral (〇一二 of 二〇一二) was read, or refused, with its head.
    if index > 0,
      ChineseNumber.digits[line[index - 1]] != nil || ChineseNumber.multipliers[line[index - 1]] != nil,
      !line[index].isASCII
    {
      return nil
    }
    var value = number.value
    var position = number.end
    if position + 1 < line.count, line[position] == "个" || line[position] == "個", line[position + 1] == "半" {
      value += 0.5
      position += 2
    }
    var low: (value: Double, unit: Unit)? = nil
    var unitRead = unit(line, at: position)
    if unitRead == nil, position < line.count, Self.rangeSeparators.contains(line[position]),
      let second = ChineseNumber.read(line, at: position + 1), let secondUnit = unit(line, at: second.end)
    {
      // 6-12个月: the first number takes the second's unit.
      low = (value, secondUnit.unit)
      value = second.value
      unitRead = secondUnit
    } else if let first = unitRead, first.end < line.count, Self.rangeSeparators.contains(line[first.end]),
      let second = ChineseNumber.read(line, at: first.end + 1), let secondUnit = unit(line, at: second.end)
    {
      // 三天至一周: both carry a unit.
      low = (value, first.unit)
      value = second.value
      unitRead = secondUnit
    }
    guard let (unit, unitEnd) = unitRead else { return nil }
    if isDate(line, start: index, number: number, unit: unit, unitEnd: unitEnd) {
      return Self.skip(index..<unitEnd)
    }
    var end = unitEnd
    var relation: Threshold.Relation = low == nil ? .none : .between
    var ruleParts = [number.arabic ? "arabic number" : "chinese number"]
    if low != nil { ruleParts.append("range") }
    if !ignoringContext, low == nil {
      if let after = Self.boundsAfter.first(where: { line.hasWord($0.word, at: end) }) {
        relation = after.relation
        end += after.word.count
        ruleParts.append("+ \(after.word)")
      }
      if let before = boundBefore(line, at: index) {
        // 提前一天 / 期满前三个月 win over a trailing 内; 不超过…以内 agree.
        if before.relation == .before || relation == .none { relation = before.relation }
        ruleParts.insert("\(before.word) +", at: 0)
      }
    }
    let start =
      ignoringContext ? index : (boundBefore(line, at: index).map { index - $0.word.count } ?? index)
    switch unit {
    case .percent, .permille:
      let percent = unit.isPermille ? value / 10 : value
      return target(
        line, start: index, end: unitEnd, percent: percent, rule: ruleParts.joined(separator: " ") + " %")
    case .yuan:
      return money(line, start: index, end: end, amount: value, rule: ruleParts.joined(separator: " "))
    case .count(let noun):
      let comparator: String
      switch relation {
      case .above: comparator = "> "
      case .within: comparator = "<= "
      case .atLeast: comparator = ">= "
      case .below: comparator = "< "
      default: comparator = ""
      }
      let written = low.map { "\(Self.number($0.value))-\(Self.number(value))" } ?? Self.number(value)
      // One ring, one time: the singular of a one-word plural noun.
      let noun =
        low == nil && value == 1 && !noun.contains(" ") && noun.hasSuffix("s")
        ? String(noun.dropLast()) : noun
      return Threshold(
        kind: .count, normalized: "\(comparator)\(written) \(noun)", relation: relation, range: start..<end,
        text: String(line[start..<end]), rule: (ruleParts + ["+ \(noun)"]).joined(separator: " "),
        amount: value)
    default:
      var durationUnit = unit
      // 上班时间内六小时: hours counted on the working calendar.
      if case .hours = unit,
        ["上班时间内", "工作时间内"].contains(where: line[max(0, index - 10)..<index].containsWord)
      {
        durationUnit = .workingHours
        ruleParts.append("(上班时间内 ⇒ working hours)")
      }
      guard let duration = Self.duration(value, durationUnit) else { return nil }
      var normalized = duration.text
      if let low, let lower = Self.duration(low.value, low.unit) {
        normalized = "\(lower.text)..\(duration.text)"
      }
      return Threshold(
        kind: .duration, normalized: normalized, relation: relation, range: start..<end,
        text: String(line[start..<end]), rule: (ruleParts + ["+ unit"]).joined(separator: " "),
        amount: duration.minutes)
    }
  }

  func unit(_ line: [Character], at position: Int) -> (unit: Unit, end: Int)? {
    var start = position
    if start < line.count, line[start] == "个" || line[start] == "個" { start += 1 }
    guard let word = Self.unitWords.first(where: { line.hasWord($0.word, at: start) }) else { return nil }
    // 个 goes with counted units only (一个月, 三个工作日), not with 个% or 个元.
    return (word.unit, start + word.word.count)
  }

  /// 2011年11月1日 and 11月1日 are dates, not durations.
  func isDate(_ line: [Character], start: Int, number: ChineseNumber.Reading, unit: Unit, unitEnd: Int)
    -> Bool
  {
    switch unit {
    case .years: return number.value >= 1000
    case .months:
      guard line[number.end] == "月", let day = ChineseNumber.read(line, at: unitEnd) else { return false }
      return day.end < line.count && (line[day.end] == "日" || line[day.end] == "号")
    case .days: return start > 0 && line[start - 1] == "月"
    default: return false
    }
  }

  func boundBefore(_ line: [Character], at index: Int) -> (word: String, relation: Threshold.Relation)? {
    Self.boundsBefore.first { index >= $0.word.count && line.hasWord($0.word, at: index - $0.word.count) }
  }

  func target(_ line: [Character], start: Int, end: Int, percent: Double, rule: String) -> Threshold {
    var comparator = "=="
    var spanStart = start
    var spanEnd = end
    if let before = Self.boundsBefore.first(where: {
      start >= $0.word.count && line.hasWord($0.word, at: start - $0.word.count)
    }) {
      comparator = [.atLeast: ">=", .within: "<=", .above: ">", .below: "<"][before.relation] ?? "=="
      spanStart = start - before.word.count
    } else if start >= 2, line.hasWord("达到", at: start - 2) {
      comparator = ">="
      spanStart = start - 2
    }
    if let after = [("以上", ">="), ("以下", "<"), ("以内", "<=")].first(where: { line.hasWord($0.0, at: end) }) {
      comparator = after.1
      spanEnd = end + 2
    }
    let range = min(spanStart, start)..<spanEnd
    return Threshold(
      kind: .target, normalized: "\(comparator) \(Self.number(percent))%", relation: .none, range: range,
      text: String(line[range]), rule: rule, amount: percent)
  }

  /// A span read and set aside (a date, a reward, 不定期), so its digits are not read again.
  static func skip(_ range: Range<Int>) -> Threshold {
    Threshold(kind: .count, normalized: "", relation: .none, range: range, text: "", rule: "skip")
  }

  func money(_ line: [Character], start: Int, end: Int, amount: Double, rule: String) -> Threshold {
    let window = line[max(0, start - 4)..<start]
    // A reward (奖20元) is no obligation to check.
    if line[max(0, start - 2)..<start].containsWord("奖") { return Self.skip(start..<end) }
    let fine = Self.fineWords.contains { window.containsWord($0) }
    var per: String? = fine ? "occurrence" : nil
    var spanEnd = end
    for (marker, noun) in [
      ("/次", "occurrence"), ("/单", "order"), ("/人", "person"), ("/天", "day"), ("每次", "occurrence"),
    ]
    where line.hasWord(marker, at: end) {
      per = noun
      spanEnd = end + marker.count
    }
    let range = start..<spanEnd
    return Threshold(
      kind: .money, normalized: "\(Self.number(amount)) CNY" + (per.map { " per \($0)" } ?? ""),
      relation: .none,
      range: range, text: String(line[range]), rule: rule + " + 元" + (fine ? " (fine word before)" : ""),
      amount: amount)
  }

  /// The rule-language form of a duration and its fixed length in minutes (nil for months).
  static func duration(_ value: Double, _ unit: Unit) -> (text: String, minutes: Double?)? {
    guard value > 0 else { return nil }
    switch unit {
    case .minutes: return ("\(number(value))m", value)
    case .hours:
      return value == value.rounded()
        ? ("\(number(value))h", value * 60) : ("\(number(value * 60))m", value * 60)
    case .days:
      return value == value.rounded()
        ? ("\(number(value))d", value * 1440) : ("\(number(value * 24))h", value * 1440)
    case .weeks:
      return value == value.rounded() ? ("\(number(value))w", value * 10_080) : duration(value * 7, .days)
    case .months:
      guard value == value.rounded() else { return duration(value * 30, .days) }
      return (value == 1 ? "1 month" : "\(number(value)) months", nil)
    case .quarters: return duration(value * 3, .months)
    case .years: return duration(value * 12, .months)
    case .workingHours: return ("\(number(value)) working hour\(value == 1 ? "" : "s")", nil)
    case .workingDays: return ("\(number(value)) working day\(value == 1 ? "" : "s")", nil)
    default: return nil
    }
  }

  static func number(_ value: Double) -> String {
    // Six decimals at most: 3‰ is 0.3 %, not 0.30000000000000004 %.
    let rounded = (value * 1_000_000).rounded() / 1_000_000
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
  }
}

extension ThresholdReader.Unit {
  var isPermille: Bool {
    if case .permille = self { return true }
    return false
  }
}

extension Array where Element == Character {
  func hasWord(_ word: String, at index: Int) -> Bool {
    guard index >= 0 else { return false }
    var position = index
    for character in word {
      guard position < count, self[position] == character else { return false }
      position += 1
    }
    return true
  }

}

extension ArraySlice where Element == Character {
  func containsWord(_ word: String) -> Bool {
    let target = Array(word)
    guard target.count <= count else { return false }
    var start = startIndex
    while start + target.count <= endIndex {
      if Array(self[start..<(start + target.count)]) == target { return true }
      start += 1
    }
    return false
  }
}

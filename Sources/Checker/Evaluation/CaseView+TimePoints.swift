import PolicyRules

/// Where a resolved time was read. It becomes `Evidence` only for judgements that are kept
/// (`JudgementSink`): building evidence for every passed judgement was a hot path.
enum EvidenceSource {
  case event(EventRef)
  /// A timestamp field of the case's record.
  case field(String, Timestamp, SourceLocation)
}

/// The instant a time point names in a case.
enum ResolvedTime {
  case at(Timestamp, EvidenceSource)
  /// The event has not happened (by the cut-off).
  case absent
  /// The field is empty or not a timestamp.
  case invalid(String)
}

extension CaseView {
  func resolve(_ point: TimePoint, _ context: EvaluationContext) -> ResolvedTime {
    switch point {
    case .event(let matcher, let occurrence):
      guard let event = occurrence == .first ? first(matcher) : last(matcher) else { return .absent }
      return .at(event.time, .event(event))
    case .field(let name):
      guard let t = timestamp(field: name, context) else { return .invalid(name) }
      return .at(t, .field(name, t, source))
    }
  }

  /// A timestamp field; text values are read as local times in the dataset's zone.
  func timestamp(field name: String, _ context: EvaluationContext) -> Timestamp? {
    switch field(name) {
    case .timestamp(let t): return t
    case .string(let s):
      return LocalTimeText.parse(
        s, calendar: WorkCalendar.continuous(timeZoneIdentifier: context.timeZoneIdentifier))
    default: return nil
    }
  }

  /// The limit in force for this case, or the reason it cannot be known.
  func limit(_ limit: TimeLimit) -> Result<PolicyDuration, UnknownLimit> {
    switch limit {
    case .fixed(let d): return .success(d)
    case .tiers(let field, let tiers, let otherwise):
      let value = self.field(field)
      if let key = value.isNull ? nil : value.description, let tier = tiers.first(where: { $0.value == key })
      {
        return .success(tier.limit)
      }
      if let otherwise { return .success(otherwise) }
      return .failure(UnknownLimit(field: field))
    case .field(let field, let unit):
      guard let n = numeric(self.field(field)) else { return .failure(UnknownLimit(field: field)) }
      return .success(Self.duration(n, unit))
    case .expression(let expression, let unit):
      guard let n = numeric(expression.evaluate(in: self)) else {
        return .failure(UnknownLimit(field: expression.fieldNames.sorted().joined(separator: ", ")))
      }
      return .success(Self.duration(n, unit))
    }
  }

  private func numeric(_ value: Value) -> Double? {
    switch value {
    case .number(let n): return n.isFinite && n >= 0 ? n : nil
    case .string(let s): return Double(s).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
    default: return nil
    }
  }

  /// A whole number of the unit; fractional hours and days become minutes.
  static func duration(_ n: Double, _ unit: PolicyDuration.Unit) -> PolicyDuration {
    if n == n.rounded() { return PolicyDuration(amount: Int(n), unit: unit) }
    switch unit {
    case .hours: return PolicyDuration(amount: Int((n * 60).rounded()), unit: .minutes)
    case .days: return PolicyDuration(amount: Int((n * 1440).rounded()), unit: .minutes)
    case .workingHours: return PolicyDuration(amount: Int(n.rounded(.up)), unit: .workingHours)
    default: return PolicyDuration(amount: Int(n.rounded(.up)), unit: unit)
    }
  }
}

struct UnknownLimit: Error {
  var field: String
}

/// Local time text as written in examples and record fields: `2024-09-12 16:00[:ss]`,
/// `2024-09-12T16:00`, `2024-09-12`.
enum LocalTimeText {
  static func parse(_ text: String, calendar: WorkCalendar) -> Timestamp? {
    let scalars = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= scalars.count else { return nil }
      var n = 0
      for i in range {
        let c = scalars[i]
        guard c >= 48, c <= 57 else { return nil }
        n = n * 10 + Int(c - 48)
      }
      return n
    }
    guard scalars.count >= 10, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
      let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10),
      let date = CivilDate(parsing: String(text.prefix(10)))
    else { return nil }
    _ = (y, mo, d)
    if scalars.count == 10 { return calendar.timestamp(of: date, minuteOfDay: 0) }
    guard scalars.count >= 16, scalars[10] == UInt8(ascii: " ") || scalars[10] == UInt8(ascii: "T"),
      scalars[13] == UInt8(ascii: ":"), let h = number(11..<13), let mi = number(14..<16), h < 24, mi < 60
    else { return nil }
    var seconds = 0
    if scalars.count >= 19, scalars[16] == UInt8(ascii: ":"), let s = number(17..<19), s < 60 {
      seconds = s
    } else if scalars.count != 16 {
      return nil
    }
    return calendar.timestamp(of: date, minuteOfDay: h * 60 + mi) + Int64(seconds) * 1000
  }
}

/// Local time text in a zone, for the command line (`--as-of`, example times).
public enum LocalTime {
  /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or with `T`; local to `timeZoneIdentifier`.
  public static func parse(_ text: String, timeZoneIdentifier: String) -> Timestamp? {
    LocalTimeText.parse(text, calendar: WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier))
  }

  /// Local midnight starting a date.
  public static func start(of date: CivilDate, timeZoneIdentifier: String) -> Timestamp {
    WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier).timestamp(of: date, minuteOfDay: 0)
  }
}

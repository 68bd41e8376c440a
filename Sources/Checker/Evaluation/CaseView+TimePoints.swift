import PolicyRules

/// Where a resolved time was read. It becomes `Evidence` only for judgements that are kept
/// (`JudgementSink`): most judgements pass and are only counted.
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
  /// The field is empty: nothing was recorded. What is not recorded did not happen, so an end
  /// (or notice, occurrence, metric date) is absent; a start (or lead target) cannot be dated.
  case empty(String)
  /// The case's record type has no such field.
  case noField(String)
  /// The field holds a value that is not a time.
  case unreadable(String, Value)

  /// Why the point cannot be used when the field is missing or holds no time; nil otherwise.
  var problem: LocalizedText? {
    switch self {
    case .at, .absent, .empty: nil
    case .noField(let name): Say.missingField(name)
    case .unreadable(let name, let value): Say.notATime(name, value)
    }
  }

  /// An end-like point: an empty field is an absent end.
  var emptyAsAbsent: ResolvedTime {
    if case .empty = self { return .absent }
    return self
  }
}

extension CaseView {
  func resolve(_ point: BoundPoint, _ context: EvaluationContext) -> ResolvedTime {
    switch point {
    case .event(let matcher, let last, _):
      guard let event = last ? self.last(matcher) : first(matcher) else { return .absent }
      return .at(event.time, .event(event))
    case .field(let field):
      return resolve(field: field, context)
    }
  }

  /// A timestamp field. Text is read by the loader's `TimestampParser` (any `auto` shape: offsets
  /// are honoured, local times are in the dataset's zone); blank text is empty.
  func resolve(field: BoundField, _ context: EvaluationContext) -> ResolvedTime {
    guard field.slot >= 0 else { return .noField(text(field.name)) }
    let value = self.field(slot: Int(field.slot))
    switch value {
    case .timestamp(let t): return .at(t, .field(text(field.name), t, source))
    case .null: return .empty(text(field.name))
    case .string(let s):
      if let t = TimestampParser.instant(s, zone: context.zone) {
        return .at(t, .field(text(field.name), t, source))
      }
      return s.allSatisfy { $0 == " " || $0 == "\t" }
        ? .empty(text(field.name)) : .unreadable(text(field.name), value)
    default: return .unreadable(text(field.name), value)
    }
  }

  /// The limit in force for this case, or the reason it cannot be known.
  func limit(_ limit: BoundLimit) -> Result<PolicyDuration, UnknownLimit> {
    switch limit {
    case .fixed(let d): return .success(d)
    case .tiers(let field, let tiers, let otherwise):
      let value = self.field(field)
      if !value.isNull {
        let key = value.description
        for k in tiers.positions where self.tables.tiers[k].value == key {
          return .success(self.tables.tiers[k].limit)
        }
      }
      if let otherwise { return .success(otherwise) }
      return .failure(UnknownLimit(field: text(field.name)))
    case .field(let field, let unit):
      guard let n = numeric(self.field(field)) else { return .failure(UnknownLimit(field: text(field.name))) }
      return .success(Self.duration(n, unit))
    case .expression(let program, let unit, let names):
      guard let n = numeric(value(program)) else { return .failure(UnknownLimit(field: text(names))) }
      return .success(Self.duration(n, unit))
    }
  }

  /// A limit amount from the data: at most `PolicyDuration.maximumAmount` units, as in a rule (a
  /// larger one, `1e300`, is unknown rather than converted to an integer that cannot hold it).
  private func numeric(_ value: Value) -> Double? {
    let n: Double?
    switch value {
    case .number(let number): n = number
    case .string(let s): n = Double(s)
    default: n = nil
    }
    guard let n, n.isFinite, n >= 0, n <= Double(PolicyDuration.maximumAmount) else { return nil }
    return n
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

/// Local time text in a zone, for the command line (`--as-of`) and rule examples.
public enum LocalTime {
  /// Any `auto` shape of `TimestampParser` (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, with `T`,
  /// an offset, …); without an offset, local to `timeZoneIdentifier`.
  public static func parse(_ text: String, timeZoneIdentifier: String) -> Timestamp? {
    TimestampParser.instant(text, zone: TimeZoneOffsets.named(timeZoneIdentifier) ?? .utc)
  }

  /// Local midnight starting a date.
  public static func start(of date: CivilDate, timeZoneIdentifier: String) -> Timestamp {
    WorkCalendar.continuous(timeZoneIdentifier: timeZoneIdentifier).timestamp(of: date, minuteOfDay: 0)
  }
}

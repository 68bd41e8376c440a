import Foundation

/// UTC offsets of one IANA time zone as a sorted table of transitions, read once from Foundation.
///
/// Foundation's `TimeZone.secondsFromGMT(for:)` costs about a microsecond and allocates; a deadline
/// needs several conversions, a benchmark a million deadlines. The table turns every conversion into
/// a binary search over a few hundred integers (none at all for zones without transitions after 1991,
/// such as Asia/Shanghai), and stays correct across daylight-saving changes. Tables are shared per
/// identifier through `named(_:)`.
public final class TimeZoneOffsets: Sendable {
  public let identifier: String
  /// UTC milliseconds at which a new offset starts, ascending.
  private let transitions: [Int64]
  /// `offsets[0]` holds before the first transition, `offsets[i + 1]` from `transitions[i]` on.
  private let offsets: [Int64]
  /// From this UTC instant on (the last transition) `finalOffset` holds for good: instants of
  /// today's data are past a zone's last change in most zones (Asia/Shanghai's was in 1991), and
  /// checking this first spares the search on nearly every conversion.
  private let finalFrom: Int64
  private let finalOffset: Int64

  /// The table covers 1900–2100; outside it the nearest known offset holds.
  private static let firstInstant = Date(timeIntervalSince1970: -2_208_988_800)
  private static let lastInstant = Date(timeIntervalSince1970: 4_102_444_800)

  private init?(identifier: String) {
    guard let zone = TimeZone(identifier: identifier) else { return nil }
    self.identifier = identifier
    var transitions: [Int64] = []
    var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: Self.firstInstant)) * 1000]
    var cursor = Self.firstInstant
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < Self.lastInstant,
      next > cursor
    {
      let offset = Int64(zone.secondsFromGMT(for: next)) * 1000
      if offset != offsets[offsets.count - 1] {
        transitions.append(Int64((next.timeIntervalSince1970 * 1000).rounded()))
        offsets.append(offset)
      }
      cursor = next
    }
    self.transitions = transitions
    self.offsets = offsets
    finalFrom = transitions.last ?? .min
    finalOffset = offsets[offsets.count - 1]
  }

  private static let registry = Registry()

  /// The shared table for an IANA identifier such as `Asia/Shanghai`; nil for an unknown zone.
  public static func named(_ identifier: String) -> TimeZoneOffsets? {
    registry.offsets(for: identifier)
  }

  /// UTC itself, always available.
  public static let utc: TimeZoneOffsets = TimeZoneOffsets(identifier: "UTC") ?? TimeZoneOffsets(fixedUTC: ())

  private init(fixedUTC: Void) {
    identifier = "UTC"
    transitions = []
    offsets = [0]
    finalFrom = .min
    finalOffset = 0
  }

  /// The offset (local minus UTC) in milliseconds in force at a UTC instant.
  @inline(__always)
  public func offsetMilliseconds(atUTC utc: Int64) -> Int64 {
    if utc >= finalFrom { return finalOffset }
    var low = 0
    var high = transitions.count
    while low < high {
      let middle = (low + high) / 2
      if transitions[middle] <= utc { low = middle + 1 } else { high = middle }
    }
    return offsets[low]
  }

  /// The UTC instant of a local wall-clock time (milliseconds since 1970-01-01 00:00 local).
  ///
  /// A time repeated when clocks go back is the earlier instant; a time skipped when clocks go
  /// forward is read with the offset before the change, i.e. it lands as far after the gap's start
  /// as it was written (02:30 on a spring-forward night becomes 03:30 daylight time).
  public func utcMilliseconds(fromLocal local: Int64) -> Int64 {
    // A day before the local time is past the last change: both readings below give `finalOffset`.
    if local - Timestamp.millisecondsPerDay >= finalFrom { return local - finalOffset }
    let offsetBefore = offsetMilliseconds(atUTC: local - Timestamp.millisecondsPerDay)
    let offsetAfter = offsetMilliseconds(atUTC: local + Timestamp.millisecondsPerDay)
    if offsetBefore == offsetAfter { return local - offsetBefore }
    let earlier = local - offsetBefore
    let later = local - offsetAfter
    let earlierFits = offsetMilliseconds(atUTC: earlier) == offsetBefore
    let laterFits = offsetMilliseconds(atUTC: later) == offsetAfter
    switch (earlierFits, laterFits) {
    case (true, true): return min(earlier, later)
    case (true, false): return earlier
    case (false, true): return later
    case (false, false): return earlier
    }
  }

  /// The offset (milliseconds) in force throughout the local day starting at `local`
  /// (milliseconds since 1970-01-01 00:00 local), or nil when it changes that day.
  @inline(__always)
  public func uniformOffsetMilliseconds(ofLocalDayStarting local: Int64) -> Int64? {
    // A window wider than any UTC offset (±14 h) around the local day.
    if local - Timestamp.millisecondsPerDay >= finalFrom { return finalOffset }
    let before = offsetMilliseconds(atUTC: local - Timestamp.millisecondsPerDay)
    let after = offsetMilliseconds(atUTC: local + 2 * Timestamp.millisecondsPerDay)
    return before == after ? before : nil
  }

  /// Local day numbers (days since 1970-01-01) before which, and from which on, the offset is the
  /// same all day and a day around it: local and UTC time differ by a constant there, so a span of
  /// local time is as long in real time. Every day for a zone without changes.
  public var steadyLocalDays: (before: Int, from: Int) {
    guard let first = transitions.first, let last = transitions.last else { return (.min, .min) }
    // A margin of two days beyond the window `utcMilliseconds(fromLocal:)` looks at.
    return (
      Int(floorDivision(first, Timestamp.millisecondsPerDay).0) - 3,
      Int(floorDivision(last, Timestamp.millisecondsPerDay).0) + 2
    )
  }

  /// Local wall-clock milliseconds of a UTC instant.
  @inline(__always)
  public func localMilliseconds(fromUTC utc: Int64) -> Int64 { utc + offsetMilliseconds(atUTC: utc) }

  /// Builds each zone's table once; later look-ups share it.
  private final class Registry: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [String: TimeZoneOffsets] = [:]
    private var unknown: Set<String> = []

    func offsets(for identifier: String) -> TimeZoneOffsets? {
      lock.lock()
      defer { lock.unlock() }
      if let table = tables[identifier] { return table }
      if unknown.contains(identifier) { return nil }
      guard let table = TimeZoneOffsets(identifier: identifier) else {
        unknown.insert(identifier)
        return nil
      }
      tables[identifier] = table
      return table
    }
  }
}

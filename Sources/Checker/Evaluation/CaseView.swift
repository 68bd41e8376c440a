import PolicyRules

/// A case as a check sees it at the cut-off: its fields and the events up to `asOf`.
///
/// A view is a position in the dataset's `CaseTable`; it copies nothing. It holds the table
/// unowned: the engine keeps the dataset alive while views exist.
struct CaseView: ExpressionScope {
  unowned(unsafe) let table: CaseTable
  let index: Int
  let columns: EventColumns
  /// The worker's matcher lookups (views of one worker share it).
  let activityIDCache: ActivityIDCache
  // The case's events are `start..<end`, those up to the cut-off `start..<cut` (32-bit: views of
  // a large audit are many, and they are kept small).
  private let start: Int32
  private let cut: Int32
  private let end: Int32
  let timeZoneIdentifier: String

  /// Events at or before the cut-off, in time order.
  var events: CaseEvents { CaseEvents(table: table, times: columns.times, range: Int(start)..<Int(cut)) }
  /// Every event of the case, also those after the cut-off.
  var allEvents: CaseEvents { CaseEvents(table: table, times: columns.times, range: Int(start)..<Int(end)) }

  init(_ table: CaseTable, _ index: Int, asOf: Timestamp, timeZoneIdentifier: String) {
    self.init(
      table, EventColumns(table), ActivityIDCache(), index, asOf: asOf, timeZoneIdentifier: timeZoneIdentifier
    )
  }

  /// `columns` are the table's (`EventColumns(table)`), made once for all views; `cache` is
  /// the worker's, used by one thread at a time.
  init(
    _ table: CaseTable, _ columns: EventColumns, _ cache: ActivityIDCache, _ index: Int, asOf: Timestamp,
    timeZoneIdentifier: String
  ) {
    self.table = table
    self.index = index
    self.columns = columns
    self.activityIDCache = cache
    let start = table.eventStarts[index]
    let end = table.eventStarts[index + 1]
    var cut = start
    while cut < end && columns.times[Int(cut)] <= asOf.milliseconds { cut += 1 }
    self.start = start
    self.cut = cut
    self.end = end
    self.timeZoneIdentifier = timeZoneIdentifier
  }

  var id: String { table.caseIDs[index] }
  var recordType: String { table.recordType(of: index) }
  /// The row that created the case.
  var source: SourceLocation { table.caseSources[index] }

  /// False when every event of the case is after the cut-off: as the audit sees the data, the case
  /// does not exist yet (records without events always exist).
  var existsAtCutOff: Bool { allEvents.isEmpty || !events.isEmpty }

  func field(_ name: String) -> Value { table.field(index, name) }

  func eventTimes(_ activity: String) -> [Timestamp] {
    guard let id = table.activityID(activity) else { return [] }
    var times: [Timestamp] = []
    for e in events.range where columns.activities[e] == id {
      times.append(Timestamp(milliseconds: columns.times[e]))
    }
    return times
  }

  func eventCount(_ activity: String) -> Int {
    guard let id = table.activityID(activity) else { return 0 }
    var count = 0
    for e in events.range where columns.activities[e] == id { count += 1 }
    return count
  }

  /// Events of the matcher's activities whose `where` holds, in time order.
  func events(_ matcher: EventMatcher) -> [EventRef] {
    let ids = activityIDs(matcher)
    var found: [EventRef] = []
    for e in events.range where matches(e, ids, matcher) { found.append(event(e)) }
    return found
  }

  func first(_ matcher: EventMatcher) -> EventRef? {
    let ids = activityIDs(matcher)
    for e in events.range where matches(e, ids, matcher) { return event(e) }
    return nil
  }

  /// The first matching event for which `condition` holds (no array of matches is built).
  func first(_ matcher: EventMatcher, where condition: (EventRef) -> Bool) -> EventRef? {
    let ids = activityIDs(matcher)
    for e in events.range where matches(e, ids, matcher) {
      let event = event(e)
      if condition(event) { return event }
    }
    return nil
  }

  func last(_ matcher: EventMatcher) -> EventRef? {
    let ids = activityIDs(matcher)
    for e in events.range.reversed() where matches(e, ids, matcher) {
      return event(e)
    }
    return nil
  }

  @inline(__always)
  private func event(_ e: Int) -> EventRef {
    EventRef(table: table, index: e, time: Timestamp(milliseconds: columns.times[e]))
  }

  /// The pool ids of the matcher's activities (names no event has are left out).
  private func activityIDs(_ matcher: EventMatcher) -> ActivityIDs {
    activityIDCache.ids(matcher, table)
  }
}

/// The pool ids of each matcher's activities, looked up by name once per worker rather than on
/// every call (checks look events up several times per case, and comparing names was a hot path).
///
/// Matchers belong to the audit's rules, which are immutable and outlive it, so the storage of a
/// matcher's activity list identifies it. A cache is used by one worker at a time.
final class ActivityIDCache: @unchecked Sendable {
  // One worker at a time (see above): no dynamic exclusivity checks on every lookup.
  @exclusivity(unchecked) private var keys: [UnsafeRawPointer] = []
  @exclusivity(unchecked) private var values: [ActivityIDs] = []

  func ids(_ matcher: EventMatcher, _ table: CaseTable) -> ActivityIDs {
    let key = matcher.activities.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    guard let key else { return ActivityIDs() }
    for k in keys.indices where keys[k] == key { return values[k] }
    var ids = ActivityIDs()
    for name in matcher.activities {
      if let id = table.activityID(name) { ids.insert(id) }
    }
    keys.append(key)
    values.append(ids)
    return ids
  }
}

extension CaseView {

  /// The event is one of the matcher's activities and its `where` holds on the event.
  @inline(__always)
  private func matches(_ e: Int, _ ids: ActivityIDs, _ matcher: EventMatcher) -> Bool {
    guard ids.contains(columns.activities[e]) else { return false }
    guard let condition = matcher.condition else { return true }
    return condition.evaluate(in: EventScope(event: event(e), owner: self)).bool
      == true
  }

  /// True when the expression holds; nil when it is null.
  func holds(_ expression: Expression) -> Bool? {
    expression.evaluate(in: self).bool
  }
}

/// A few activity ids without allocating (matchers name one or two activities).
struct ActivityIDs {
  private var first: Int32 = -1
  private var second: Int32 = -1
  private var more: [Int32] = []

  mutating func insert(_ id: Int32) {
    if first < 0 {
      first = id
    } else if second < 0 {
      second = id
    } else {
      more.append(id)
    }
  }

  @inline(__always)
  func contains(_ id: Int32) -> Bool {
    id == first || id == second || (!more.isEmpty && more.contains(id))
  }
}

/// One event of a case: a position in the table, and its time (read when the event is found:
/// checks compare times far more often than they read anything else).
struct EventRef {
  unowned(unsafe) let table: CaseTable
  let index: Int
  let time: Timestamp

  var activity: String { table.strings[Int(table.activities[index])] }
  var resource: String? { table.resource(ofEvent: index) }
  var source: SourceLocation { table.source(ofEvent: index) }
}

/// A case's events as a collection of `EventRef`s.
struct CaseEvents: RandomAccessCollection {
  unowned(unsafe) let table: CaseTable
  /// The table's time column (`EventColumns.times`).
  let times: UnsafePointer<Int64>
  let range: Range<Int>

  var startIndex: Int { range.lowerBound }
  var endIndex: Int { range.upperBound }
  subscript(position: Int) -> EventRef {
    EventRef(table: table, index: position, time: Timestamp(milliseconds: times[position]))
  }
}

/// The event columns checks scan, as raw buffers.
///
/// Reading them through the table retained and released its arrays on every call, and with
/// several workers every core contended for those shared reference counts. The table's arrays
/// are immutable and the engine keeps the table alive while views exist (as for the unowned
/// table reference), so their storage stays where these pointers say; nothing writes through
/// them, so workers may share them.
struct EventColumns: @unchecked Sendable {
  let activities: UnsafePointer<Int32>
  let times: UnsafePointer<Int64>

  init(_ table: CaseTable) {
    // A table without events may have no storage; its views have empty ranges and never read.
    activities = table.activities.withUnsafeBufferPointer { $0.baseAddress } ?? Self.nowhere()
    times = table.times.withUnsafeBufferPointer { $0.baseAddress } ?? Self.nowhere()
  }

  private static func nowhere<T>() -> UnsafePointer<T> {
    UnsafePointer(bitPattern: MemoryLayout<T>.alignment).unsafelyUnwrapped
  }
}

/// An event's own attributes first, then its case's fields.
struct EventScope: ExpressionScope {
  let event: EventRef
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(_ name: String) -> Value {
    if name == "resource" || name == "actor", let resource = event.resource { return .string(resource) }
    if let own = event.table.eventAttribute(event.index, of: owner.index, name), !own.isNull { return own }
    return owner.field(name)
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
  func eventCount(_ activity: String) -> Int { owner.eventCount(activity) }
}

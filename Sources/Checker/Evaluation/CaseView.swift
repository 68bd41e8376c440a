import PolicyRules

/// A case as a check sees it at the cut-off: its fields and the events up to `asOf`.
///
/// A view is a position in the dataset's `CaseTable`; it copies nothing. It reads the table
/// through its worker's `CaseLookups`, which keeps the table alive while views exist, and reads
/// rules through their plans (`RulePlan.swift`): fields by slot, events by activity id.
struct CaseView: BoundExpressionScope {
  /// The worker's table and plan tables (views of one worker share it).
  let lookups: CaseLookups
  let index: Int
  // The case's events are `start..<end`, those up to the cut-off `start..<cut` (32-bit: views of
  // a large audit are many, and they are kept small).
  private let start: Int32
  private let cut: Int32
  private let end: Int32

  /// Read through the worker's lookups: a view retains only them, never the table every worker
  /// shares (whose reference count would bounce between the cores).
  var table: CaseTable {
    @inline(__always) get { lookups.table }
  }
  var timeZoneIdentifier: String { lookups.timeZoneIdentifier }
  /// What the audit's plans refer to.
  var tables: PlanTables { lookups.tables }

  /// Events at or before the cut-off, in time order.
  var events: CaseEvents { CaseEvents(table: table, range: Int(start)..<Int(cut)) }
  /// Every event of the case, also those after the cut-off.
  var allEvents: CaseEvents { CaseEvents(table: table, range: Int(start)..<Int(end)) }

  /// `lookups` are the worker's, used by one thread at a time.
  init(_ lookups: CaseLookups, _ index: Int, asOf: Timestamp) {
    self.lookups = lookups
    self.index = index
    let start = lookups.table.columns.eventStarts[index]
    let end = lookups.table.columns.eventStarts[index + 1]
    var cut = start
    while cut < end && lookups.table.columns.times[Int(cut)] <= asOf.milliseconds { cut += 1 }
    self.start = start
    self.cut = cut
    self.end = end
  }

  var id: String { table.caseIDs[index] }
  /// Index into the table's record types.
  var recordTypeIndex: Int { table.recordTypeIndex(of: index) }
  var recordType: String { table.recordType(of: index) }
  /// The row that created the case.
  var source: SourceLocation { table.columns.caseSources[index] }

  /// False when every event of the case is after the cut-off: as the audit sees the data, the case
  /// does not exist yet (records without events always exist).
  var existsAtCutOff: Bool { start == end || start < cut }

  /// A field by name, for paths a plan does not cover (messages, scopes of unbound calls).
  func field(_ name: String) -> Value {
    guard let slot = table.schemas[recordTypeIndex].index(of: name) else { return .null }
    return field(slot: slot)
  }

  /// The field at `slot` of the case's record type.
  @inline(__always)
  func field(slot: Int) -> Value {
    storedField(slot: slot).value(table.strings)
  }

  /// The field at `slot`, null where the case's type lacks it (-1).
  @inline(__always)
  func field(at slot: Int32) -> Value {
    slot < 0 ? .null : field(slot: Int(slot))
  }

  @inline(__always)
  func field(_ field: BoundField) -> Value { self.field(at: field.slot) }

  @inline(__always)
  func field(slot: Int32, eventAlias: Bool) -> Value { field(at: slot) }

  /// The packed cell of the field at `slot` (text still a pool id): equal cells hold equal values.
  @inline(__always)
  func storedField(slot: Int) -> StoredValue {
    table.columns.field(index, slot: slot)
  }

  /// The stored cell of a bound field, null where the type lacks it.
  @inline(__always)
  func storedField(_ field: BoundField) -> StoredValue {
    field.slot < 0 ? .null : storedField(slot: Int(field.slot))
  }

  /// Event e's own value of the field at `slot` where it differs from the case's (nil: same as
  /// the case's).
  func eventAttribute(_ e: Int, slot: Int32) -> Value? {
    table.columns.attribute(e, slot: slot)?.value(table.strings)
  }

  func eventTimes(_ activity: String) -> [Timestamp] {
    guard let id = table.activityID(activity) else { return [] }
    var times: [Timestamp] = []
    for e in events.range where table.columns.activities[e] == id {
      times.append(Timestamp(milliseconds: table.columns.times[e]))
    }
    return times
  }

  func eventCount(_ activity: String) -> Int {
    table.activityID(activity).map { eventCount(activity: $0) } ?? 0
  }

  func eventCount(activity id: Int32) -> Int {
    var count = 0
    for e in events.range where table.columns.activities[e] == id { count += 1 }
    return count
  }

  func eventTime(activity id: Int32, last: Bool) -> Timestamp? {
    let range = events.range
    if last {
      for e in range.reversed() where table.columns.activities[e] == id {
        return Timestamp(milliseconds: table.columns.times[e])
      }
    } else {
      for e in range where table.columns.activities[e] == id {
        return Timestamp(milliseconds: table.columns.times[e])
      }
    }
    return nil
  }

  /// Events of the matcher's activities whose `where` holds, in time order.
  func events(_ matcher: BoundMatcher) -> [EventRef] {
    var found: [EventRef] = []
    for e in events.range where matches(e, matcher) { found.append(event(e)) }
    return found
  }

  /// Puts the first `limit` events of the matcher (as `events(_:)`) at the start of `buffer`, which
  /// has room for them; returns how many (the initialized prefix; `EventRef` is trivial).
  func events(_ matcher: BoundMatcher, into buffer: UnsafeMutableBufferPointer<EventRef>, limit: Int) -> Int {
    var count = 0
    for e in events.range where count < limit && matches(e, matcher) {
      buffer.initializeElement(at: count, to: event(e))
      count += 1
    }
    return count
  }

  func first(_ matcher: BoundMatcher) -> EventRef? {
    for e in events.range where matches(e, matcher) { return event(e) }
    return nil
  }

  /// The first matching event for which `condition` holds (no array of matches is built).
  func first(_ matcher: BoundMatcher, where condition: (EventRef) -> Bool) -> EventRef? {
    for e in events.range where matches(e, matcher) {
      let event = event(e)
      if condition(event) { return event }
    }
    return nil
  }

  func last(_ matcher: BoundMatcher) -> EventRef? {
    for e in events.range.reversed() where matches(e, matcher) { return event(e) }
    return nil
  }

  /// The matcher `list` of the plan tables holds at position `k` of the list.
  @inline(__always)
  func matcher(_ list: BoundList, _ k: Int) -> BoundMatcher { tables.matchers[Int(list.start) + k] }

  /// A wording or name of the plan.
  func text(_ text: BoundText) -> String { tables.text(text) }

  /// True when the compiled expression holds; nil when it is null.
  func holds(_ program: ExpressionProgram) -> Bool? {
    tables.code.evaluate(program, in: self).bool
  }

  func value(_ program: ExpressionProgram) -> Value {
    tables.code.evaluate(program, in: self)
  }

  @inline(__always)
  private func event(_ e: Int) -> EventRef {
    EventRef(table: table, index: e, time: Timestamp(milliseconds: table.columns.times[e]))
  }

  /// The event is one of the matcher's activities and its `where` holds on the event.
  @inline(__always)
  private func matches(_ e: Int, _ matcher: BoundMatcher) -> Bool {
    guard tables.contains(matcher.ids, table.columns.activities[e]) else { return false }
    guard let condition = matcher.condition else { return true }
    return tables.code.evaluate(condition, in: EventScope(event: event(e), owner: self)).bool == true
  }
}

/// What one worker reads cases through: the table, the audit's plan tables, and answers it found
/// about texts. Used by one worker at a time.
///
/// It holds the table strongly, for its views and the events they find.
final class CaseLookups: @unchecked Sendable {
  let table: CaseTable
  let timeZoneIdentifier: String
  let tables: PlanTables
  /// Answers about pool texts by question and text id (`answer(_:text:_:)`), direct-mapped. One
  /// worker at a time (see above): no dynamic exclusivity checks on every lookup.
  @exclusivity(unchecked) private var textAnswers = [TextAnswer](
    repeating: TextAnswer(question: -1, text: -1, answer: false), count: answerCount)

  init(_ table: CaseTable, timeZoneIdentifier: String, tables: PlanTables = .empty) {
    self.table = table
    self.timeZoneIdentifier = timeZoneIdentifier
    self.tables = tables
  }

  /// The answer to a yes-or-no question about pool text `id` (e.g. "is it one of a rule's
  /// allowed values?"), asked of the text (`ask`) only the first time: a field holds few distinct
  /// texts, and checks ask the same of them for every case. `question` is a plain id of the
  /// question in the audit's plan (such as the position of an allowed field in
  /// `PlanTables.slots`); `ask` must always answer the same for the same question and text.
  @inline(__always)
  func answer(_ question: Int32, text id: Int32, _ ask: (String) -> Bool) -> Bool {
    let mixed = UInt32(bitPattern: question) &* 0x85EB_CA6B &+ UInt32(bitPattern: id) &* 0x9E37_79B9
    let slot = Int(mixed >> 24) & (Self.answerCount - 1)
    let known = textAnswers[slot]
    if known.question == question && known.text == id { return known.answer }
    let answer = ask(table.strings[Int(id)])
    textAnswers[slot] = TextAnswer(question: question, text: id, answer: answer)
    return answer
  }

  /// Slots of `textAnswers`: a power of two, at most 256 (the slot is a byte of the hash).
  private static let answerCount = 256
}

/// One remembered answer of `CaseLookups.answer(_:text:_:)`.
private struct TextAnswer {
  var question: Int32
  var text: Int32
  var answer: Bool
}

/// One event of a case: a position in the table, and its time (read when the event is found:
/// checks compare times far more often than they read anything else).
struct EventRef {
  /// Unowned: the `CaseLookups` of the view that found the event holds the table.
  unowned(unsafe) let table: CaseTable
  let index: Int
  let time: Timestamp

  var activity: String { table.strings[Int(table.columns.activities[index])] }
  var resource: String? { table.resource(ofEvent: index) }
  var source: SourceLocation { table.source(ofEvent: index) }
}

/// A case's events as a collection of `EventRef`s.
struct CaseEvents: RandomAccessCollection {
  /// Unowned, as in `EventRef`.
  unowned(unsafe) let table: CaseTable
  let range: Range<Int>

  var startIndex: Int { range.lowerBound }
  var endIndex: Int { range.upperBound }
  subscript(position: Int) -> EventRef {
    EventRef(table: table, index: position, time: Timestamp(milliseconds: table.columns.times[position]))
  }
}

/// An event's own attributes first, then its case's fields.
struct EventScope: BoundExpressionScope {
  let event: EventRef
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(slot: Int32, eventAlias: Bool) -> Value {
    if eventAlias, let resource = event.resource { return .string(resource) }
    if let own = owner.eventAttribute(event.index, slot: slot), !own.isNull { return own }
    return owner.field(at: slot)
  }

  func field(_ name: String) -> Value {
    let slot = owner.table.schemas[owner.recordTypeIndex].index(of: name).map { Int32($0) } ?? -1
    return field(slot: slot, eventAlias: PlanBinder.eventNames.contains(name))
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
  func eventCount(_ activity: String) -> Int { owner.eventCount(activity) }
  func eventCount(activity id: Int32) -> Int { owner.eventCount(activity: id) }
  func eventTime(activity id: Int32, last: Bool) -> Timestamp? { owner.eventTime(activity: id, last: last) }
}

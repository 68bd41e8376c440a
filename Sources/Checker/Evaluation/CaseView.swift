import PolicyRules

/// A case as a check sees it at the cut-off: its fields and the events up to `asOf`.
///
/// A view is a position in the dataset's `CaseTable`; it copies nothing. It reads the table
/// through its worker's `CaseLookups`, which keeps the table alive while views exist.
struct CaseView: ExpressionScope {
  unowned(unsafe) let table: CaseTable
  /// The worker's columns and name lookups (views of one worker share it).
  let lookups: CaseLookups
  let index: Int
  // The case's events are `start..<end`, those up to the cut-off `start..<cut` (32-bit: views of
  // a large audit are many, and they are kept small).
  private let start: Int32
  private let cut: Int32
  private let end: Int32

  var timeZoneIdentifier: String { lookups.timeZoneIdentifier }
  var columns: TableColumns { lookups.columns }

  /// Events at or before the cut-off, in time order.
  var events: CaseEvents { CaseEvents(table: table, times: columns.times, range: Int(start)..<Int(cut)) }
  /// Every event of the case, also those after the cut-off.
  var allEvents: CaseEvents { CaseEvents(table: table, times: columns.times, range: Int(start)..<Int(end)) }

  init(_ table: CaseTable, _ index: Int, asOf: Timestamp, timeZoneIdentifier: String) {
    self.init(CaseLookups(table, timeZoneIdentifier: timeZoneIdentifier), index, asOf: asOf)
  }

  /// `lookups` are the worker's, used by one thread at a time.
  init(_ lookups: CaseLookups, _ index: Int, asOf: Timestamp) {
    let columns = lookups.columns
    self.table = lookups.table
    self.lookups = lookups
    self.index = index
    let start = columns.eventStarts[index]
    let end = columns.eventStarts[index + 1]
    var cut = start
    while cut < end && columns.times[Int(cut)] <= asOf.milliseconds { cut += 1 }
    self.start = start
    self.cut = cut
    self.end = end
  }

  var id: String { columns.caseIDs[index] }
  /// Index into the table's record types.
  var recordTypeIndex: Int { Int(columns.caseTypes[index]) }
  var recordType: String { table.recordType(of: index) }
  /// The row that created the case.
  var source: SourceLocation { columns.caseSources[index] }

  /// False when every event of the case is after the cut-off: as the audit sees the data, the case
  /// does not exist yet (records without events always exist).
  var existsAtCutOff: Bool { start == end || start < cut }

  func field(_ name: String) -> Value {
    guard let slot = lookups.fieldSlot(type: recordTypeIndex, name) else { return .null }
    return field(slot: slot)
  }

  /// The field at `slot` of the case's record type (`CaseLookups.fieldSlot`).
  @inline(__always)
  func field(slot: Int) -> Value {
    columns.value(storedField(slot: slot))
  }

  /// The field at `slot` (from `CaseLookups.fieldSlots`), null where the case's type lacks it (-1).
  @inline(__always)
  func field(at slot: Int32) -> Value {
    slot < 0 ? .null : field(slot: Int(slot))
  }

  /// The stored cell of field `name`, text left in the pool: equal cells hold equal values.
  func storedField(_ name: String) -> StoredValue {
    guard let slot = lookups.fieldSlot(type: recordTypeIndex, name) else { return .null }
    return storedField(slot: slot)
  }

  /// The packed cell of the field at `slot` (text still a pool id).
  @inline(__always)
  func storedField(slot: Int) -> StoredValue {
    let k = Int(columns.fieldStarts[index]) + slot
    return StoredValue(tag: columns.fieldTags[k], bits: columns.fieldBits[k])
  }

  /// Event e's own value of `name` where it differs from the case's field (nil: same as the case).
  func eventAttribute(_ e: Int, _ name: String) -> Value? {
    let start = Int(columns.attributeStarts[e])
    let end = Int(columns.attributeStarts[e + 1])
    guard start < end, let slot = lookups.fieldSlot(type: recordTypeIndex, name) else { return nil }
    for k in start..<end where Int(columns.attributeSlots[k]) == slot {
      return columns.value(StoredValue(tag: columns.attributeTags[k], bits: columns.attributeBits[k]))
    }
    return nil
  }

  func eventTimes(_ activity: String) -> [Timestamp] {
    guard let id = lookups.activityID(activity) else { return [] }
    var times: [Timestamp] = []
    for e in events.range where columns.activities[e] == id {
      times.append(Timestamp(milliseconds: columns.times[e]))
    }
    return times
  }

  func eventCount(_ activity: String) -> Int {
    guard let id = lookups.activityID(activity) else { return 0 }
    var count = 0
    for e in events.range where columns.activities[e] == id { count += 1 }
    return count
  }

  /// Events of the matcher's activities whose `where` holds, in time order.
  func events(_ matcher: EventMatcher) -> [EventRef] {
    withUnsafePointer(to: matcher) { events(at: $0) }
  }

  /// `events(_:)` for a matcher read in place (see `first(at:)`).
  func events(at matcher: UnsafePointer<EventMatcher>) -> [EventRef] {
    let ids = activityIDs(matcher)
    var found: [EventRef] = []
    for e in events.range where matches(e, ids, matcher) { found.append(event(e)) }
    return found
  }

  /// Puts the first `limit` events of the matcher (as `events(_:)`) at the start of `buffer`, which
  /// has room for them; returns how many.
  func events(_ matcher: EventMatcher, into buffer: UnsafeMutableBufferPointer<EventRef>, limit: Int) -> Int {
    withUnsafePointer(to: matcher) { matcher in
      let ids = activityIDs(matcher)
      var count = 0
      for e in events.range where count < limit && matches(e, ids, matcher) {
        buffer.initializeElement(at: count, to: event(e))
        count += 1
      }
      return count
    }
  }

  func first(_ matcher: EventMatcher) -> EventRef? {
    withUnsafePointer(to: matcher) { first(at: $0) }
  }

  /// The first event of a matcher read in place: checks pass matchers held in their lists this
  /// way, because taking one out of a list copied it (retaining its activity list and condition,
  /// which every worker shares, for every case).
  func first(at matcher: UnsafePointer<EventMatcher>) -> EventRef? {
    let ids = activityIDs(matcher)
    for e in events.range where matches(e, ids, matcher) { return event(e) }
    return nil
  }

  /// The first matching event for which `condition` holds (no array of matches is built).
  func first(_ matcher: EventMatcher, where condition: (EventRef) -> Bool) -> EventRef? {
    withUnsafePointer(to: matcher) { matcher in
      let ids = activityIDs(matcher)
      for e in events.range where matches(e, ids, matcher) {
        let event = event(e)
        if condition(event) { return event }
      }
      return nil
    }
  }

  func last(_ matcher: EventMatcher) -> EventRef? {
    withUnsafePointer(to: matcher) { matcher in
      let ids = activityIDs(matcher)
      for e in events.range.reversed() where matches(e, ids, matcher) {
        return event(e)
      }
      return nil
    }
  }

  @inline(__always)
  private func event(_ e: Int) -> EventRef {
    EventRef(table: table, index: e, time: Timestamp(milliseconds: columns.times[e]))
  }

  /// The pool ids of the matcher's activities (names no event has are left out).
  @inline(__always)
  private func activityIDs(_ matcher: UnsafePointer<EventMatcher>) -> ActivityIDs {
    lookups.ids(matcher)
  }
}

/// What one worker reads cases through: the table's columns as raw buffers, and lookups by name
/// made once rather than on every call (checks look events and fields up several times per case,
/// and names are not compared on each). Used by one worker at a time.
///
/// It holds the table strongly, so views (which hold it unowned) and the raw columns stay valid
/// while a view exists.
final class CaseLookups: @unchecked Sendable {
  let table: CaseTable
  let columns: TableColumns
  let timeZoneIdentifier: String
  // One worker at a time (see above): no dynamic exclusivity checks on every lookup.
  @exclusivity(unchecked) private var matcherKeys: [UnsafeRawPointer] = []
  @exclusivity(unchecked) private var matcherIDs: [ActivityIDs] = []
  /// The index in `matcherKeys` of the matcher last looked up per slot of its address, or -1.
  @exclusivity(unchecked) private var recentMatchers = [Int32](repeating: -1, count: recentCount)
  /// Activity names already looked up, kept (so their storage, which identifies them, is not
  /// reused) with their pool id or -1.
  @exclusivity(unchecked) private var activityNames: [(name: String, key: NameKey, id: Int32)] = []
  /// Activity ids of matchers naming more than two activities (`ActivityIDs.more`).
  @exclusivity(unchecked) private var moreIDs: [UnsafeMutableBufferPointer<Int32>] = []
  /// Slots of field name lists by the list's storage and record type (`fieldSlots`).
  @exclusivity(unchecked) private var slotLists:
    [(key: UnsafeRawPointer, type: Int, slots: UnsafeMutableBufferPointer<Int32>)] = []
  /// The lists `slotLists` is keyed by, held so that their storage cannot be freed and reused by
  /// another list (apart, so that a look-up does not copy them: that would retain and release).
  @exclusivity(unchecked) private var slotListsHeld: [Any] = []
  /// Matchers' wordings (`wording(of:)`) by their activity list's storage and condition.
  @exclusivity(unchecked) private var wordings: [(key: UnsafeRawPointer, condition: String?, text: String)] =
    []
  /// Workers' own copies of matchers' conditions (`condition(of:)`), by the matcher's activity
  /// list's storage and the condition's text (its representation), and the entry last used.
  @exclusivity(unchecked) private var conditions:
    [(key: UnsafeRawPointer, source: NameKey, copy: OwnExpression)] =
      []
  @exclusivity(unchecked) private var lastCondition = -1
  /// The activity lists and condition texts whose storage keys `matcherKeys`, `wordings` and
  /// `conditions`, held so that it cannot be freed and reused by another list or text while
  /// these lookups exist (appended on a miss only; never read).
  @exclusivity(unchecked) private var keyListsHeld: [[String]] = []
  @exclusivity(unchecked) private var keyTextsHeld: [String] = []
  /// Answers about pool texts by question and text id (`answer(_:text:_:)`), direct-mapped.
  @exclusivity(unchecked) private var textAnswers = [TextAnswer](
    repeating: TextAnswer(question: nil, text: -1, answer: false), count: answerCount)
  /// Per record type, its field names' `NameKey`s: `fieldNameKeys[typeStarts[t]..<typeStarts[t + 1]]`.
  private let fieldNameKeys: [NameKey]
  private let typeStarts: [Int]

  init(_ table: CaseTable, timeZoneIdentifier: String) {
    self.table = table
    self.columns = TableColumns(table)
    self.timeZoneIdentifier = timeZoneIdentifier
    var keys: [NameKey] = []
    var starts = [0]
    for schema in table.schemas {
      keys += schema.names.map(NameKey.init)
      starts.append(keys.count)
    }
    fieldNameKeys = keys
    typeStarts = starts
  }

  /// The slot of field `name` in record type `t`'s schema.
  ///
  /// Names are compared by their representation first: rules name fields with the same short
  /// strings over and over, and a short string's representation is its text. Others (long names
  /// stored apart, or names the type lacks) are compared as text.
  @inline(__always)
  func fieldSlot(type t: Int, _ name: String) -> Int? {
    let key = NameKey(name)
    let from = typeStarts[t]
    let to = typeStarts[t + 1]
    for k in from..<to where fieldNameKeys[k] == key { return k - from }
    return table.schemas[t].index(of: name)
  }

  /// The slots of a rule's list of field names in record type `t` (-1 where the type lacks the
  /// field), found once per list and type rather than by name for every case. `name` gives an
  /// entry's field name.
  ///
  /// The list belongs to the audit's rules, which are immutable and outlive it, so its storage
  /// identifies it (as for matchers in `ids(_:)`).
  func fieldSlots<Entry>(of list: [Entry], type t: Int, name: (Entry) -> String) -> UnsafeBufferPointer<Int32>
  {
    let key = list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    guard let key else { return UnsafeBufferPointer(start: nil, count: 0) }
    for index in slotLists.indices where slotLists[index].key == key && slotLists[index].type == t {
      return UnsafeBufferPointer(slotLists[index].slots)
    }
    let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: list.count)
    for (index, entry) in list.enumerated() {
      slots.initializeElement(at: index, to: fieldSlot(type: t, name(entry)).map { Int32($0) } ?? -1)
    }
    slotLists.append((key, t, slots))
    slotListsHeld.append(list)
    return UnsafeBufferPointer(slots)
  }

  deinit {
    for entry in slotLists { entry.slots.deallocate() }
    for ids in moreIDs { ids.deallocate() }
  }

  /// The pool id of an activity name, or nil when no event has it.
  func activityID(_ name: String) -> Int32? {
    let key = NameKey(name)
    for entry in activityNames where entry.key == key { return entry.id < 0 ? nil : entry.id }
    let id = table.activityID(name)
    // Names come from the rules, so there are few; a scope inventing names is not cached forever.
    if activityNames.count < 64 { activityNames.append((name, key, id ?? -1)) }
    return id
  }

  /// The pool ids of the matcher's activities (names no event has are left out).
  ///
  /// The storage of a matcher's activity list identifies it: the list is held (`keyListsHeld`)
  /// once looked up, so no other list can take its place.
  func ids(_ matcher: EventMatcher) -> ActivityIDs {
    withUnsafePointer(to: matcher) { ids($0) }
  }

  /// `ids(_:)` for a matcher read in place (no copy of it is made, see `CaseView.first(at:)`).
  func ids(_ matcher: UnsafePointer<EventMatcher>) -> ActivityIDs {
    let key = matcher.pointee.activities.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    guard let key else { return ActivityIDs() }
    // Checks look matchers up many times per case: a slot per storage address (most rule sets
    // have a few dozen matchers) finds one without scanning the list.
    let slot = Int(truncatingIfNeeded: UInt(bitPattern: key) >> 4) & (Self.recentCount - 1)
    let recent = recentMatchers[slot]
    if recent >= 0 && matcherKeys[Int(recent)] == key { return matcherIDs[Int(recent)] }
    for k in matcherKeys.indices where matcherKeys[k] == key {
      recentMatchers[slot] = Int32(k)
      return matcherIDs[k]
    }
    var found: [Int32] = []
    for name in matcher.pointee.activities {
      if let id = table.activityID(name) { found.append(id) }
    }
    var ids = ActivityIDs(found.prefix(2))
    if found.count > 2 {
      // Kept for the lookups' lifetime, so the ids can point at them without owning them.
      let more = UnsafeMutableBufferPointer<Int32>.allocate(capacity: found.count - 2)
      _ = more.initialize(from: found.dropFirst(2))
      moreIDs.append(more)
      ids.more = UnsafeBufferPointer(more)
    }
    recentMatchers[slot] = Int32(matcherKeys.count)
    keyListsHeld.append(matcher.pointee.activities)
    matcherKeys.append(key)
    matcherIDs.append(ids)
    return ids
  }

  /// Slots of `recentMatchers`: a power of two.
  private static let recentCount = 64

  /// The answer to a yes-or-no question about pool text `id` (e.g. "is it one of a rule's
  /// allowed values?"), asked of the text (`ask`) only the first time: a field holds few distinct
  /// texts, and checks ask the same of them for every case. `question` identifies the question
  /// while these lookups exist (the address of something the caller keeps, such as an entry of
  /// `fieldSlots`); `ask` must always answer the same for the same question and text.
  @inline(__always)
  func answer(_ question: UnsafeRawPointer, text id: Int32, _ ask: (String) -> Bool) -> Bool {
    let mixed = UInt(bitPattern: question) >> 3 &+ UInt(truncatingIfNeeded: id) &* 0x9E37_79B9
    let slot = Int(truncatingIfNeeded: mixed) & (Self.answerCount - 1)
    let known = textAnswers[slot]
    if known.question == question && known.text == id { return known.answer }
    let answer = ask(columns.strings[Int(id)])
    textAnswers[slot] = TextAnswer(question: question, text: id, answer: answer)
    return answer
  }

  /// How findings name a matcher's events (`EventMatcher.description`), phrased once per worker:
  /// a rule names the same events in every finding, so the names are joined (and the condition
  /// quoted) once. The storage of the activity list (held once looked up) and the condition's
  /// text identify one.
  func wording(of matcher: EventMatcher) -> String {
    let key = matcher.activities.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    guard let key else { return matcher.description }
    let condition = matcher.condition?.source
    for entry in wordings where entry.key == key && entry.condition == condition { return entry.text }
    let text = matcher.description
    if wordings.count < 256 {
      keyListsHeld.append(matcher.activities)
      wordings.append((key, condition, text))
    }
    return text
  }

  /// This worker's copy of the matcher's condition (`Expression.unshared()`), which must have one.
  /// The storage of the activity list and of the condition's text identify one (both are held
  /// once looked up; the text names its parameters, and matchers sharing a list come from one
  /// rule).
  func condition(of matcher: UnsafePointer<EventMatcher>) -> Unmanaged<OwnExpression> {
    let key =
      matcher.pointee.activities.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
      ?? UnsafeRawPointer(matcher)
    let source = NameKey(matcher.pointee.condition.unsafelyUnwrapped.source)
    if lastCondition >= 0, conditions[lastCondition].key == key, conditions[lastCondition].source == source {
      return Unmanaged.passUnretained(conditions[lastCondition].copy)
    }
    for index in conditions.indices where conditions[index].key == key && conditions[index].source == source {
      lastCondition = index
      return Unmanaged.passUnretained(conditions[index].copy)
    }
    let copy = OwnExpression(matcher.pointee.condition.unsafelyUnwrapped.unshared())
    keyListsHeld.append(matcher.pointee.activities)
    keyTextsHeld.append(matcher.pointee.condition.unsafelyUnwrapped.source)
    conditions.append((key, source, copy))
    lastCondition = conditions.count - 1
    return Unmanaged.passUnretained(copy)
  }

  /// `wording(of:)` of a time point (`TimePoint.description`).
  func wording(of point: TimePoint) -> String { point.description(naming: wording(of:)) }

  /// Slots of `textAnswers`: a power of two.
  private static let answerCount = 256
}

/// A worker's own copy of an expression (`CaseLookups.condition(of:)`).
final class OwnExpression {
  let expression: Expression
  init(_ expression: Expression) { self.expression = expression }
}

/// One remembered answer of `CaseLookups.answer(_:text:_:)`.
private struct TextAnswer {
  var question: UnsafeRawPointer?
  var text: Int32
  var answer: Bool
}

/// A string's representation (two words). Equal keys mean equal text while both strings are alive:
/// a short string is stored inline, so its key is its text; a longer one's key names its storage.
/// Different keys say nothing (the same text may be stored twice).
struct NameKey: Equatable {
  let low: UInt64
  let high: UInt64

  @inline(__always)
  init(_ string: String) {
    (low, high) = unsafeBitCast(string, to: (UInt64, UInt64).self)
  }
}

extension CaseView {

  /// The event is one of the matcher's activities and its `where` holds on the event.
  @inline(__always)
  private func matches(_ e: Int, _ ids: ActivityIDs, _ matcher: UnsafePointer<EventMatcher>) -> Bool {
    guard ids.contains(columns.activities[e]) else { return false }
    // Read in place: binding the condition copied it (a retain and release per event).
    guard matcher.pointee.condition != nil else { return true }
    let scope = EventScope(event: event(e), owner: self)
    // The worker's own copy is evaluated: evaluating walks the tree, retaining its nodes, and
    // with the rule's one tree every core contended for their reference counts.
    return lookups.condition(of: matcher)._withUnsafeGuaranteedRef { $0.expression.evaluate(in: scope) }
      .bool == true
  }

  /// True when the expression holds; nil when it is null.
  func holds(_ expression: Expression) -> Bool? {
    expression.evaluate(in: self).bool
  }
}

/// A few activity ids without allocating (matchers name one or two activities); plain values,
/// so handing them out of the lookups retains nothing.
struct ActivityIDs {
  private var first: Int32 = -1
  private var second: Int32 = -1
  /// Ids beyond the first two, in storage the `CaseLookups` that made these ids keeps.
  fileprivate(set) var more = UnsafeBufferPointer<Int32>(start: nil, count: 0)

  init() {}

  /// Up to two ids kept inline.
  init(_ ids: some Collection<Int32>) {
    for id in ids.prefix(2) {
      if first < 0 { first = id } else { second = id }
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
  /// The table's time column (`TableColumns.times`).
  let times: UnsafePointer<Int64>
  let range: Range<Int>

  var startIndex: Int { range.lowerBound }
  var endIndex: Int { range.upperBound }
  subscript(position: Int) -> EventRef {
    EventRef(table: table, index: position, time: Timestamp(milliseconds: times[position]))
  }
}

/// The table's columns checks read, as raw buffers.
///
/// Reading them through the table retained and released its arrays on every call, and with
/// several workers every core contended for those shared reference counts. The table's arrays
/// are immutable and `CaseLookups` keeps the table alive while views exist, so their storage
/// stays where these pointers say; nothing writes through them, so workers may share them.
struct TableColumns: @unchecked Sendable {
  // Events.
  let activities: UnsafePointer<Int32>
  let times: UnsafePointer<Int64>
  let attributeStarts: UnsafePointer<Int32>
  let attributeSlots: UnsafePointer<Int32>
  let attributeTags: UnsafePointer<StoredValue.Tag>
  let attributeBits: UnsafePointer<UInt64>
  // Cases.
  let caseIDs: UnsafePointer<String>
  let caseTypes: UnsafePointer<Int32>
  let caseSources: UnsafePointer<SourceLocation>
  let eventStarts: UnsafePointer<Int32>
  let fieldStarts: UnsafePointer<Int32>
  let fieldTags: UnsafePointer<StoredValue.Tag>
  let fieldBits: UnsafePointer<UInt64>
  /// The text pool.
  let strings: UnsafeBufferPointer<String>

  init(_ table: CaseTable) {
    activities = Self.storage(table.activities)
    times = Self.storage(table.times)
    attributeStarts = Self.storage(table.attributeStarts)
    attributeSlots = Self.storage(table.attributeSlots)
    attributeTags = Self.storage(table.attributeValues.tags)
    attributeBits = Self.storage(table.attributeValues.bits)
    caseIDs = Self.storage(table.caseIDs)
    caseTypes = Self.storage(table.caseTypes)
    caseSources = Self.storage(table.caseSources)
    eventStarts = Self.storage(table.eventStarts)
    fieldStarts = Self.storage(table.fieldStarts)
    fieldTags = Self.storage(table.fields.tags)
    fieldBits = Self.storage(table.fields.bits)
    strings = UnsafeBufferPointer(start: Self.storage(table.strings), count: table.strings.count)
  }

  /// A stored cell as a value, text read from the pool.
  @inline(__always)
  func value(_ stored: StoredValue) -> Value { stored.value(strings) }

  /// An array's storage. An empty column may have none; it is never read (views of a table without
  /// events have empty ranges, and so on).
  private static func storage<T>(_ array: [T]) -> UnsafePointer<T> {
    array.withUnsafeBufferPointer { $0.baseAddress }
      ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment).unsafelyUnwrapped
  }
}

/// An event's own attributes first, then its case's fields.
struct EventScope: ExpressionScope {
  let event: EventRef
  let owner: CaseView

  var timeZoneIdentifier: String { owner.timeZoneIdentifier }

  func field(_ name: String) -> Value {
    if name == "resource" || name == "actor", let resource = event.resource { return .string(resource) }
    if let own = owner.eventAttribute(event.index, name), !own.isNull { return own }
    return owner.field(name)
  }

  func eventTimes(_ activity: String) -> [Timestamp] { owner.eventTimes(activity) }
  func eventCount(_ activity: String) -> Int { owner.eventCount(activity) }
}

import PolicyRules

/// Builds cases of one record type into their places in the table; each worker has its own.
///
/// Everything it reads (`TypeInput`) is a lent buffer and what it writes (`CaseColumns`) owned
/// columns, and its scratch is its own memory: building a case touches no reference count.
/// (Arrays read through a struct every worker copies are retained and released on each access,
/// with the count's cache line bouncing between the cores: that kept two workers barely faster
/// than one.)
struct CaseWorker: ~Copyable {
  private let input: TypeInput
  /// The case's fields, one per slot of the type's schema.
  private var fields: Column<StoredValue>
  /// An events output's attributes, as its changes are replayed in file order.
  private var current: Column<StoredValue>
  /// Each event's attributes (events sources), `width` of its output a row.
  private var rows = Column<StoredValue>(capacity: 1024)
  private var gathered = Column<GatheredEvent>(capacity: 64)
  private var doneFiles = Column<Int32>(capacity: 4)
  /// What `touchChanges` read (kept, so that its reads are not left out).
  private(set) var touched = 0
  // The events' own attributes, for the whole range.
  private var attributeSlots = Column<Int32>(capacity: 4096)
  private var attributeTags = Column<StoredValue.Tag>(capacity: 4096)
  private var attributeBits = Column<UInt64>(capacity: 4096)

  init(input: TypeInput) {
    self.input = input
    fields = Column(unfilled: input.width)
    current = Column(unfilled: input.maximumAttributes)
  }

  /// One event of the case being built.
  private struct GatheredEvent {
    var output: Int32
    /// Position in `TypeInput.events`.
    var event: Int32
    var time: Int64
    var file: Int32
    var line: Int32
    /// Where the event's attribute row starts in `rows` (-1: no attributes).
    var row: Int32
  }

  /// Builds the case of rank `rank` (its fields, then its events in time order) into its place
  /// in `table` (no other worker writes there).
  mutating func build(rank: Int, into table: borrowing CaseColumns) {
    let width = input.width
    for slot in 0..<width { fields[slot] = .null }
    var source: SourceLocation?
    var fromRecords = false
    var eventSources = 0
    let contributions = Int(input.contributionStarts[rank])..<Int(input.contributionStarts[rank + 1])
    for c in contributions {
      let contribution = input.contributions[c]
      let output = input.outputs[Int(contribution.output)]
      let first = contribution.firstSource
      if !output.isEvents {
        fillFromRecord(output, case: Int(contribution.slot))
        source = first
        fromRecords = true
      } else {
        eventSources += 1
        if !fromRecords { source = source.map { min($0, first) } ?? first }
      }
    }
    gather(rank: rank)
    touchChanges(rank: rank + 1)
    if !isSorted() { sortGathered() }
    if eventSources > 0 { fillFromEvents(contributions, idText: input.idTexts[rank]) }

    let c = input.offsets.cases + rank
    table.caseTypes.fill(c, with: input.type)
    table.caseSources.fill(c, with: source ?? SourceLocation(file: 0, line: 0))
    let cells = input.offsets.cells + rank * width
    for slot in 0..<width {
      table.fieldTags.fill(cells + slot, with: fields[slot].tag)
      table.fieldBits.fill(cells + slot, with: fields[slot].bits)
    }
    var e = input.offsets.events + Int(input.caseEventStarts[rank])
    table.eventStarts.fill(c + 1, with: Int32(input.offsets.events + Int(input.caseEventStarts[rank + 1])))
    for i in 0..<gathered.count {
      let event = gathered[i]
      if event.row >= 0 {
        // Only the attributes that differ from the case's field are kept.
        let output = input.outputs[Int(event.output)]
        let row = Int(event.row)
        for a in 0..<output.attributeCount {
          let slot = output.attributeSlots[a]
          let value = rows[row + a]
          if slot >= 0 && value != fields[Int(slot)] { keepAttribute(slot, value) }
        }
      }
      let gatheredSource = input.events[Int(event.event)]
      table.activities.fill(e, with: gatheredSource.activity)
      table.times.fill(e, with: event.time)
      table.resources.fill(e, with: gatheredSource.resource)
      table.files.fill(e, with: event.file)
      table.lines.fill(e, with: event.line)
      table.attributeStarts.fill(e + 1, with: Int32(attributeSlots.count))
      e += 1
    }
  }

  /// Keeps an event's own attribute. Out of line: most attributes equal the case's field, and the
  /// loop that compares them then carries no state of the three columns.
  @inline(never)
  private mutating func keepAttribute(_ slot: Int32, _ value: StoredValue) {
    attributeSlots.append(slot)
    attributeTags.append(value.tag)
    attributeBits.append(value.bits)
  }

  /// The attributes of the range's events (table positions `events`), handed over.
  consuming func finish(events: Range<Int>) -> AttributeRun {
    AttributeRun(slots: attributeSlots, tags: attributeTags, bits: attributeBits, events: events)
  }

  /// A records row's non-null values fill the case's empty fields.
  private mutating func fillFromRecord(_ output: OutputColumns, case k: Int) {
    for r in Int(output.recordStarts[k])..<Int(output.recordStarts[k + 1]) {
      let slot = Int(output.fieldMap[Int(output.recordSlots[r])])
      if fields[slot].isNull {
        fields[slot] = StoredValue(tag: output.recordTags[r], bits: output.recordBits[r]).remapped(
          output.pool)
      }
    }
  }

  /// Takes the case's gathered events; for events sources, rebuilds each event's attributes by
  /// replaying its output's changes in file order.
  private mutating func gather(rank: Int) {
    rows.removeAll()
    gathered.removeAll()
    var output = -1
    var columns = input.outputs[0]
    for position in Int(input.caseEventStarts[rank])..<Int(input.caseEventStarts[rank + 1]) {
      let source = input.events[position]
      let o = Int(source.output)
      if o != output {
        // The next output's run: its changes start from nothing.
        output = o
        columns = input.outputs[o]
        for a in 0..<columns.attributeCount { current[a] = .null }
      }
      var row: Int32 = -1
      if columns.isEvents {
        let width = columns.attributeCount
        for c in Int(source.changeStart)..<Int(source.changeEnd) {
          let change = columns.changes[c]
          if change.attribute < width { current[change.attribute] = change.value.remapped(columns.pool) }
        }
        row = Int32(rows.count)
        rows.append(copying: current, count: width)
      }
      gathered.append(
        GatheredEvent(
          output: Int32(o), event: Int32(position), time: source.time, file: columns.fileIndex,
          line: source.line, row: row))
    }
  }

  /// Reads the first and last change of each event of the case of rank `rank` (the next one):
  /// changes stay in their files' order, so each event's are a cache miss away. Asked for while
  /// this case is built, they arrive side by side instead of one after another.
  private mutating func touchChanges(rank: Int) {
    guard rank < input.caseCount else { return }
    var sum = 0
    for position in Int(input.caseEventStarts[rank])..<Int(input.caseEventStarts[rank + 1]) {
      let source = input.events[position]
      if source.changeEnd > source.changeStart {
        let changes = input.outputs[Int(source.output)].changes
        sum &+= changes[Int(source.changeStart)].attribute &+ changes[Int(source.changeEnd) - 1].attribute
      }
    }
    touched &+= sum
  }

  @inline(__always)
  private static func less(_ a: GatheredEvent, _ b: GatheredEvent) -> Bool {
    (a.time, a.file, a.line) < (b.time, b.file, b.line)
  }

  private func isSorted() -> Bool {
    guard gathered.count > 1 else { return true }
    for k in 1..<gathered.count where Self.less(gathered[k], gathered[k - 1]) { return false }
    return true
  }

  /// Sorts the case's events by (time, file, line), keeping the gathered order of ties (as the
  /// standard library's sort does, which long runs use).
  private mutating func sortGathered() {
    let count = gathered.count
    if count <= 32 {
      for k in 1..<count {
        let moving = gathered[k]
        var j = k
        while j > 0 && Self.less(moving, gathered[j - 1]) {
          gathered[j] = gathered[j - 1]
          j -= 1
        }
        gathered[j] = moving
      }
      return
    }
    gathered.withMutableBuffer { buffer in
      var buffer = buffer
      buffer.sort(by: Self.less)
    }
  }

  /// Per events file, in order: the latest non-null value of each attribute (and the case id
  /// and resource) fills the case's empty fields.
  private mutating func fillFromEvents(_ contributions: Range<Int>, idText: Int32) {
    // Once every field has a value nothing more can change: most cases stop at their last event.
    var empty = 0
    for slot in 0..<input.width where fields[slot].isNull { empty += 1 }
    doneFiles.removeAll()
    for c in contributions {
      let contribution = input.contributions[c]
      let output = input.outputs[Int(contribution.output)]
      guard output.isEvents else { continue }
      if empty == 0 { return }
      let file = output.fileIndex
      var done = false
      for k in 0..<doneFiles.count where doneFiles[k] == file { done = true }
      if done { continue }
      doneFiles.append(file)
      // Parts of one file (read in parallel) share the case id and the latest values.
      if output.caseIdSlot >= 0 {
        let slot = Int(output.caseIdSlot)
        if fields[slot].isNull {
          fields[slot] = .string(idText)
          empty -= 1
        }
      }
      var i = gathered.count
      while i > 0 {
        i -= 1
        let event = gathered[i]
        guard event.file == file && event.row >= 0 else { continue }
        if empty == 0 { return }
        let eventOutput = input.outputs[Int(event.output)]
        if eventOutput.resourceSlot >= 0 {
          let slot = Int(eventOutput.resourceSlot)
          let resource = input.events[Int(event.event)].resource
          if fields[slot].isNull && resource >= 0 {
            fields[slot] = .string(resource)
            empty -= 1
          }
        }
        let row = Int(event.row)
        for a in 0..<eventOutput.attributeCount {
          let slot = Int(eventOutput.attributeSlots[a])
          if slot >= 0 && fields[slot].isNull && !rows[row + a].isNull {
            fields[slot] = rows[row + a]
            empty -= 1
          }
        }
      }
    }
  }
}

/// What building a record type's cases reads: buffers its `TypeAssembler` lends for the
/// duration of the build (`withInput`); never kept beyond it.
struct TypeInput: @unchecked Sendable {
  let type: Int32
  let width: Int
  // Lent by `TypeAssembler.withInput` for the build; never kept beyond it.
  let outputs: UnsafeBufferPointer<OutputColumns>
  /// The most attributes an output's events have.
  let maximumAttributes: Int
  /// By rank: the case's id, and its id as a text of the table's pool.
  let ids: UnsafeBufferPointer<String>
  let idTexts: UnsafeBufferPointer<Int32>
  /// By rank.
  let contributions: UnsafeBufferPointer<CaseContribution>
  let contributionStarts: UnsafeBufferPointer<Int32>
  /// Written only by `releaseGathered` (each worker its own cases' events).
  let events: UnsafeMutableBufferPointer<GatheredSource>
  let caseEventStarts: UnsafeBufferPointer<Int32>
  var caseCount: Int { ids.count }
  let offsets: TableOffsets

  /// Hands back the pages of the gathered events of cases `ranks`.
  func releaseGathered(ranks: Range<Int>) {
    let first = Int(caseEventStarts[ranks.lowerBound])
    let end = Int(caseEventStarts[ranks.upperBound])
    guard end > first else { return }
    MemoryPages.release(
      // Within the lent events: the cases `ranks` are this worker's, read for good.
      UnsafeRawBufferPointer(
        rebasing: UnsafeRawBufferPointer(events)[
          (first * MemoryLayout<GatheredSource>.stride)..<(end * MemoryLayout<GatheredSource>.stride)]))
  }
}

/// What building a case reads of one output: its slices of an `OutputStorage`'s columns, lent
/// by `OutputStorage.with` for the duration of its `body`; never kept beyond it.
struct OutputColumns {
  let isEvents: Bool
  let fileIndex: Int32
  /// Attributes an event of the output has.
  let attributeCount: Int
  /// Field slots here filled from the case id and from each event's resource (-1: none).
  let caseIdSlot: Int32
  let resourceSlot: Int32
  // Every buffer below is lent by `OutputStorage.with` for the duration of its `body`.
  /// Records sources: case k's row is `recordStarts[k]..<recordStarts[k + 1]` of (slot, value).
  let recordStarts: UnsafeBufferPointer<Int32>
  let recordSlots: UnsafeBufferPointer<Int32>
  let recordTags: UnsafeBufferPointer<StoredValue.Tag>
  let recordBits: UnsafeBufferPointer<UInt64>
  /// The output's pool ids → the table's.
  let pool: UnsafeBufferPointer<Int32>
  /// The output's field slots → the type's.
  let fieldMap: UnsafeBufferPointer<Int32>
  /// Each event attribute's field slot in the type (-1: none).
  let attributeSlots: UnsafeBufferPointer<Int32>
  /// The events' attribute changes.
  let changes: UnsafeBufferPointer<SourceChange>
}

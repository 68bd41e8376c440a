import PolicyRules

/// A `CaseTable`'s columns allocated at their final size, filled in place.
///
/// Once every record type's cases and events are counted and gathered, each case's position and
/// each of its events' positions in the table are known, so the workers building ranges of cases
/// write straight into the table's columns (`columns`), at disjoint positions, instead of
/// building parts that are then copied one after another into one table. Only the events' own
/// attributes, whose number is known once built, are built per range and joined at the end
/// (`joinAttributes`).
///
/// Every position is written exactly once before `build`: the assembler builds every case and
/// every event. Pages nobody has written yet take no memory, so the table grows while the
/// gathered events, released as they are read, shrink.
struct CaseTableStorage {
  private var caseIDs: [String]
  private var caseTypes: [Int32]
  private var caseSources: [SourceLocation]
  private var eventStarts: [Int32]
  private var fieldTags: [StoredValue.Tag]
  private var fieldBits: [UInt64]
  private var activities: [Int32]
  private var times: [Int64]
  private var resources: [Int32]
  private var files: [Int32]
  private var lines: [Int32]
  private var attributeStarts: [Int32]
  private var attributeSlots: [Int32] = []
  private var attributeTags: [StoredValue.Tag] = []
  private var attributeBits: [UInt64] = []
  /// Where workers write; valid while this storage lives and until `build`.
  private(set) var columns: CaseTableColumns

  init(cases: Int, events: Int, cells: Int) {
    // Case ids are the one column that is not plain bytes: it starts as empty (inline) strings.
    caseIDs = [String](repeating: "", count: cases)
    caseTypes = Self.unfilled(cases)
    caseSources = Self.unfilled(cases)
    eventStarts = Self.unfilled(cases + 1)
    fieldTags = Self.unfilled(cells)
    fieldBits = Self.unfilled(cells)
    activities = Self.unfilled(events)
    times = Self.unfilled(events)
    resources = Self.unfilled(events)
    files = Self.unfilled(events)
    lines = Self.unfilled(events)
    attributeStarts = Self.unfilled(events + 1)
    columns = CaseTableColumns(
      caseIDs: Self.storage(&caseIDs), caseTypes: Self.storage(&caseTypes),
      caseSources: Self.storage(&caseSources), eventStarts: Self.storage(&eventStarts),
      fieldTags: Self.storage(&fieldTags), fieldBits: Self.storage(&fieldBits),
      activities: Self.storage(&activities), times: Self.storage(&times), resources: Self.storage(&resources),
      files: Self.storage(&files), lines: Self.storage(&lines),
      attributeStarts: Self.storage(&attributeStarts))
    columns.eventStarts[0] = 0
    columns.attributeStarts[0] = 0
  }

  /// Joins the attributes built per range (given in table order) into the table's columns;
  /// each range stored its events' attribute ends counted from its own start, so they are
  /// shifted by what the ranges before it hold. Ranges are copied side by side, and freed.
  mutating func joinAttributes(_ runs: [AttributeRun], workers: Int) {
    var starts: [Int] = []
    var total = 0
    for run in runs {
      starts.append(total)
      total += run.count
    }
    attributeSlots = Self.unfilled(total)
    attributeTags = Self.unfilled(total)
    attributeBits = Self.unfilled(total)
    let target = UncheckedSendable(
      (
        Self.storage(&attributeSlots), Self.storage(&attributeTags), Self.storage(&attributeBits),
        columns.attributeStarts
      ))
    let bases = starts
    Parallel.run(runs.count, workers: workers) { k in
      let (slots, tags, bits, starts) = target.value
      let run = runs[k]
      let base = bases[k]
      (slots + base).update(from: run.slots, count: run.count)
      (tags + base).update(from: run.tags, count: run.count)
      (bits + base).update(from: run.bits, count: run.count)
      if base > 0 {
        let shift = Int32(base)
        for e in run.events { starts[e + 1] += shift }
      }
      run.deallocate()
    }
  }

  /// The table, from the filled columns.
  func build(strings: [String], recordTypes: [String], schemas: [FieldSchema]) -> CaseTable {
    CaseTable(
      strings: strings, recordTypes: recordTypes, schemas: schemas, caseTypes: caseTypes, caseIDs: caseIDs,
      caseSources: caseSources, eventStarts: eventStarts,
      fields: StoredValues(tags: fieldTags, bits: fieldBits),
      activities: activities, times: times, resources: resources, files: files, lines: lines,
      attributeStarts: attributeStarts, attributeSlots: attributeSlots,
      attributeValues: StoredValues(tags: attributeTags, bits: attributeBits))
  }

  /// An array of `count` elements whose values are whatever the memory held (plain bytes, all
  /// overwritten before being read); its pages are not touched here.
  private static func unfilled<T: BitwiseCopyable>(_ count: Int) -> [T] {
    // Filled once, in full: huge pages cost no extra memory and spare a page fault every 4 KB.
    return [T](uninitializedCapacity: count) { buffer, initialized in
      MemoryPages.advise(UnsafeMutableRawBufferPointer(buffer))
      initialized = count
    }
  }

  /// The storage of an array this storage owns alone and never resizes, so its address holds.
  private static func storage<T>(_ array: inout [T]) -> UnsafeMutablePointer<T> {
    array.withUnsafeMutableBufferPointer { $0.baseAddress }
      ?? UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment).unsafelyUnwrapped
  }
}

/// Where the workers building cases write: the columns of a `CaseTableStorage`, as raw pointers
/// (each worker writes its own cases and events; no reference counts are touched).
struct CaseTableColumns: @unchecked Sendable {
  let caseIDs: UnsafeMutablePointer<String>
  let caseTypes: UnsafeMutablePointer<Int32>
  let caseSources: UnsafeMutablePointer<SourceLocation>
  let eventStarts: UnsafeMutablePointer<Int32>
  let fieldTags: UnsafeMutablePointer<StoredValue.Tag>
  let fieldBits: UnsafeMutablePointer<UInt64>
  let activities: UnsafeMutablePointer<Int32>
  let times: UnsafeMutablePointer<Int64>
  let resources: UnsafeMutablePointer<Int32>
  let files: UnsafeMutablePointer<Int32>
  let lines: UnsafeMutablePointer<Int32>
  /// Event e's attributes end at `attributeStarts[e + 1]`, counted from its range's start until
  /// the ranges are joined.
  let attributeStarts: UnsafeMutablePointer<Int32>
}

/// The own attributes of the events of one range of cases (`events`: their table positions),
/// in event order; its buffers are freed once joined into the table.
struct AttributeRun: @unchecked Sendable {
  let slots: UnsafeMutablePointer<Int32>
  let tags: UnsafeMutablePointer<StoredValue.Tag>
  let bits: UnsafeMutablePointer<UInt64>
  let count: Int
  let events: Range<Int>

  func deallocate() {
    slots.deallocate()
    tags.deallocate()
    bits.deallocate()
  }
}

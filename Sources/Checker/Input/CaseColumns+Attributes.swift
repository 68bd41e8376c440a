/// The own attributes of the events of one range of cases (`events`: their table positions),
/// in event order, as one worker built them; freed once joined into the table's columns.
final class AttributeRun: Sendable {
  let slots: Column<Int32>
  let tags: Column<StoredValue.Tag>
  let bits: Column<UInt64>
  let events: Range<Int>

  init(
    slots: consuming Column<Int32>, tags: consuming Column<StoredValue.Tag>, bits: consuming Column<UInt64>,
    events: Range<Int>
  ) {
    self.slots = slots
    self.tags = tags
    self.bits = bits
    self.events = events
  }

  var count: Int { slots.count }
}

extension CaseColumns {
  /// Joins the attributes built per range (given in table order) into the columns; each range
  /// stored its events' attribute ends counted from its own start, so they are shifted by what
  /// the ranges before it hold. Ranges are copied side by side on `workers` threads, each freed
  /// once copied.
  mutating func joinAttributes(_ runs: consuming [AttributeRun], workers: Int) {
    var bases: [Int] = []
    var total = 0
    for k in runs.indices {
      bases.append(total)
      total += runs[k].count
    }
    attributeSlots = Column(unfilled: total)
    attributeTags = Column(unfilled: total)
    attributeBits = Column(unfilled: total)
    // Each worker takes its run out, so that the run goes as soon as it is copied.
    let held = ConcurrentResults<AttributeRun>(count: runs.count)
    for k in runs.indices { held.set(k, runs[k]) }
    runs = []
    Self.copy(held, at: bases, into: self, workers: workers)
  }

  /// Copies run k of `runs` to `bases[k]` on (disjoint positions).
  private static func copy(
    _ runs: ConcurrentResults<AttributeRun>, at bases: [Int], into columns: borrowing CaseColumns,
    workers: Int
  ) {
    Parallel.run(bases.count, workers: workers) { k in
      guard let run = runs.take(k) else { return }
      let base = bases[k]
      run.slots.withBuffer { columns.attributeSlots.fill(from: base, copying: $0) }
      run.tags.withBuffer { columns.attributeTags.fill(from: base, copying: $0) }
      run.bits.withBuffer { columns.attributeBits.fill(from: base, copying: $0) }
      if base > 0 {
        let shift = Int32(base)
        for e in run.events {
          columns.attributeStarts.fill(e + 1, with: columns.attributeStarts[e + 1] + shift)
        }
      }
    }
  }
}

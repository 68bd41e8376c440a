/// The arrays of a record type's outputs that building its cases reads, moved into columns of
/// this one owner (each output's run after the previous output's), so that all of them are lent
/// by one `with` call at a constant stack depth, however many outputs (files and their parts)
/// the type has.
///
/// Invariant: every pointer into the columns lives in the `OutputColumns` that `with(_:)` builds
/// for its `body` and is never kept beyond it.
struct OutputStorage: ~Copyable {
  /// What one output keeps apart from its arrays, and where its runs start in the columns.
  private struct Part {
    var isEvents: Bool
    var fileIndex: Int32
    var attributeCount: Int
    var caseIdSlot: Int32
    var resourceSlot: Int32
    var recordStarts: Range<Int>
    var records: Range<Int>
    var pool: Range<Int>
    var fieldMap: Range<Int>
    var attributeSlots: Range<Int>
    var changes: Range<Int>
  }

  private let parts: [Part]
  private let recordStarts: Column<Int32>
  private let recordSlots: Column<Int32>
  private let recordTags: Column<StoredValue.Tag>
  private let recordBits: Column<UInt64>
  private let pool: Column<Int32>
  private let fieldMap: Column<Int32>
  private let attributeSlots: Column<Int32>
  private let changes: Column<SourceChange>

  /// Takes over the records and changes of `outputs` (emptied there, one output at a time, so
  /// that they are held once, not twice) and copies the per-output maps.
  init(
    moving outputs: inout [SourceOutput], pools: [[Int32]], fieldMaps: [[Int32]], attributeSlots: [[Int32]]
  ) {
    var parts: [Part] = []
    var ends = (recordStarts: 0, records: 0, pool: 0, fieldMap: 0, attributeSlots: 0, changes: 0)
    for (o, output) in outputs.enumerated() {
      func next(_ end: inout Int, _ count: Int) -> Range<Int> {
        defer { end += count }
        return end..<(end + count)
      }
      let map = fieldMaps[o]
      parts.append(
        Part(
          isEvents: output.kind == .events, fileIndex: output.fileIndex,
          attributeCount: output.attributeFields.count,
          caseIdSlot: output.caseIdField >= 0 ? map[Int(output.caseIdField)] : -1,
          resourceSlot: output.resourceField >= 0 ? map[Int(output.resourceField)] : -1,
          recordStarts: next(&ends.recordStarts, output.recordStarts.count),
          records: next(&ends.records, output.recordSlots.count), pool: next(&ends.pool, pools[o].count),
          fieldMap: next(&ends.fieldMap, map.count),
          attributeSlots: next(&ends.attributeSlots, attributeSlots[o].count),
          changes: next(&ends.changes, output.changes.count)))
    }
    let recordStarts = Column<Int32>(unfilled: ends.recordStarts)
    let recordSlots = Column<Int32>(unfilled: ends.records)
    let recordTags = Column<StoredValue.Tag>(unfilled: ends.records)
    let recordBits = Column<UInt64>(unfilled: ends.records)
    let pool = Column<Int32>(unfilled: ends.pool)
    let fieldMap = Column<Int32>(unfilled: ends.fieldMap)
    let slots = Column<Int32>(unfilled: ends.attributeSlots)
    let changes = Column<SourceChange>(unfilled: ends.changes)
    for (o, part) in parts.enumerated() {
      // Each array is lent for its copy only.
      outputs[o].recordStarts.withUnsafeBufferPointer {
        recordStarts.fill(from: part.recordStarts.lowerBound, copying: $0)
      }
      outputs[o].recordSlots.withUnsafeBufferPointer {
        recordSlots.fill(from: part.records.lowerBound, copying: $0)
      }
      outputs[o].recordValues.tags.withUnsafeBufferPointer {
        recordTags.fill(from: part.records.lowerBound, copying: $0)
      }
      outputs[o].recordValues.bits.withUnsafeBufferPointer {
        recordBits.fill(from: part.records.lowerBound, copying: $0)
      }
      pools[o].withUnsafeBufferPointer { pool.fill(from: part.pool.lowerBound, copying: $0) }
      fieldMaps[o].withUnsafeBufferPointer { fieldMap.fill(from: part.fieldMap.lowerBound, copying: $0) }
      attributeSlots[o].withUnsafeBufferPointer {
        slots.fill(from: part.attributeSlots.lowerBound, copying: $0)
      }
      outputs[o].changes.withUnsafeBufferPointer { changes.fill(from: part.changes.lowerBound, copying: $0) }
      outputs[o].recordStarts = []
      outputs[o].recordSlots = []
      outputs[o].recordValues = StoredValues()
      outputs[o].changes = []
    }
    self.parts = parts
    self.recordStarts = recordStarts
    self.recordSlots = recordSlots
    self.recordTags = recordTags
    self.recordBits = recordBits
    self.pool = pool
    self.fieldMap = fieldMap
    self.attributeSlots = slots
    self.changes = changes
  }

  /// Runs `body` with every output's columns, in output order; they are valid only inside `body`.
  func with(_ body: (UnsafeBufferPointer<OutputColumns>) -> Void) {
    // Each column is lent for the whole of `body`; the slices below are taken from these buffers.
    recordStarts.withBuffer { recordStarts in
      recordSlots.withBuffer { recordSlots in
        recordTags.withBuffer { recordTags in
          recordBits.withBuffer { recordBits in
            pool.withBuffer { pool in
              fieldMap.withBuffer { fieldMap in
                attributeSlots.withBuffer { attributeSlots in
                  changes.withBuffer { changes in
                    let columns = parts.map { part in
                      OutputColumns(
                        isEvents: part.isEvents, fileIndex: part.fileIndex,
                        attributeCount: part.attributeCount,
                        caseIdSlot: part.caseIdSlot, resourceSlot: part.resourceSlot,
                        recordStarts: UnsafeBufferPointer(rebasing: recordStarts[part.recordStarts]),
                        recordSlots: UnsafeBufferPointer(rebasing: recordSlots[part.records]),
                        recordTags: UnsafeBufferPointer(rebasing: recordTags[part.records]),
                        recordBits: UnsafeBufferPointer(rebasing: recordBits[part.records]),
                        pool: UnsafeBufferPointer(rebasing: pool[part.pool]),
                        fieldMap: UnsafeBufferPointer(rebasing: fieldMap[part.fieldMap]),
                        attributeSlots: UnsafeBufferPointer(rebasing: attributeSlots[part.attributeSlots]),
                        changes: UnsafeBufferPointer(rebasing: changes[part.changes]))
                    }
                    // Lent for `body` only, with the columns above.
                    columns.withUnsafeBufferPointer { body($0) }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

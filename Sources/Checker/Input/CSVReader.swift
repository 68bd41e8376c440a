/// An RFC 4180 reader over UTF-8 bytes: quoted fields, doubled quotes, embedded line breaks,
/// CRLF or LF, and a header row.
///
/// It works on bytes and hands each record to a closure as byte slices, so no `String` is made
/// for a cell the caller does not need (timestamps and numbers are parsed straight from bytes).
/// A record's line is the line it starts on, even when an earlier field spans several lines.
/// Blank lines are skipped and not counted as records.
public struct CSVReader {
  /// One record: its fields as byte slices valid only during the callback.
  public struct Record {
    /// The 1-based line the record starts on.
    public var line: Int
    var spans: [Span] = []
    var scratch: [UInt8] = []
    var base: UnsafeBufferPointer<UInt8>
    /// Set when the input ended inside a quoted field; the record is incomplete.
    public var isUnterminated = false
    /// The offset just after the record (and its line break) in the reader's bytes.
    public var endOffset = 0

    struct Span {
      var start: Int
      var end: Int
      var inScratch: Bool
    }

    public var count: Int { spans.count }

    /// The bytes of field `index` (0-based), quotes removed and doubled quotes undone.
    @inline(__always)
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      let span = spans[index]
      if span.inScratch {
        return scratch.withUnsafeBufferPointer {
          body(UnsafeBufferPointer(rebasing: $0[span.start..<span.end]))
        }
      }
      return body(UnsafeBufferPointer(rebasing: base[span.start..<span.end]))
    }

    /// Field `index` as a String (invalid UTF-8 is repaired; callers that care validate first).
    public func string(_ index: Int) -> String {
      withField(index) { String(decoding: $0, as: UTF8.self) }
    }
  }

  public let delimiter: UInt8
  private let bytes: UnsafeBufferPointer<UInt8>
  /// The line number of the first byte (for a part of a file).
  private let firstLine: Int

  /// `bytes` must stay alive while the reader is used.
  public init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, firstLine: Int = 1) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.firstLine = firstLine
  }

  /// The delimiter among `,` `;` tab and `|` that occurs most often outside quotes on the first line
  /// (comma on a tie or when none occurs).
  public static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
    let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
    var counts = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    for byte in bytes {
      if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes {
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
        if let k = candidates.firstIndex(of: byte) { counts[k] += 1 }
      }
    }
    var best = 0
    for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
    return candidates[best]
  }

  /// Records split into fields a batch at a time: the fields of up to `capacity` records, so
  /// that a reader can look at a column of many records (and start their cache misses together)
  /// before it handles them one by one; the bytes are scanned once.
  public struct Batch {
    /// Where each record's fields are; spans of record `r` are `spanStart..<spanEnd`.
    struct Bounds {
      var spanStart: Int
      var spanEnd: Int
      var line: Int
      var endOffset: Int
    }

    let spans: GrowableBuffer<Record.Span>
    let records: GrowableBuffer<Bounds>
    var scratch: [UInt8] = []
    /// The last record was cut off by the end of the input inside a quoted field.
    var lastIsUnterminated = false
    let base: UnsafeBufferPointer<UInt8>

    init(base: UnsafeBufferPointer<UInt8>, capacity: Int) {
      self.base = base
      spans = GrowableBuffer(capacity: capacity * 16)
      records = GrowableBuffer(capacity: capacity)
    }

    /// Records in the batch.
    public var count: Int { records.count }
    /// The 1-based line record `r` starts on.
    public func line(_ r: Int) -> Int { records[r].line }
    /// The offset just after record `r` (and its line break).
    public func endOffset(_ r: Int) -> Int { records[r].endOffset }
    public func fieldCount(_ r: Int) -> Int {
      let bounds = records[r]
      return bounds.spanEnd - bounds.spanStart
    }
    public func isUnterminated(_ r: Int) -> Bool { lastIsUnterminated && r == count - 1 }

    /// Field `column` of record `r`, as `Record.withField` gives it.
    @inline(__always)
    public func withField<R>(_ r: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      // One check: a record's spans lie within the buffer.
      let bounds = records[r]
      precondition(
        UInt(bitPattern: column) < UInt(bitPattern: bounds.spanEnd - bounds.spanStart), "no such field")
      let span = spans.base[bounds.spanStart + column]
      if span.inScratch {
        return scratch.withUnsafeBufferPointer {
          body(UnsafeBufferPointer(rebasing: $0[span.start..<span.end]))
        }
      }
      return body(UnsafeBufferPointer(rebasing: base[span.start..<span.end]))
    }

    /// Record `r` on its own.
    public func record(_ r: Int) -> Record {
      let bounds = records[r]
      var record = Record(line: bounds.line, base: base)
      record.spans = spans.elements(bounds.spanStart..<bounds.spanEnd)
      record.scratch = scratch
      record.isUnterminated = isUnterminated(r)
      record.endOffset = bounds.endOffset
      return record
    }

    mutating func removeAll() {
      spans.removeAll()
      records.removeAll()
      scratch.removeAll(keepingCapacity: true)
      lastIsUnterminated = false
    }
  }

  /// Calls `body` for every record in order; `body` returns false to stop early.
  public func forEachRecord(_ body: (Record) -> Bool) {
    forEachBatch(capacity: 1) { batch in
      for r in 0..<batch.count where !body(batch.record(r)) { return false }
      return true
    }
  }

  /// Calls `body` with the records in order, up to `capacity` at a time (the last batch may
  /// hold fewer, none is empty); `body` returns false to stop early.
  public func forEachBatch(capacity: Int, _ body: (Batch) -> Bool) {
    let n = bytes.count
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    var batch = Batch(base: bytes, capacity: capacity)
    var scanner = FieldEndScanner(bytes: bytes, delimiter: delimiter)
    var position = 0
    var line = firstLine
    while position < n {
      batch.removeAll()
      while position < n && batch.count < capacity {
        // Skip blank lines between records.
        if bytes[position] == newline {
          line += 1
          position += 1
          continue
        }
        if bytes[position] == carriageReturn {
          position += 1
          if position < n && bytes[position] == newline { position += 1 }
          line += 1
          continue
        }
        readRecord(into: &batch, scanner: &scanner, position: &position, line: &line)
      }
      if batch.count > 0 && !body(batch) { return }
    }
  }

  /// Splits the record at `position` (not a blank line) into `batch`; moves past it.
  @inline(__always)
  private func readRecord(
    into batch: inout Batch, scanner: inout FieldEndScanner, position: inout Int, line: inout Int
  ) {
    let n = bytes.count
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    let delimiter = self.delimiter
    let spanStart = batch.spans.count
    let startLine = line
    var endOfRecord = false
    while !endOfRecord {
      if position < n && bytes[position] == quote {
        // Quoted field: copy into scratch, undoing doubled quotes; text after the closing
        // quote (up to the delimiter) is kept, as spreadsheets do.
        let start = batch.scratch.count
        position += 1
        var closed = false
        while position < n {
          let byte = bytes[position]
          if byte == quote {
            if position + 1 < n && bytes[position + 1] == quote {
              batch.scratch.append(quote)
              position += 2
              continue
            }
            position += 1
            closed = true
            break
          }
          if byte == newline { line += 1 }
          batch.scratch.append(byte)
          position += 1
        }
        if !closed {
          batch.spans.append(.init(start: start, end: batch.scratch.count, inScratch: true))
          batch.lastIsUnterminated = true
          break
        }
        while position < n {
          let byte = bytes[position]
          if byte == delimiter || byte == newline || byte == carriageReturn { break }
          batch.scratch.append(byte)
          position += 1
        }
        batch.spans.append(.init(start: start, end: batch.scratch.count, inScratch: true))
      } else {
        let start = position
        position = scanner.fieldEnd(from: position)
        batch.spans.append(.init(start: start, end: position, inScratch: false))
      }
      // After a field: delimiter ⇒ next field; line break or end ⇒ end of record.
      if position >= n {
        endOfRecord = true
      } else if bytes[position] == delimiter {
        position += 1
        if position >= n { batch.spans.append(.init(start: n, end: n, inScratch: false)) }
        endOfRecord = position >= n
      } else {
        if bytes[position] == carriageReturn { position += 1 }
        if position < n && bytes[position] == newline { position += 1 }
        line += 1
        endOfRecord = true
      }
    }
    batch.records.append(
      .init(spanStart: spanStart, spanEnd: batch.spans.count, line: startLine, endOffset: position))
  }

  /// Where to split `bytes[from..<to]` into `parts` pieces that each start a record: after a line
  /// break outside quotes (an even number of quote characters before it). Returns the start
  /// offsets after `from` and the line number each starts on (`firstLine` is `from`'s line).
  public static func splitPoints(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, parts: Int, firstLine: Int
  ) -> [(offset: Int, line: Int)] {
    var points: [(offset: Int, line: Int)] = []
    var position = from
    var line = firstLine
    var quotes = 0
    // Bytes still to read one at a time: the rest of a block that holds a carriage return.
    var bytewise = 0
    for k in 1..<max(1, parts) {
      let target = from + (to - from) * k / parts
      while position < to {
        // Blocks wholly before the target cannot hold the split: count their line feeds and
        // quotes 64 bytes at a time (this scan is serial, before the parts are read). A block
        // with a carriage return goes byte by byte, as its meaning depends on the quotes.
        if bytewise == 0, position + 64 <= target, let base = bytes.baseAddress {
          let counted = countLineFeedsAndQuotes(UnsafeRawPointer(base), from: position, to: target)
          quotes += counted.quotes
          line += counted.lineFeeds
          position = counted.end
          // Stopped with a whole block left before the target: that block holds a carriage return.
          if position + 64 <= target { bytewise = 64 }
          continue
        }
        bytewise = max(0, bytewise - 1)
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "\"") {
          quotes += 1
        } else if byte == UInt8(ascii: "\n") {
          line += 1
          if position > target && quotes % 2 == 0 { break }
        } else if byte == UInt8(ascii: "\r") && quotes % 2 == 0
          && (position >= to || bytes[position] != UInt8(ascii: "\n"))
        {
          line += 1
          if position > target && quotes % 2 == 0 { break }
        }
      }
      guard position < to else { break }
      points.append((position, line))
    }
    return points
  }

  /// Line feeds and quote characters in the 64-byte blocks of `base[start..<end]`, from `start`
  /// up to the first block that holds a carriage return (its meaning depends on the quotes) or
  /// does not fit: returns where the counted blocks end. Each vector lane counts its matches in
  /// a byte (a match is all ones: subtracting it adds one), and the lanes are summed before any
  /// could wrap, so a block costs a few vector operations and no bit gathering.
  static func countLineFeedsAndQuotes(_ base: UnsafeRawPointer, from start: Int, to end: Int)
    -> (end: Int, lineFeeds: Int, quotes: Int)
  {
    let lineFeed = SIMD16<UInt8>(repeating: 0x0A)
    let quote = SIMD16<UInt8>(repeating: 0x22)
    let carriageReturn = SIMD16<UInt8>(repeating: 0x0D)
    var position = start
    var totals = (lineFeeds: 0, quotes: 0)
    var blocked = false
    while !blocked && position + 64 <= end {
      var lineFeedLanes = SIMD16<UInt8>()
      var quoteLanes = SIMD16<UInt8>()
      // A lane gains at most 4 a block: 63 blocks stay below 256.
      var blocks = 0
      while blocks < 63 && position + 64 <= end {
        let block = base + position
        var returns = SIMDMask<SIMD16<Int8>>()
        var lineFeeds = SIMD16<UInt8>()
        var quotes = SIMD16<UInt8>()
        for k in 0..<4 {
          let vector = block.loadUnaligned(fromByteOffset: 16 * k, as: SIMD16<UInt8>.self)
          returns .|= vector .== carriageReturn
          lineFeeds &-= unsafeBitCast(vector .== lineFeed, to: SIMD16<UInt8>.self)
          quotes &-= unsafeBitCast(vector .== quote, to: SIMD16<UInt8>.self)
        }
        let words = unsafeBitCast(returns, to: SIMD2<UInt64>.self)
        if words[0] | words[1] != 0 {
          blocked = true
          break
        }
        lineFeedLanes &+= lineFeeds
        quoteLanes &+= quotes
        position += 64
        blocks += 1
      }
      totals.lineFeeds += Int(SIMD16<UInt16>(truncatingIfNeeded: lineFeedLanes).wrappedSum())
      totals.quotes += Int(SIMD16<UInt16>(truncatingIfNeeded: quoteLanes).wrappedSum())
    }
    return (position, totals.lineFeeds, totals.quotes)
  }
}

/// An RFC 4180 reader over UTF-8 bytes: quoted fields, doubled quotes, embedded line breaks,
/// CRLF or LF, and a header row.
///
/// It works on bytes and hands each record to a closure as byte slices, so no `String` is made
/// for a cell the caller does not need (timestamps and numbers are parsed straight from bytes).
/// A record's line is the line it starts on, even when an earlier field spans several lines.
/// Blank lines are skipped and not counted as records.
///
/// A stray quote must not swallow the rest of the file into one field. A quoted field that
/// spans lines is taken for a stray quote (the record is *flawed*) when the file ends before it
/// closes, when it runs over `QuotedFieldLimits`, when text follows its closing quote, or when
/// its record has not `expectedFieldCount` fields. A flawed record is only its first physical
/// line (no fields) and reading resumes at the next line, so the rows after it are read as rows.
public struct CSVReader {
  /// How far a quoted field may run before its opening quote is taken for a stray one.
  public struct QuotedFieldLimits: Sendable, Hashable {
    /// Physical lines one quoted field may span.
    public var maxLines: Int
    /// Bytes one quoted field may hold.
    public var maxBytes: Int

    public init(maxLines: Int = Self.standard.maxLines, maxBytes: Int = Self.standard.maxBytes) {
      self.maxLines = max(1, maxLines)
      self.maxBytes = max(1, maxBytes)
    }

    /// 1,000 lines (a spreadsheet cell holds at most 253 line breaks) and 1 MiB (a spreadsheet
    /// cell at most 32,767 characters, under 128 KB in UTF-8).
    public static let standard = QuotedFieldLimits(lines: 1_000, bytes: 1 << 20)

    private init(lines: Int, bytes: Int) {
      maxLines = lines
      maxBytes = bytes
    }
  }

  /// Why a record was read as its first line alone: a quoted field that looks like a stray quote.
  public struct Flaw: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
      /// The input ends inside the quoted field.
      case unterminated
      /// The field runs over `QuotedFieldLimits.maxLines`.
      case tooManyLines
      /// The field runs over `QuotedFieldLimits.maxBytes`.
      case tooManyBytes
      /// Text follows the closing quote of a field that spans lines.
      case textAfterClosingQuote
      /// A field spans lines and the record has not the expected number of fields.
      case fieldCount(found: Int, expected: Int)
    }

    public var kind: Kind
    /// The 1-based field the quoted field is (a rejection's column).
    public var field: Int
    /// The line the quoted field opens on and the line where it closed or was given up.
    public var openLine: Int
    public var lastLine: Int

    /// The reason a rejected row gives.
    public func reason(_ limits: QuotedFieldLimits) -> String {
      let lines = openLine == lastLine ? "line \(openLine)" : "lines \(openLine)–\(lastLine)"
      switch kind {
      case .unterminated:
        return "unterminated quoted field: no closing quote before the end of the file"
      case .tooManyLines:
        return "unterminated quoted field: no closing quote within \(limits.maxLines) lines (max_field_lines)"
      case .tooManyBytes:
        return "unterminated quoted field: no closing quote within \(limits.maxBytes) bytes (max_field_bytes)"
      case .textAfterClosingQuote:
        return "quoted field spans \(lines) and text follows its closing quote (a stray quote?)"
      case .fieldCount(let found, let expected):
        return
          "quoted field spans \(lines) and the record has \(found) fields, expected \(expected) (a stray quote?)"
      }
    }
  }

  /// One record: its fields as byte slices valid only during the callback.
  public struct Record {
    /// The 1-based line the record starts on.
    public var line: Int
    var spans: [Span] = []
    var scratch: [UInt8] = []
    // The reader's input, lent by its caller for the whole read (records live only in callbacks).
    var base: UnsafeBufferPointer<UInt8>
    /// Set when a quoted field looked like a stray quote: the record is its first line, unread.
    public var flaw: Flaw?
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
        // Slices of the record's scratch or of the input, within their bounds, lent for `body` only.
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
  public let limits: QuotedFieldLimits
  /// The number of fields a record must have when one of its quoted fields spans lines (nil:
  /// any); a multi-line field in a record of another width is taken for a stray quote.
  public let expectedFieldCount: Int?
  private let bytes: UnsafeBufferPointer<UInt8>
  /// The line number of the first byte (for a part of a file).
  private let firstLine: Int
  /// Records start before this offset (a part of a file ends there; its last record may run on).
  private let stopOffset: Int

  /// `bytes` must stay alive while the reader is used. Records are read that start before
  /// `stopOffset` (default: the end); the last of them may run past it.
  public init(
    bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, firstLine: Int = 1,
    limits: QuotedFieldLimits = .standard, expectedFieldCount: Int? = nil, stopOffset: Int? = nil
  ) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.firstLine = firstLine
    self.limits = limits
    self.expectedFieldCount = expectedFieldCount
    self.stopOffset = min(bytes.count, stopOffset ?? bytes.count)
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
      /// The index of the record's flaw in `flaws`, or -1.
      var flaw: Int = -1
    }

    let spans: GrowableBuffer<Record.Span>
    let records: GrowableBuffer<Bounds>
    var scratch: [UInt8] = []
    var flaws: [Flaw] = []
    // The reader's input, lent by its caller for the whole read (batches live only in callbacks).
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
    /// Why record `r` is its first line alone, without fields (nil: it was read).
    @inline(__always)
    public func flaw(_ r: Int) -> Flaw? {
      let index = records[r].flaw
      return index < 0 ? nil : flaws[index]
    }

    /// Field `column` of record `r`, as `Record.withField` gives it.
    @inline(__always)
    public func withField<R>(_ r: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
      // One check: a record's spans lie within the buffer.
      let bounds = records[r]
      precondition(
        UInt(bitPattern: column) < UInt(bitPattern: bounds.spanEnd - bounds.spanStart), "no such field")
      let span = spans.base[bounds.spanStart + column]
      if span.inScratch {
        // Slices of the batch's scratch or of the input, within their bounds, lent for `body` only.
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
      record.flaw = flaw(r)
      record.endOffset = bounds.endOffset
      return record
    }

    mutating func removeAll() {
      spans.removeAll()
      records.removeAll()
      scratch.removeAll(keepingCapacity: true)
      if !flaws.isEmpty { flaws.removeAll() }
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
  /// hold fewer, none is empty); `body` returns false to stop early. Returns where reading
  /// ended: the offset after the last record read (and any blank lines before the stop offset)
  /// and the line there.
  @discardableResult
  public func forEachBatch(capacity: Int, _ body: (Batch) -> Bool) -> (offset: Int, line: Int) {
    let stop = stopOffset
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    var batch = Batch(base: bytes, capacity: capacity)
    var scanner = FieldEndScanner(bytes: bytes, delimiter: delimiter)
    var position = 0
    var line = firstLine
    while position < stop {
      batch.removeAll()
      while position < stop && batch.count < capacity {
        // Skip blank lines between records.
        if bytes[position] == newline {
          line += 1
          position += 1
          continue
        }
        if bytes[position] == carriageReturn {
          position += 1
          if position < bytes.count && bytes[position] == newline { position += 1 }
          line += 1
          continue
        }
        readRecord(into: &batch, scanner: &scanner, position: &position, line: &line)
      }
      if batch.count > 0 && !body(batch) { return (position, line) }
    }
    return (position, line)
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
    let recordStart = position
    let startLine = line
    // The first field of the record that spans lines (0: none), and the line it opens on.
    var multiLineField = 0
    var multiLineLines = (open: 0, close: 0)
    var endOfRecord = false
    while !endOfRecord {
      if position < n && bytes[position] == quote {
        // Quoted field: copy into scratch, undoing doubled quotes; text after the closing
        // quote (up to the delimiter) is kept, as spreadsheets do, on a field of one line.
        let start = batch.scratch.count
        let openLine = line
        let field = batch.spans.count - spanStart + 1
        // The closing quote may follow `maxBytes` bytes of text.
        // (Compared without adding to `maxBytes`: a limit of Int.max must not overflow.)
        let limit = n - position - 1 > limits.maxBytes ? position + 2 + limits.maxBytes : n
        position += 1
        var closed = false
        while position < limit {
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
          if byte == newline {
            line += 1
            if line - openLine >= limits.maxLines {
              flawed(.tooManyLines, field: field, openLine: openLine, lastLine: line)
              return
            }
          }
          batch.scratch.append(byte)
          position += 1
        }
        if !closed {
          flawed(
            position >= n ? .unterminated : .tooManyBytes, field: field, openLine: openLine, lastLine: line)
          return
        }
        if line > openLine {
          // RFC 4180: the closing quote of a field that spans lines ends the field.
          if position < n && bytes[position] != delimiter && bytes[position] != newline
            && bytes[position] != carriageReturn
          {
            flawed(.textAfterClosingQuote, field: field, openLine: openLine, lastLine: line)
            return
          }
          if multiLineField == 0 {
            multiLineField = field
            multiLineLines = (openLine, line)
          }
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
    if multiLineField > 0, let expected = expectedFieldCount, batch.spans.count - spanStart != expected {
      flawed(
        .fieldCount(found: batch.spans.count - spanStart, expected: expected), field: multiLineField,
        openLine: multiLineLines.open, lastLine: multiLineLines.close)
      return
    }
    batch.records.append(
      .init(spanStart: spanStart, spanEnd: batch.spans.count, line: startLine, endOffset: position))

    /// Files the record as its first line alone, without fields, and moves to the next line.
    func flawed(_ kind: Flaw.Kind, field: Int, openLine: Int, lastLine: Int) {
      batch.spans.truncate(to: spanStart)
      var end = recordStart
      while end < n && bytes[end] != newline && bytes[end] != carriageReturn { end += 1 }
      if end < n && bytes[end] == carriageReturn { end += 1 }
      if end < n && bytes[end] == newline { end += 1 }
      position = end
      line = startLine + 1
      // The scanner hands out field ends in increasing order only; it starts again here.
      scanner = FieldEndScanner(bytes: bytes, delimiter: delimiter)
      batch.flaws.append(Flaw(kind: kind, field: field, openLine: openLine, lastLine: lastLine))
      batch.records.append(
        .init(
          spanStart: spanStart, spanEnd: spanStart, line: startLine, endOffset: position,
          flaw: batch.flaws.count - 1))
    }
  }

  /// Where to split `bytes[from..<to]` into `parts` pieces that each start a record: after a line
  /// break outside quotes (an even number of quote characters before it). Returns the start
  /// offsets after `from` and the line number each starts on (`firstLine` is `from`'s line).
  ///
  /// `scanned(start, end)` is told of each window of at most `window` bytes the block scan has
  /// read past, in order (the caller may hand a mapped file's pages back: the scan reads half of
  /// a file of two parts, and would otherwise hold it resident until the readers get there).
  public static func splitPoints(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, parts: Int, firstLine: Int,
    window: Int = scanWindow, scanned: (Int, Int) -> Void = { _, _ in }
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
          let windowEnd = min(target, position + max(64, window))
          let counted = countLineFeedsAndQuotes(UnsafeRawPointer(base), from: position, to: windowEnd)
          quotes += counted.quotes
          line += counted.lineFeeds
          scanned(position, counted.end)
          position = counted.end
          // Stopped with a whole block left before the window's end: it holds a carriage return.
          if position + 64 <= windowEnd { bytewise = 64 }
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

  /// Bytes the split scan reads between two calls of its `scanned`: a few MB, so that handing
  /// their pages back costs little and the resident part of the scanned text stays small.
  public static let scanWindow = 4 << 20

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
          lineFeeds &+= SIMD16<UInt8>().replacing(with: 1, where: vector .== lineFeed)
          quotes &+= SIMD16<UInt8>().replacing(with: 1, where: vector .== quote)
        }
        let words = FieldEndScanner.words(returns)
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

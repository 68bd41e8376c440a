import Foundation
import PolicyRules

/// Reads one described file into `SourceOutput`s: opens, decodes and dispatches on the syntax.
/// A large CSV file is read in parts on several threads, one output a part, in file order.
///
/// A file that cannot be opened or has no usable header yields a file-level `Diagnostic` and no
/// rows; bad rows become `RowRejection`s and reading goes on (until the error budget is spent).
enum SourceReader {
  /// How much of a file is scanned to tell UTF-8 from GB18030 when the encoding is `auto`.
  static let detectionPrefix = 4 << 20

  /// Bytes per part below which a CSV file is not split.
  static let minimumPartSize = 4 << 20

  static func read(
    _ source: SourceDescription, fileIndex: Int32, timeZone: TimeZone, encodingOverride: TextEncoding?,
    errorBudget: Int?, parts: Int = 1, minimumPartSize: Int = minimumPartSize, progress: LoadProgress? = nil,
    partition: CasePartition? = nil
  ) -> [SourceOutput] {
    let file: MappedFile
    do {
      file = try MappedFile(path: source.resolvedPath)
    } catch {
      var empty = SourceOutput(fileIndex: fileIndex, recordType: source.recordType, kind: source.kind)
      empty.diagnostics.append(
        Diagnostic(path: source.resolvedPath, mark: nil, message: "cannot open input file: \(error.message)"))
      return [empty]
    }
    return read(
      source, bytes: file.bytes, file: file, fileIndex: fileIndex, timeZone: timeZone,
      encodingOverride: encodingOverride, errorBudget: errorBudget, parts: parts,
      minimumPartSize: minimumPartSize, progress: progress, partition: partition)
  }

  /// Reads `contents`, the bytes of `source`'s file: its mapping `file` (whose parsed pages are
  /// released as reading goes on), or bytes from elsewhere when `file` is nil (the fuzz targets).
  /// Readers advance `progress` as they go.
  static func read(
    _ source: SourceDescription, bytes contents: UnsafeBufferPointer<UInt8>, file: MappedFile?,
    fileIndex: Int32,
    timeZone: TimeZone, encodingOverride: TextEncoding?, errorBudget: Int?, parts: Int = 1,
    minimumPartSize: Int = minimumPartSize, progress: LoadProgress? = nil, partition: CasePartition? = nil
  ) -> [SourceOutput] {
    var empty = SourceOutput(fileIndex: fileIndex, recordType: source.recordType, kind: source.kind)
    let encoding = encodingOverride ?? source.encoding
    // UTF-8 is parsed in place; other encodings (and undecidable auto) are converted once.
    var decoded: [UInt8]? = nil
    var bytes = contents
    var usedEncoding = TextEncoding.utf8
    var validatesUTF8 = true
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    switch encoding {
    case .gb18030, .gbk:
      decoded = TextDecoding.convertToUTF8(Array(bytes), from: encoding).bytes
      usedEncoding = encoding
    case .auto where !hasBOM:
      // A prefix of the lent file bytes, within them, for this detection only.
      let prefix = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, detectionPrefix)])
      let scan = UTF8Validation.scan(prefix)
      // A truncated final sequence at the prefix boundary is not a sign of another encoding.
      if scan.invalidSequences > 1 || (scan.invalidSequences == 1 && prefix.count == bytes.count) {
        let result = TextDecoding.decode(Array(bytes), as: .auto)
        if result.encoding != .utf8 {
          decoded = result.bytes
          usedEncoding = result.encoding
          empty.diagnostics.append(
            Diagnostic(
              path: source.resolvedPath, mark: nil, severity: .note,
              message: "file is not valid UTF-8; read as \(result.encoding.rawValue)"))
        }
      } else if scan.invalidSequences == 0 && prefix.count == bytes.count {
        validatesUTF8 = false
      }
    default:
      // The same lent bytes past the byte order mark.
      if hasBOM { bytes = UnsafeBufferPointer(rebasing: bytes[3...]) }
    }
    let encodingName = usedEncoding == .utf8 ? "UTF-8" : usedEncoding.rawValue
    var builder = SourceBuilder(
      source: source, fileIndex: fileIndex, timeZone: timeZone, validatesUTF8: validatesUTF8,
      encodingName: encodingName, errorBudget: errorBudget)
    builder.output.encoding = usedEncoding
    builder.progress = progress
    builder.partition = partition
    let partCount = errorBudget == nil ? max(1, min(parts, bytes.count / max(1, minimumPartSize))) : 1
    var outputs: [SourceOutput]
    if let decoded {
      // The decoded bytes, lent for this read only; the outputs copy what they keep.
      outputs = decoded.withUnsafeBufferPointer {
        readSyntax(source, bytes: $0, file: nil, builder: &builder, parts: partCount)
      }
    } else {
      outputs = readSyntax(source, bytes: bytes, file: file, builder: &builder, parts: partCount)
    }
    outputs[0].diagnostics.insert(contentsOf: empty.diagnostics, at: 0)
    return outputs
  }

  private static func readSyntax(
    // `bytes`: the file's (mapped or decoded), lent by the caller for the whole read.
    _ source: SourceDescription, bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?,
    builder: inout SourceBuilder, parts: Int
  ) -> [SourceOutput] {
    switch source.format {
    case .csv: return readCSV(source, bytes: bytes, file: file, builder: &builder, parts: parts)
    case .jsonl: readJSONLines(bytes: bytes, builder: &builder)
    case .xes: readXES(source, bytes: bytes, builder: &builder)
    }
    return [builder.finish()]
  }

  // MARK: - CSV

  /// Reads the header, then the records in `parts` pieces (on as many threads); returns each
  /// piece's output in file order.
  static func readCSV(
    _ source: SourceDescription, bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?,
    builder: inout SourceBuilder, parts: Int = 1
  ) -> [SourceOutput] {
    let delimiter = source.delimiter ?? CSVReader.detectDelimiter(bytes)
    let limits = source.quotedFieldLimits
    var header: (count: Int, end: Int, line: Int)?
    var tooWide: (count: Int, line: Int)?
    var flawedHeader: (flaw: CSVReader.Flaw, line: Int)?
    CSVReader(bytes: bytes, delimiter: delimiter, limits: limits).forEachRecord { record in
      if let flaw = record.flaw {
        flawedHeader = (flaw, record.line)
        return false
      }
      if record.count > builder.columnLimit {
        tooWide = (record.count, record.line)
        return false
      }
      // The next line: a header may hold quoted line breaks, so count what it spans.
      var next = 1
      for k in 0..<record.endOffset {
        if bytes[k] == UInt8(ascii: "\n")
          || (bytes[k] == UInt8(ascii: "\r")
            && (k + 1 >= record.endOffset || bytes[k + 1] != UInt8(ascii: "\n")))
        {
          next += 1
        }
      }
      header = (record.count, record.endOffset, next)
      readHeader(record, source: source, builder: &builder)
      return false
    }
    if let flawedHeader {
      builder.output.diagnostics.append(
        Diagnostic(
          path: source.resolvedPath,
          mark: SourceMark(line: flawedHeader.line, column: flawedHeader.flaw.field),
          message: "the header cannot be read: \(flawedHeader.flaw.reason(limits))"))
      return [builder.finish()]
    }
    if let tooWide {
      builder.output.diagnostics.append(
        Diagnostic(
          path: source.resolvedPath, mark: SourceMark(line: tooWide.line, column: builder.columnLimit + 1),
          message: "the header has \(tooWide.count) columns; at most \(builder.columnLimit) can be read"))
      return [builder.finish()]
    }
    guard let header else {
      builder.output.diagnostics.append(
        Diagnostic(path: source.resolvedPath, mark: nil, message: "the file is empty: no header row"))
      return [builder.finish()]
    }
    let missing = builder.missingReferences()
    for reference in missing {
      builder.output.diagnostics.append(
        Diagnostic(
          path: reference.mark == nil ? source.resolvedPath : sourceDescriptionPath(source),
          mark: reference.mark,
          message: "column '\(reference.name)' not found in the header of \(source.file)"
            + Suggestions.didYouMean(reference.name, in: builder.headerNames)))
    }
    if !missing.isEmpty { return [builder.finish()] }
    builder.progress?.advance(bytes: header.end, rows: 0)
    let starts =
      [(offset: header.end, line: header.line)]
      + CSVReader.splitPoints(bytes, from: header.end, to: bytes.count, parts: parts, firstLine: header.line)
    {
      file?.release(from: $0, to: $1)
    }
    let outputs = readParts(
      starts, bytes: bytes, headerCount: header.count, delimiter: delimiter, file: file, builder: builder,
      source: source)
    // The split points assume the quotes before them pair up; a stray quote can break that, and
    // then a part's last record runs past the next part's start (or its lines count apart). Each
    // part ends where one reader would, so when every part ends where the next starts, the parts
    // read exactly what one reader reads; otherwise the file is read again in one piece.
    let consistent = outputs.indices.dropLast().allSatisfy {
      outputs[$0].readEnd == (starts[$0 + 1].offset, starts[$0 + 1].line)
    }
    if !consistent {
      // The parts have counted the whole file already.
      var again = builder
      again.progress = nil
      return readParts(
        [starts[0]], bytes: bytes, headerCount: header.count, delimiter: delimiter, file: file,
        builder: again, source: source)
    }
    return outputs
  }

  /// Reads the records from each start to the next, on as many threads, one output each.
  private static func readParts(
    _ starts: [(offset: Int, line: Int)], bytes: UnsafeBufferPointer<UInt8>, headerCount: Int,
    delimiter: UInt8, file: MappedFile?, builder: SourceBuilder, source: SourceDescription
  ) -> [SourceOutput] {
    var builders = [builder]
    for _ in 1..<starts.count {
      var part = builder
      part.output = SourceOutput(
        fileIndex: builder.output.fileIndex, recordType: source.recordType, kind: source.kind)
      builders.append(part)
    }
    let results = ConcurrentResults<SourceOutput>(count: starts.count)
    // Each part reads its own bytes into its own builder; the file outlives the reading.
    let shared = UncheckedSendable((bytes: bytes, builders: builders))
    let limits = source.quotedFieldLimits
    let readPart: @Sendable (Int) -> Void = { k in
      let bytes = shared.value.bytes
      let lower = starts[k].offset
      let upper = k + 1 < starts.count ? starts[k + 1].offset : bytes.count
      var part = shared.value.builders[k]
      // The part sees the rest of the file: its last record, or a quoted field it gives up on,
      // may run past its end.
      let reader = CSVReader(
        bytes: UnsafeBufferPointer(rebasing: bytes[lower...]), delimiter: delimiter,
        firstLine: starts[k].line,
        limits: limits, expectedFieldCount: headerCount, stopOffset: upper - lower)
      // A part of the lent bytes, within them, for the estimate only.
      let rows = estimatedRows(UnsafeBufferPointer(rebasing: bytes[lower..<upper]))
      let end = readRecords(
        reader, rows: rows, partSize: upper - lower, offset: lower, file: file, builder: &part)
      var output = part.finish()
      output.readEnd = (lower + end.offset, end.line)
      results.set(k, output)
    }
    Parallel.run(starts.count, workers: starts.count, readPart)
    return results.values
  }

  /// Files every record `reader` reads (a piece of the file starting at `offset`, of about
  /// `rows` rows in `partSize` bytes); parsed pages of a mapped file are released as reading
  /// goes on, so resident memory holds rows, not text.
  ///
  /// Returns where the reader stopped (relative to `offset`).
  private static func readRecords(
    _ reader: CSVReader, rows: Int, partSize: Int, offset: Int, file: MappedFile?,
    builder: inout SourceBuilder
  ) -> (offset: Int, line: Int) {
    var released = 0
    let headerCount = reader.expectedFieldCount ?? 0
    builder.reserve(rows: rows, byteCount: partSize)
    var cursor = LoadProgressCursor(builder.progress)
    defer { cursor.finish(at: partSize) }
    return reader.forEachBatch(capacity: batchSize) { batch in
      if batch.count > 0 { cursor.moved(to: batch.endOffset(batch.count - 1), rows: batch.count) }
      builder.warm(batch, headerCount: headerCount)
      for r in 0..<batch.count {
        let line = batch.line(r)
        if let flaw = batch.flaw(r) {
          builder.reject(line: line, column: flaw.field, reason: flaw.reason(reader.limits))
          if builder.isStopped { return false }
          continue
        }
        if batch.fieldCount(r) != headerCount {
          builder.reject(
            line: line, column: nil, reason: "expected \(headerCount) fields, found \(batch.fieldCount(r))")
          if builder.isStopped { return false }
          continue
        }
        // Every cell is set (the record has a field a column): no clearing first.
        if builder.setCells(batch, record: r, line: line) {
          builder.finishRow(line: line)
          if let file, batch.endOffset(r) - released >= 1 << 20 {
            file.release(from: offset + released, to: offset + batch.endOffset(r))
            released = batch.endOffset(r)
          }
        }
        if builder.isStopped { return false }
      }
      return true
    }
  }

  /// Records split at a time: enough for the look-ups of one batch to overlap their cache misses,
  /// few enough that the batch's fields stay in cache until they are handled.
  static let batchSize = 64

  private static func sourceDescriptionPath(_ source: SourceDescription) -> String {
    source.descriptionPath ?? source.resolvedPath
  }

  /// Header names: trimmed, blanks named `column_N`, repeats renamed `Name_2` with a warning.
  private static func readHeader(
    _ record: CSVReader.Record, source: SourceDescription, builder: inout SourceBuilder
  ) {
    var seen: [String: Int] = [:]
    for column in 0..<record.count {
      var name = record.string(column).trimmingCharacters(in: .whitespaces)
      if name.isEmpty { name = "column_\(column + 1)" }
      if let count = seen[name] {
        var suffix = count + 1
        while seen["\(name)_\(suffix)"] != nil { suffix += 1 }
        let renamed = "\(name)_\(suffix)"
        seen[name] = suffix
        builder.output.diagnostics.append(
          Diagnostic(
            path: source.resolvedPath, mark: SourceMark(line: record.line, column: column + 1),
            severity: .warning,
            message:
              "duplicate column name '\(name)' in the header; column \(column + 1) is read as '\(renamed)'"))
        name = renamed
      }
      seen[name] = seen[name] ?? 1
      builder.addColumn(name)
    }
  }

  /// Rows in `bytes`, estimated from the line length of its first 64 KB (a little over, so the
  /// columns are allocated once instead of doubling: growth by doubling briefly holds both).
  static func estimatedRows(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let sample = min(bytes.count, 64 << 10)
    guard sample > 0 else { return 0 }
    var lines = 0
    for k in 0..<sample where bytes[k] == UInt8(ascii: "\n") { lines += 1 }
    guard lines > 0 else { return 0 }
    return Int(Double(bytes.count) / Double(sample) * Double(lines) * 1.02) + 16
  }

  // MARK: - JSON Lines

  static func readJSONLines(bytes: UnsafeBufferPointer<UInt8>, builder: inout SourceBuilder) {
    var columnOfKey: [String: Int] = [:]
    var lineStart = 0
    var line = 0
    var cursor = LoadProgressCursor(builder.progress)
    defer { cursor.finish(at: bytes.count) }
    while lineStart < bytes.count && !builder.isStopped {
      line += 1
      cursor.moved(to: lineStart)
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var contentEnd = lineEnd
      if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      // A line of the lent bytes, within them, read during this call only.
      let content = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
      lineStart = lineEnd + 1
      if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      var parser = JSONLineParser(bytes: content)
      let members: [(key: String, value: CellValue)]
      do {
        members = try parser.parseObject()
      } catch {
        builder.reject(
          line: line, column: error.column,
          reason: "\(error.isSyntax ? "invalid JSON: " : "")\(error.message) at column \(error.column)")
        continue
      }
      builder.clearRow()
      var usable = true
      for member in members {
        let column: Int
        if let known = columnOfKey[member.key] {
          column = known
        } else if builder.canAddColumn {
          column = builder.addColumn(member.key)
          columnOfKey[member.key] = column
        } else {
          builder.rejectNewColumn(member.key, line: line)
          usable = false
          break
        }
        if !builder.setCell(column, cell: member.value, line: line) {
          usable = false
          break
        }
      }
      if usable { builder.finishRow(line: line) }
    }
  }

  // MARK: - XES

  /// Trace attributes are added to each event row as `case:<key>` (the pm4py convention), so the
  /// trace's `concept:name` is `case:concept:name`.
  static func readXES(
    _ source: SourceDescription, bytes: UnsafeBufferPointer<UInt8>, builder: inout SourceBuilder
  ) {
    let data = Data(buffer: bytes)
    let traces: [XESReader.Trace]
    switch XESReader.read(data, progress: builder.progress) {
    case .success(let log):
      traces = log.traces
      for rejection in log.rejected {
        builder.reject(line: rejection.line, column: nil, reason: rejection.reason)
        if builder.isStopped { return }
      }
    case .failure(let failure):
      builder.output.diagnostics.append(
        Diagnostic(
          path: source.resolvedPath,
          mark: SourceMark(line: max(1, failure.line), column: max(1, failure.column)),
          message: failure.message))
      return
    }
    var columnOfKey: [String: Int] = [:]
    func column(_ key: String, builder: inout SourceBuilder) -> Int? {
      if let known = columnOfKey[key] { return known }
      guard builder.canAddColumn else { return nil }
      let added = builder.addColumn(key)
      columnOfKey[key] = added
      return added
    }
    /// Stores one attribute; false (after rejecting the row) when it is unusable.
    func set(_ key: String, _ value: CellValue, line: Int, builder: inout SourceBuilder) -> Bool {
      guard let column = column(key, builder: &builder) else {
        builder.rejectNewColumn(key, line: line)
        return false
      }
      return builder.setCell(column, cell: value, line: line)
    }
    for trace in traces {
      for event in trace.events {
        if builder.isStopped { return }
        builder.clearRow()
        var usable = true
        for attribute in event.attributes where usable {
          usable = set(attribute.key, attribute.value, line: event.line, builder: &builder)
        }
        for attribute in trace.attributes where usable {
          usable = set("case:" + attribute.key, attribute.value, line: event.line, builder: &builder)
        }
        if usable { builder.finishRow(line: event.line) }
      }
    }
  }
}

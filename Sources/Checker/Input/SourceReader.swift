import Foundation
import PolicyRules

/// Reads one described file into a `SourceOutput`: opens, decodes and dispatches on the syntax.
///
/// A file that cannot be opened or has no usable header yields a file-level `Diagnostic` and no
/// rows; bad rows become `RowRejection`s and reading goes on (until the error budget is spent).
enum SourceReader {
  /// How much of a file is scanned to tell UTF-8 from GB18030 when the encoding is `auto`.
  static let detectionPrefix = 4 << 20

  static func read(
    _ source: SourceDescription, fileIndex: Int32, timeZone: TimeZone, encodingOverride: TextEncoding?,
    errorBudget: Int?
  ) -> SourceOutput {
    var empty = SourceOutput(fileIndex: fileIndex, recordType: source.recordType, kind: source.kind)
    let file: MappedFile
    do {
      file = try MappedFile(path: source.resolvedPath)
    } catch {
      empty.diagnostics.append(
        Diagnostic(path: source.resolvedPath, mark: nil, message: "cannot open input file: \(error.message)"))
      return empty
    }
    let encoding = encodingOverride ?? source.encoding
    // UTF-8 is parsed in place; other encodings (and undecidable auto) are converted once.
    var decoded: [UInt8]? = nil
    var bytes = file.bytes
    var usedEncoding = TextEncoding.utf8
    var validatesUTF8 = true
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    switch encoding {
    case .gb18030, .gbk:
      decoded = TextDecoding.convertToUTF8(Array(bytes), from: encoding).bytes
      usedEncoding = encoding
    case .auto where !hasBOM:
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
      if hasBOM { bytes = UnsafeBufferPointer(rebasing: bytes[3...]) }
    }
    let encodingName = usedEncoding == .utf8 ? "UTF-8" : usedEncoding.rawValue
    var builder = SourceBuilder(
      source: source, fileIndex: fileIndex, timeZone: timeZone, validatesUTF8: validatesUTF8,
      encodingName: encodingName, errorBudget: errorBudget)
    builder.output.encoding = usedEncoding
    if let decoded {
      decoded.withUnsafeBufferPointer { readSyntax(source, bytes: $0, file: nil, builder: &builder) }
    } else {
      readSyntax(source, bytes: bytes, file: file, builder: &builder)
    }
    var output = builder.finish()
    output.diagnostics.insert(contentsOf: empty.diagnostics, at: 0)
    return output
  }

  private static func readSyntax(
    _ source: SourceDescription, bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?,
    builder: inout SourceBuilder
  ) {
    switch source.format {
    case .csv: readCSV(source, bytes: bytes, file: file, builder: &builder)
    case .jsonl: readJSONLines(bytes: bytes, builder: &builder)
    case .xes: readXES(source, bytes: bytes, builder: &builder)
    }
  }

  // MARK: - CSV

  static func readCSV(
    _ source: SourceDescription, bytes: UnsafeBufferPointer<UInt8>, file: MappedFile?,
    builder: inout SourceBuilder
  ) {
    let delimiter = source.delimiter ?? CSVReader.detectDelimiter(bytes)
    let reader = CSVReader(bytes: bytes, delimiter: delimiter)
    var headerCount = -1
    var fileError = false
    var rowsSinceRelease = 0
    reader.forEachRecord { record in
      if headerCount < 0 {
        headerCount = record.count
        readHeader(record, source: source, builder: &builder)
        let missing = builder.missingReferences()
        for reference in missing {
          let candidates = builder.headerNames
          builder.output.diagnostics.append(
            Diagnostic(
              path: reference.mark == nil ? source.resolvedPath : sourceDescriptionPath(source),
              mark: reference.mark,
              message: "column '\(reference.name)' not found in the header of \(source.file)"
                + Suggestions.didYouMean(reference.name, in: candidates)))
        }
        fileError = !missing.isEmpty
        return !fileError
      }
      if record.isUnterminated {
        builder.reject(line: record.line, column: record.count, reason: "unterminated quoted field")
        return !builder.isStopped
      }
      if record.count != headerCount {
        builder.reject(
          line: record.line, column: nil, reason: "expected \(headerCount) fields, found \(record.count)")
        return !builder.isStopped
      }
      builder.clearRow()
      for column in 0..<record.count {
        let ok = record.withField(column) { builder.setCell(column, bytes: $0, line: record.line) }
        if !ok { return !builder.isStopped }
      }
      builder.finishRow(line: record.line)
      rowsSinceRelease += 1
      if rowsSinceRelease >= 65_536, let file {
        rowsSinceRelease = 0
        record.withField(0) { field in
          if let base = field.baseAddress, let start = bytes.baseAddress {
            let offset = start.distance(to: base)
            if offset >= 0 && offset < bytes.count { file.release(before: offset) }
          }
        }
      }
      return !builder.isStopped
    }
    if headerCount < 0 && !fileError {
      builder.output.diagnostics.append(
        Diagnostic(path: source.resolvedPath, mark: nil, message: "the file is empty: no header row"))
    }
  }

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

  // MARK: - JSON Lines

  static func readJSONLines(bytes: UnsafeBufferPointer<UInt8>, builder: inout SourceBuilder) {
    var columnOfKey: [String: Int] = [:]
    var lineStart = 0
    var line = 0
    while lineStart < bytes.count && !builder.isStopped {
      line += 1
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      var contentEnd = lineEnd
      if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      let content = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
      lineStart = lineEnd + 1
      if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      var parser = JSONLineParser(bytes: content)
      let members: [(key: String, value: CellValue)]
      do {
        members = try parser.parseObject()
      } catch {
        builder.reject(
          line: line, column: error.column, reason: "invalid JSON: \(error.message) at column \(error.column)"
        )
        continue
      }
      builder.clearRow()
      var usable = true
      for member in members {
        let column: Int
        if let known = columnOfKey[member.key] {
          column = known
        } else {
          column = builder.addColumn(member.key)
          columnOfKey[member.key] = column
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
    switch XESReader.read(data) {
    case .success(let result): traces = result
    case .failure(let failure):
      builder.output.diagnostics.append(
        Diagnostic(
          path: source.resolvedPath,
          mark: SourceMark(line: max(1, failure.line), column: max(1, failure.column)),
          message: failure.message))
      return
    }
    var columnOfKey: [String: Int] = [:]
    func column(_ key: String, builder: inout SourceBuilder) -> Int {
      if let known = columnOfKey[key] { return known }
      let added = builder.addColumn(key)
      columnOfKey[key] = added
      return added
    }
    for trace in traces {
      for event in trace.events {
        if builder.isStopped { return }
        builder.clearRow()
        var usable = true
        for attribute in event.attributes where usable {
          usable = builder.setCell(
            column(attribute.key, builder: &builder), cell: attribute.value, line: event.line)
        }
        for attribute in trace.attributes where usable {
          usable = builder.setCell(
            column("case:" + attribute.key, builder: &builder), cell: attribute.value, line: event.line)
        }
        if usable { builder.finishRow(line: event.line) }
      }
    }
  }
}

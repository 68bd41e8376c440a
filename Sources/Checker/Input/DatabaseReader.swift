import Foundation
import PolicyRules

/// Reads a database source (`postgres:` / `sqlite:`) into a `SourceOutput`, through the same
/// `SourceBuilder` as the file readers: one row a record or event, its line the row's number
/// in the result, its file the source's display name (`postgres:tickets`).
///
/// A source that cannot be read at all (no connection, a query error, a column the mapping
/// names but the result lacks) is a file-level error at the description's mark; a value that
/// cannot be used rejects its row, the reason naming the row's case id.
enum DatabaseReader {
  static func read(
    _ source: SourceDescription, fileIndex: Int32, timeZone: TimeZone, errorBudget: Int?, period: QueryPeriod
  ) -> SourceOutput {
    let builder = SourceBuilder(
      source: source, fileIndex: fileIndex, timeZone: timeZone, validatesUTF8: true, encodingName: "UTF-8",
      errorBudget: errorBudget)
    var rows = DatabaseRows(builder: builder, zone: TimeZoneOffsets.named(timeZone.identifier) ?? .utc)
    guard let database = source.database else { return rows.builder.finish() }
    let parameters = QueryParameters(database.query)
    var values: [Timestamp] = []
    for name in parameters.distinct {
      guard let value = period.instant(name, timeZoneIdentifier: timeZone.identifier) else {
        let flag = name == "as_of" ? "--as-of" : name == "from" ? "--month or --from" : "--month or --to"
        rows.fail(
          "the query of \(source.file) uses $\(name), but this run has no \(name == "as_of" ? "cut-off" : "period \(name == "from" ? "start" : "end")"); give \(flag)",
          at: database.queryMark)
        return rows.builder.finish()
      }
      values.append(value)
    }
    switch database.system {
    case .sqlite: SQLiteReader.read(database, parameters: parameters, values: values, rows: &rows)
    case .postgres: PostgresReader.read(database, parameters: parameters, values: values, rows: &rows)
    }
    var output = rows.builder.finish()
    if !output.hasFileError { output.rowKeys = RowKeys(output, rows: rows.rowCount) }
    return output
  }
}

extension QueryPeriod {
  /// The instant a parameter stands for: local midnight of the day in the zone, or the cut-off.
  func instant(_ name: String, timeZoneIdentifier zone: String) -> Timestamp? {
    switch name {
    case "from": from.map { LocalTime.start(of: $0, timeZoneIdentifier: zone) }
    case "to": toExclusive.map { LocalTime.start(of: $0, timeZoneIdentifier: zone) }
    default: asOf.flatMap { LocalTime.parse($0, timeZoneIdentifier: zone) }
    }
  }
}

/// The rows of one result on their way into a `SourceBuilder`: columns from the result's
/// names, each cell stored by its database type (numbers, booleans and instants as they are;
/// text converted as a file's cell is, so a declared timestamp or number column is read alike).
struct DatabaseRows {
  var builder: SourceBuilder
  let zone: TimeZoneOffsets
  /// The input column of the case id (for the messages of rejected rows).
  private(set) var caseIdColumn: Int?

  init(builder: SourceBuilder, zone: TimeZoneOffsets) {
    self.builder = builder
    self.zone = zone
  }

  var source: SourceDescription { builder.source }
  var descriptionPath: String { source.descriptionPath ?? source.resolvedPath }

  /// A file-level error: nothing of the source is read.
  mutating func fail(_ message: String, at mark: SourceMark?) {
    builder.output.diagnostics.append(Diagnostic(path: descriptionPath, mark: mark, message: message))
  }

  /// Adds the result's columns; false (after an error for each) when the mapping names a
  /// column the result lacks.
  mutating func addColumns(_ names: [String]) -> Bool {
    if names.count > builder.columnLimit {
      fail(
        "the result of \(source.file) has \(names.count) columns; at most \(builder.columnLimit) can be read",
        at: source.database?.queryMark)
      return false
    }
    for name in names { builder.addColumn(name) }
    if let reference = source.caseId {
      caseIdColumn = names.indices.first { builder.matches(reference, column: $0) }
    }
    let missing = builder.missingReferences()
    let names = builder.headerNames
    let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", … (\(names.count))" : "")
    for reference in missing {
      fail(
        "column '\(reference.name)' not found in the result of \(source.file) (columns: \(shown))"
          + Suggestions.didYouMean(reference.name, in: builder.headerNames),
        at: reference.mark ?? source.database?.queryMark)
    }
    return missing.isEmpty
  }

  mutating func null(_ column: Int, row: Int) -> Bool { builder.setCell(column, cell: .null, line: row) }

  mutating func number(_ column: Int, _ value: Double, row: Int) -> Bool {
    builder.setCell(column, cell: .number(value), line: row)
  }

  mutating func bool(_ column: Int, _ value: Bool, row: Int) -> Bool {
    builder.setCell(column, cell: .bool(value), line: row)
  }

  // `bytes`: the driver's cell, read (and interned) during the call only.
  mutating func text(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
    builder.setCell(column, text: bytes, line: row)
  }

  /// Years 0001–9999, as every timestamp the tool reads.
  static let earliest =
    Int64(CivilDate(year: 1, month: 1, day: 1).daysSinceEpoch) * Timestamp.millisecondsPerDay
  static let latest =
    Int64(CivilDate(year: 10000, month: 1, day: 1).daysSinceEpoch) * Timestamp.millisecondsPerDay - 1

  /// An instant (a `timestamptz`), stored as it is in a timestamp or text column.
  mutating func instant(_ column: Int, utc: Int64, row: Int, shown: @autoclosure () -> String) -> Bool {
    let kind = builder.converters[column].kind
    guard kind == .timestamp || kind == .text else {
      builder.reject(
        line: row, column: column + 1,
        reason:
          "bad \(kind == .number ? "number" : "boolean") '\(shown())' in column \(builder.headerNames[column]) (the column holds timestamps)"
      )
      return false
    }
    guard utc >= Self.earliest && utc <= Self.latest else { return outOfRange(column, row: row, shown()) }
    builder.row[column] = StoredValue(tag: .timestamp, bits: UInt64(bitPattern: utc))
    return true
  }

  /// A local time (a `timestamp` without zone, a `date`): read in the dataset's zone.
  mutating func localTime(_ column: Int, local: Int64, row: Int, shown: @autoclosure () -> String) -> Bool {
    guard local >= Self.earliest && local <= Self.latest else { return outOfRange(column, row: row, shown()) }
    return instant(column, utc: zone.utcMilliseconds(fromLocal: local), row: row, shown: shown())
  }

  private mutating func outOfRange(_ column: Int, row: Int, _ shown: String) -> Bool {
    builder.reject(
      line: row, column: column + 1,
      reason: "bad timestamp '\(shown)' in column \(builder.headerNames[column]) (outside years 0001-9999)")
    return false
  }

  /// Rows read so far (the number of the last).
  private(set) var rowCount = 0

  /// Reads one row: each of its `columns` cells set by `cell` (up to the first unusable one),
  /// then the row filed; a rejection on the way names the row's `key`.
  mutating func readRow(
    _ row: Int, columns: Int, key: () -> String?, cell: (inout DatabaseRows, Int) -> Bool
  ) {
    rowCount = row
    // Every cell is set (null too), so the row needs no clearing.
    builder.startFullRow()
    let rejected = builder.output.rejections.count
    var usable = true
    for column in 0..<columns where usable { usable = cell(&self, column) }
    if usable { builder.finishRow(line: row) }
    if builder.output.rejections.count != rejected { nameRejectedRow(key: key()) }
  }

  /// Gives the rejection just made the row's case id, so its location points at the row in the
  /// database (`postgres:tickets#T0042`), not at its number in this result.
  private mutating func nameRejectedRow(key: String?) {
    guard let key, RowKeys.isUsable(key), !builder.output.rejections.isEmpty else { return }
    builder.output.rejections[builder.output.rejections.count - 1].key = key
  }

  var isStopped: Bool { builder.isStopped }
}

extension QueryParameters {
  /// The offset in the query as written of an offset in `text(placeholder:)`'s result.
  func originalOffset(_ offset: Int, placeholder: (Int) -> String) -> Int {
    let order = distinct
    var written = 0
    var rewritten = 0
    for (k, piece) in pieces.enumerated() {
      let length = piece.utf8.count
      if offset < rewritten + length { return written + (offset - rewritten) }
      written += length
      rewritten += length
      guard k < uses.count else { break }
      let placeholderLength = placeholder(order.firstIndex(of: uses[k])! + 1).utf8.count
      if offset < rewritten + placeholderLength { return written }
      written += uses[k].utf8.count + 1
      rewritten += placeholderLength
    }
    return written
  }
}

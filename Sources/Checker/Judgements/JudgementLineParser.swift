/// Reads the two shapes judgement rows come in: a JSON object of plain values per line (what
/// `scripts/sql-run.py` prints) and CSV with a header (what `scripts/spark-run.py` writes).
///
/// Only what those writers produce is accepted: an object of strings, integers and nulls; CSV
/// with `"` quoting. Anything else is an error at its column (in Unicode scalars), never a guess.
enum JudgementLineParser {
  /// A problem at a 1-based column of the line.
  struct Failure: Error, Sendable {
    var message: String
    var column: Int
  }

  /// The members of one JSON object on one line (`JSONLineParser`, as the data loader reads
  /// JSON Lines; a repeated key keeps its last value), each value with its column.
  static func object(_ line: ArraySlice<UInt8>) throws(Failure) -> [(key: String, cell: JudgementCell)] {
    let bytes = Array(line)
    let parsed: Result<([(key: String, value: CellValue)], [Int]), JSONLineError> =
      bytes.withUnsafeBufferPointer {
        // The parser reads the line during this call only.
        var parser = JSONLineParser(bytes: $0)
        do throws(JSONLineError) {
          let members = try parser.parseObject()
          return .success((members, parser.valueOffsets))
        } catch {
          return .failure(error)
        }
      }
    func column(_ offset: Int) -> Int { scalars(bytes[..<min(offset, bytes.count)]) + 1 }
    switch parsed {
    case .failure(let error): throw Failure(message: error.message, column: column(error.column - 1))
    case .success(let (members, offsets)):
      var cells: [(key: String, cell: JudgementCell)] = []
      for (member, offset) in zip(members, offsets) {
        let value: JudgementCell.Value
        switch member.value {
        case .null: value = .null
        case .string(let s): value = .text(s)
        // Milliseconds are integers below 2^53, exact as doubles.
        case .number(let n) where n == n.rounded() && abs(n) < 9_007_199_254_740_992:
          value = .integer(Int64(n))
        case .number:
          throw Failure(
            message: "'\(member.key)' holds a number that is not an integer", column: column(offset))
        case .bool, .json:
          throw Failure(message: "'\(member.key)' holds no string, integer or null", column: column(offset))
        }
        cells.append((member.key, JudgementCell(value: value, column: column(offset))))
      }
      return cells
    }
  }

  /// The number of Unicode scalars in UTF-8 bytes.
  static func scalars(_ slice: ArraySlice<UInt8>) -> Int {
    slice.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
  }

  /// The CSV records of `bytes`, each with the 1-based line it starts on; a quoted value may hold
  /// line breaks. Every cell is text (an empty unquoted cell is null).
  static func csvRecords(_ bytes: [UInt8]) throws(Failure) -> [(line: Int, cells: [JudgementCell])] {
    var records: [(line: Int, cells: [JudgementCell])] = []
    var cells: [JudgementCell] = []
    var field: [UInt8] = []
    var quoted = false
    var inQuotes = false
    var line = 1
    var recordLine = 1
    var lineStart = 0
    var fieldColumn = 1
    var index = 0
    func column(_ at: Int) -> Int { scalars(bytes[lineStart..<at]) + 1 }
    func endField() {
      let text = String(decoding: field, as: UTF8.self)
      cells.append(JudgementCell(value: !quoted && field.isEmpty ? .null : .text(text), column: fieldColumn))
      field.removeAll(keepingCapacity: true)
      quoted = false
    }
    while index < bytes.count {
      let byte = bytes[index]
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 2
            continue
          }
          inQuotes = false
        } else {
          if byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
          }
          field.append(byte)
        }
        index += 1
        continue
      }
      switch byte {
      case UInt8(ascii: "\""):
        guard field.isEmpty, !quoted else {
          throw Failure(message: "a quote inside an unquoted CSV value", column: column(index))
        }
        quoted = true
        inQuotes = true
      case UInt8(ascii: ","):
        endField()
        fieldColumn = column(index + 1)
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
          index += 1
        }
        if !(cells.isEmpty && field.isEmpty && !quoted) {
          endField()
          records.append((recordLine, cells))
          cells = []
        }
        line += 1
        lineStart = index + 1
        recordLine = line
        fieldColumn = 1
      default:
        guard !quoted else {
          throw Failure(message: "text after a closing quote in a CSV value", column: column(index))
        }
        field.append(byte)
      }
      index += 1
    }
    guard !inQuotes else {
      throw Failure(message: "a CSV value's quote is never closed", column: fieldColumn)
    }
    if !(cells.isEmpty && field.isEmpty && !quoted) {
      endField()
      records.append((recordLine, cells))
    }
    return records
  }
}

/// Parses PostgreSQL's binary COPY stream (`COPY … TO STDOUT (FORMAT binary)`): a signature,
/// flags and a header extension, then per row a 16-bit field count and per field a 32-bit
/// length (-1: NULL) and the value in the type's binary form, then a count of -1.
///
/// The stream arrives in runs of bytes (libpq's messages, gathered by the fetching thread); a row
/// cut between two runs is kept until the next one completes it. Every length is checked
/// against the bytes at hand, so a malformed stream is an error, never a read out of bounds.
struct PostgresCopyStream {
  /// `PGCOPY\n\377\r\n\0`
  static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

  let columns: Int
  private var headerRead = false
  /// Set once the trailer (a field count of -1) was read.
  private(set) var ended = false
  /// The start of a row (or of the header) the last run cut short.
  private var leftover: [UInt8] = []
  /// Per row of a group, per column, the offset of the value and its length (-1: NULL).
  private var cells: [Int] = []

  init(columns: Int) { self.columns = columns }

  /// Parses the rows of `run` in groups of at most `group` rows, calling `body` with each
  /// group until it returns false. Returns why the stream is malformed, else nil.
  mutating func parse(_ run: [UInt8], group: Int, _ body: (CellRows) -> Bool) -> String? {
    if leftover.isEmpty { return parse(whole: run, group: group, body) }
    let joined = leftover + run
    leftover = []
    return parse(whole: joined, group: group, body)
  }

  /// Whether the stream ended where it should: after the trailer, with nothing left over.
  var isComplete: Bool { ended && leftover.isEmpty }

  private mutating func parse(whole run: [UInt8], group: Int, _ body: (CellRows) -> Bool) -> String? {
    let columns = self.columns
    // The run's bytes, lent for this decode only.
    return run.withUnsafeBufferPointer { bytes -> String? in
      func int16(_ at: Int) -> Int { Int(Int16(bitPattern: UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]))) }
      func int32(_ at: Int) -> Int {
        Int(
          Int32(
            bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
              | UInt32(bytes[at + 3])))
      }
      var at = 0
      if !headerRead {
        // Signature, flags, extension length, extension.
        guard bytes.count >= 19 else {
          leftover = Array(bytes)
          return nil
        }
        guard bytes.prefix(11).elementsEqual(Self.signature) else {
          return "the COPY data has no binary signature"
        }
        let extensionLength = int32(15)
        guard extensionLength >= 0 else { return "the COPY header is malformed" }
        guard bytes.count >= 19 + extensionLength else {
          leftover = Array(bytes)
          return nil
        }
        at = 19 + extensionLength
        headerRead = true
      }
      var rows = 0
      cells.removeAll(keepingCapacity: true)
      while !ended {
        let rowStart = at
        guard at + 2 <= bytes.count else { break }
        let count = int16(at)
        if count == -1 {
          ended = true
          at += 2
          break
        }
        guard count == columns else {
          return "a COPY row has \(count) fields; the result has \(columns) columns"
        }
        at += 2
        var complete = true
        for _ in 0..<columns {
          guard at + 4 <= bytes.count else {
            complete = false
            break
          }
          let length = int32(at)
          at += 4
          guard length >= -1 else { return "a COPY field has length \(length)" }
          guard length <= bytes.count - at else {
            complete = false
            break
          }
          cells.append(at)
          cells.append(length)
          if length > 0 { at += length }
        }
        if !complete {
          cells.removeLast(cells.count - rows * 2 * columns)
          at = rowStart
          break
        }
        rows += 1
        if rows == group {
          guard body(CellRows(bytes: bytes, cells: cells, columns: columns, count: rows)) else { return nil }
          cells.removeAll(keepingCapacity: true)
          rows = 0
        }
      }
      if rows > 0 {
        guard body(CellRows(bytes: bytes, cells: cells, columns: columns, count: rows)) else { return nil }
      }
      if ended {
        guard at == bytes.count else { return "the COPY data goes on after its end" }
      } else if at < bytes.count {
        leftover = Array(bytes[at...])
      }
      return nil
    }
  }
}

/// A group of rows whose cells lie in one byte buffer (a run of COPY data, a batch of SQLite
/// rows), lent to a closure only: the bytes and, per row and column, where each value is.
struct CellRows: WarmedRows {
  let bytes: UnsafeBufferPointer<UInt8>
  let cells: [Int]
  let columns: Int
  let count: Int

  func isWhole(_ r: Int) -> Bool { true }

  /// Whether the cell is NULL.
  @inline(__always)
  func isNull(_ r: Int, _ column: Int) -> Bool { cells[(r * columns + column) * 2 + 1] < 0 }

  /// The value's bytes (empty for NULL).
  @inline(__always)
  func withField<R>(_ r: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let k = (r * columns + column) * 2
    let start = cells[k]
    let length = max(0, cells[k + 1])
    // A slice of the lent `bytes`, within its bounds, for `body` only.
    return body(UnsafeBufferPointer(rebasing: bytes[start..<start + length]))
  }
}

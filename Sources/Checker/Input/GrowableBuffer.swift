/// A growable run of plain values written and read through a pointer.
///
/// The CSV reader appends a span a field to a batch it holds `inout`; an `Array` member would
/// be checked for uniqueness (a call) at every append. This class is owned by one batch and is
/// not shared between threads.
final class GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  @inline(__always)
  func append(_ element: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  /// Element `index`; a bad index stops the program, as an array's would.
  @inline(__always)
  subscript(index: Int) -> Element {
    precondition(index >= 0 && index < count, "index out of range")
    return base[index]
  }

  /// Elements `range` (within `0..<count`) as an array.
  func elements(_ range: Range<Int>) -> [Element] {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
    return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  func removeAll() { count = 0 }

  /// Drops the elements from `newCount` on (`newCount` ≤ `count`).
  func truncate(to newCount: Int) {
    precondition(newCount >= 0 && newCount <= count, "count out of range")
    count = newCount
  }

  private func grow() {
    // Owned: replaces `base` (copied first, then the old one freed).
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.initialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}

/// A column of plain values that owns its memory: the one owner of every large allocation of a
/// `CaseTable` and of what is built into it.
///
/// Invariant: `base` is this column's own allocation of `capacity` elements, freed by `deinit`
/// and by nothing else; `0..<count` are the elements. A pointer to it is lent only for the
/// duration of `withBuffer(_:)` / `withMutableBuffer(_:)`, and the allocation moves (on `append`)
/// only while the column is mutated, never while it is lent. Readers on several threads may
/// share a borrowed column; `fill(_:with:)` is the one write through a shared borrow, for
/// workers that fill disjoint positions of a column before anyone reads it.
///
/// Unlike an `Array`, reading an element touches no reference count (arrays read by every
/// worker bounce their count's cache line between the cores), and its pages can be advised or
/// handed back (`MemoryPages`) because nobody else can hold a copy of them. Indices are checked
/// in debug builds, as `UnsafeBufferPointer`'s are: checks read millions of elements in loops
/// whose bounds come from the table's own starts.
struct Column<Element: BitwiseCopyable>: ~Copyable, @unchecked Sendable {
  private var base: UnsafeMutablePointer<Element>
  private(set) var count: Int
  private var capacity: Int

  /// `count` elements whose values are whatever the memory held: each must be written before it
  /// is read. Large columns ask for huge pages before any is touched (`MemoryPages.advise`).
  init(unfilled count: Int) {
    capacity = max(count, 1)
    base = .allocate(capacity: capacity)
    self.count = count
    // Filled once, in full: huge pages cost no extra memory and spare a page fault every 4 KB.
    MemoryPages.advise(
      UnsafeMutableRawBufferPointer(start: base, count: capacity * MemoryLayout<Element>.stride))
  }

  /// An empty column with room for `capacity` elements before it grows.
  init(capacity: Int) {
    self.init(unfilled: capacity)
    count = 0
  }

  /// `count` copies of `value`.
  init(repeating value: Element, count: Int) {
    self.init(unfilled: count)
    base.initialize(repeating: value, count: count)
  }

  deinit { base.deallocate() }

  var isEmpty: Bool { count == 0 }
  /// The elements as an array (a copy: for small columns, tests and messages).
  var elements: [Element] { withBuffer { Array($0) } }
  var indices: Range<Int> { 0..<count }

  subscript(index: Int) -> Element {
    @inline(__always) get {
      assert(UInt(bitPattern: index) < UInt(bitPattern: count), "column index out of range")
      return base[index]
    }
    @inline(__always) set {
      assert(UInt(bitPattern: index) < UInt(bitPattern: count), "column index out of range")
      base[index] = newValue
    }
  }

  /// Writes element `index` through a shared borrow. Only for workers filling disjoint
  /// positions of an `init(unfilled:)` column at once, none of which is read until all are done.
  @inline(__always)
  func fill(_ index: Int, with value: Element) {
    assert(UInt(bitPattern: index) < UInt(bitPattern: count), "column index out of range")
    base[index] = value
  }

  /// Copies `source` to elements `start...` through a shared borrow, as `fill(_:with:)` does.
  func fill(from start: Int, copying source: UnsafeBufferPointer<Element>) {
    precondition(start >= 0 && start + source.count <= count, "column range out of bounds")
    guard let first = source.baseAddress else { return }
    (base + start).update(from: first, count: source.count)
  }

  mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    base[count] = element
    count += 1
  }

  /// Appends the first `added` elements of `source`.
  mutating func append(copying source: borrowing Column<Element>, count added: Int) {
    precondition(added >= 0 && added <= source.count, "column range out of bounds")
    if count + added > capacity { grow(to: count + added) }
    (base + count).update(from: source.base, count: added)
    count += added
  }

  /// Drops every element, keeping the memory.
  mutating func removeAll() { count = 0 }

  /// Room for `needed` elements in all (doubling, so appends cost constant time on average).
  private mutating func grow(to needed: Int) {
    var size = capacity * 2
    while size < needed { size *= 2 }
    // Owned: replaces `base`, which nobody else holds (the column is mutated, so not lent).
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: size)
    larger.update(from: base, count: count)
    base.deallocate()
    base = larger
    capacity = size
  }

  /// Runs `body` with the elements; the buffer is valid only inside `body`.
  @inline(__always)
  func withBuffer<Result, Failure>(_ body: (UnsafeBufferPointer<Element>) throws(Failure) -> Result)
    throws(Failure) -> Result
  {
    // Valid while `body` runs: the column is borrowed, so it cannot grow or be freed meanwhile.
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// Runs `body` with the elements to change in place; the buffer is valid only inside `body`.
  @inline(__always)
  mutating func withMutableBuffer<Result, Failure>(
    _ body: (UnsafeMutableBufferPointer<Element>) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    // Valid while `body` runs: the column is exclusively accessed, so nobody else reads it.
    try body(UnsafeMutableBufferPointer(start: base, count: count))
  }

  /// Hands back the whole pages of elements `range` (`MemoryPages.release`): they must not be
  /// read again (on Linux they read as zeros). Several threads may release disjoint ranges.
  func release(_ range: Range<Int>) {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "column range out of bounds")
    let stride = MemoryLayout<Element>.stride
    // Within the column's own allocation (checked above).
    MemoryPages.release(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count * stride))
  }
}

extension Column where Element: Comparable {
  /// The smallest and the largest element, nil when empty.
  func bounds() -> ClosedRange<Element>? {
    withBuffer { buffer in
      guard let first = buffer.min(), let last = buffer.max() else { return nil }
      return first...last
    }
  }
}

/// A growable buffer of plain values owned by one worker: appends check capacity and write,
/// with no reference count or uniqueness check (an `Array` held by a struct that every worker
/// copies would touch a count shared between cores).
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
  private(set) var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  var count = 0

  init(capacity: Int = 16) {
    self.capacity = max(1, capacity)
    base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  @inline(__always)
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: count + 1) }
    (base + count).initialize(to: element)
    count += 1
  }

  @inline(__always)
  mutating func append(from source: UnsafePointer<Element>, count added: Int) {
    if count + added > capacity { grow(to: count + added) }
    (base + count).initialize(from: source, count: added)
    count += added
  }

  /// Room for `needed` elements in all.
  private mutating func grow(to needed: Int) {
    var size = capacity * 2
    while size < needed { size *= 2 }
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: size)
    larger.initialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity = size
  }

  /// Hands the memory over (the caller deallocates it).
  consuming func take() -> UnsafeMutablePointer<Element> {
    let taken = base
    discard self
    return taken
  }
}

/// Advice to the kernel about large arrays: huge pages for tables probed at random, and pages
/// handed back once read for good.
///
/// Hash tables and per-case state of a million rows are touched at random; on 4 KB pages nearly
/// every access also misses the TLB. With transparent huge pages in `madvise` mode the kernel
/// only uses huge pages where asked. Memory use is unchanged for tables that are filled anyway.
enum MemoryPages {
  private static let size = 2 << 20

  /// Advises the 2 MB-aligned part of `buffer` (call before first touching it); no-op for small
  /// buffers.
  static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count >= 2 * size else { return }
    let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
    let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
    // An address inside the caller's buffer (rounded inward to 2 MB).
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    Platform.adviseHugePages(aligned, count: end - start)
  }

  /// An empty array with room for `capacity` elements, advised before any is written.
  static func emptyArray<Element>(capacity: Int) -> [Element] {
    [Element](uninitializedCapacity: capacity) { buffer, initialized in
      advise(UnsafeMutableRawBufferPointer(buffer))
      initialized = 0
    }
  }

  private static var pageSize: Int { Platform.pageSize }

  /// Drops the whole pages inside `buffer` from memory (Linux; elsewhere a no-op); they must not
  /// be read afterwards (on Linux they read as zeros). For
  /// large arrays read once in order: resident memory shrinks as reading goes on. Several
  /// threads may release disjoint ranges of one array.
  static func release(_ buffer: UnsafeRawBufferPointer) {
    guard let base = buffer.baseAddress else { return }
    let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
    let end = (Int(bitPattern: base) + buffer.count) / pageSize * pageSize
    // An address inside the caller's buffer (rounded inward to a page).
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    Platform.releaseAnonymousPages(aligned, count: end - start)
  }
}

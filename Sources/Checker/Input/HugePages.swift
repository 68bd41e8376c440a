import Glibc

/// Asks the kernel to back large, randomly probed tables with 2 MB pages.
///
/// Hash tables and per-case state of a million rows are touched at random; on 4 KB pages nearly
/// every access also misses the TLB. With transparent huge pages in `madvise` mode the kernel
/// only uses huge pages where asked. Memory use is unchanged for tables that are filled anyway.
enum HugePages {
  private static let size = 2 << 20

  /// Advises the 2 MB-aligned part of `buffer` (call before first touching it); no-op for small
  /// buffers.
  static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count >= 2 * size else { return }
    let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
    let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
    guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
    madvise(aligned, end - start, MADV_HUGEPAGE)
  }

  /// An empty array with room for `capacity` elements, advised before any is written.
  static func emptyArray<Element>(capacity: Int) -> [Element] {
    [Element](unsafeUninitializedCapacity: capacity) { buffer, initialized in
      advise(UnsafeMutableRawBufferPointer(buffer))
      initialized = 0
    }
  }
}

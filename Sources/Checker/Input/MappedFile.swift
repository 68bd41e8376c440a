import Glibc

/// A file's bytes, memory-mapped read-only so a few hundred MB cost no copy.
///
/// Pages already parsed can be handed back (`release(before:)`) so that resident memory holds
/// the parsed rows, not the whole text, while a large file is read.
final class MappedFile: @unchecked Sendable {
  let bytes: UnsafeBufferPointer<UInt8>
  private let mapping: UnsafeMutableRawPointer?
  private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  struct OpenError: Error {
    var message: String
  }

  init(path: String) throws(OpenError) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw OpenError(message: String(cString: strerror(errno)).lowercased()) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw OpenError(message: String(cString: strerror(errno)).lowercased())
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw OpenError(message: "not a regular file") }
    let size = Int(info.st_size)
    if size == 0 {
      mapping = nil
      bytes = UnsafeBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
    guard let address, address != MAP_FAILED else {
      throw OpenError(message: String(cString: strerror(errno)).lowercased())
    }
    madvise(address, size, MADV_SEQUENTIAL)
    mapping = address
    bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
  }

  /// Drops the whole pages inside `start..<end` from memory (they are re-read from disk if
  /// touched again). Safe from several threads on disjoint ranges.
  func release(from start: Int, to end: Int) {
    guard let mapping else { return }
    let first = (start + Self.pageSize - 1) / Self.pageSize * Self.pageSize
    let last = end / Self.pageSize * Self.pageSize
    guard last > first else { return }
    madvise(mapping + first, last - first, MADV_DONTNEED)
  }

  deinit {
    if let mapping { munmap(mapping, bytes.count) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
#if PORTABLE_PLATFORM || !(canImport(Glibc) || canImport(Musl) || canImport(Darwin))
  import Foundation
#endif

/// A file's bytes, read-only for as long as the object lives: memory-mapped where the system can
/// map files (a few hundred MB cost no copy), else read into memory the object owns.
///
/// Pages already parsed can be handed back (`release(from:to:)`) so that resident memory holds
/// the parsed rows, not the whole text, while a large file is read.
final class MappedFile: @unchecked Sendable {
  /// Valid while this object lives (readers keep it alongside); never written.
  let bytes: UnsafeBufferPointer<UInt8>
  private let isMapped: Bool

  struct OpenError: Error {
    var message: String
  }

  init(path: String) throws(OpenError) {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      let descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else { throw OpenError(message: Platform.lastErrorText()) }
      defer { close(descriptor) }
      var info = stat()
      guard fstat(descriptor, &info) == 0 else { throw OpenError(message: Platform.lastErrorText()) }
      guard (info.st_mode & S_IFMT) == S_IFREG else { throw OpenError(message: "not a regular file") }
      let size = Int(info.st_size)
      isMapped = size > 0
      if size == 0 {
        // An empty file has no bytes to lend.
        bytes = UnsafeBufferPointer(start: nil, count: 0)
        return
      }
      let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
      guard let address, address != MAP_FAILED else { throw OpenError(message: Platform.lastErrorText()) }
      madvise(address, size, MADV_SEQUENTIAL)
      // The mapping this value owns (unmapped in `deinit`), `size` bytes.
      bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    #else
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw OpenError(message: "no such file or directory")
      }
      guard !isDirectory.boolValue else { throw OpenError(message: "not a regular file") }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw OpenError(message: "cannot be read")
      }
      isMapped = false
      // Owned: this value's copy of the file, freed in `deinit`.
      let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, data.count))
      _ = copy.initialize(from: data)
      bytes = UnsafeBufferPointer(start: copy.baseAddress, count: data.count)
    #endif
  }

  /// Drops the whole pages inside `start..<end` from memory where the file is mapped (they
  /// are read from disk again if touched). Safe from several threads on disjoint ranges.
  func release(from start: Int, to end: Int) {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      guard isMapped, let base = bytes.baseAddress else { return }
      let first = (start + Platform.pageSize - 1) / Platform.pageSize * Platform.pageSize
      let last = end / Platform.pageSize * Platform.pageSize
      guard last > first else { return }
      // Whole pages inside the mapping this value owns.
      madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
    #endif
  }

  deinit {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      if isMapped, let base = bytes.baseAddress {
        // This value's own mapping, unmapped once.
        munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
      }
    #else
      // This value's own copy, freed once.
      UnsafeMutablePointer(mutating: bytes.baseAddress)?.deallocate()
    #endif
  }
}

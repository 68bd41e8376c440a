#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The operating-system calls of the Checker target: memory advice, file mapping (`MappedFile`),
/// character set conversion (`UTF8Converter`) and byte comparison.
///
/// Each call has a portable fallback that needs only Foundation: a file is read into memory
/// instead of mapped, advice is not given, conversion from GB18030/GBK is unavailable (every
/// byte then counts as invalid, so the rows holding them are rejected, never misread).
/// `make portable` builds with `-DPORTABLE_PLATFORM` so the fallbacks compile on every change.
///
/// The readers (`Input/`) reach the system only through the files of this folder.
enum Platform {
  #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
    /// The system's text for the last error, in lower case ("no such file or directory").
    static func lastErrorText() -> String { String(cString: strerror(errno)).lowercased() }
  #endif
}

// MARK: - Memory pages

extension Platform {
  /// The size of a memory page.
  static let pageSize: Int = {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      Int(sysconf(Int32(_SC_PAGESIZE)))
    #else
      4096
    #endif
  }()

  /// Asks for huge pages for `count` bytes from `start` (2 MB aligned). Linux only: elsewhere
  /// the kernel decides on its own.
  static func adviseHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux) && !PORTABLE_PLATFORM
      madvise(start, count, MADV_HUGEPAGE)
    #endif
  }

  /// Hands back whole pages of anonymous memory that will not be read again (Linux: they read
  /// as zeros afterwards). Elsewhere the memory stays resident until it is freed.
  static func releaseAnonymousPages(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux) && !PORTABLE_PLATFORM
      madvise(start, count, MADV_DONTNEED)
    #endif
  }
}

// MARK: - Byte comparison

extension Platform {
  /// Whether the `count` bytes at `a` and `b` are equal.
  @inline(__always)
  static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      memcmp(a, b, count) == 0
    #else
      // The caller guarantees `count` readable bytes at `a` and at `b`.
      UnsafeRawBufferPointer(start: a, count: count).elementsEqual(
        UnsafeRawBufferPointer(start: b, count: count))
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a whole file with POSIX calls, refusing files above a size limit before reading them,
/// and describing failures with the system's own reason ("no such file or directory").
enum FileReader {
  enum Failure: Error, Equatable {
    case unreadable(String)
    case tooLarge
  }

  static func contents(atPath path: String, limit: Int) -> Result<[UInt8], Failure> {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return .failure(.unreadable(reason(errno))) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(reason(errno))) }
    if (status.st_mode & S_IFMT) == S_IFDIR { return .failure(.unreadable(reason(EISDIR))) }
    guard Int(status.st_size) <= limit else { return .failure(.tooLarge) }

    // Read until end of file rather than trusting st_size (pipes and /proc report 0),
    // stopping one byte past the limit.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(status.st_size))
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(.unreadable(reason(errno)))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit { return .failure(.tooLarge) }
    }
    return .success(bytes)
  }

  /// `strerror` text with a lowercase first letter, as diagnostics are lowercase.
  private static func reason(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}

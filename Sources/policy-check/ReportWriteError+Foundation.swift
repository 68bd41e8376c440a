import Checker
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension ReportWriteError {
  /// Why the report could not be written, in words the user can act on: the operating system's
  /// reason (`No such file or directory`, `Permission denied`), and for a folder given as the
  /// report's path, the file name that was probably meant.
  func reason(fileExtension: String) -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      let file = (path as NSString).appendingPathComponent("policy-check-report.\(fileExtension)")
      return "'\(path)' is a directory; give a file path, e.g. \(file)"
    }
    return String(cString: strerror(code))
  }
}

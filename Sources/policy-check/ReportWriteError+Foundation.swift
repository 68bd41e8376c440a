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
  /// The text Foundation gave for the same failure when reports were written with
  /// `String.write(toFile:atomically:)`, so `cannot write report` messages read as before.
  var foundationDescription: String {
    let cocoaCode: CocoaError.Code =
      switch code {
      case ENOENT: .fileNoSuchFile
      case EPERM, EACCES: .fileWriteNoPermission
      case ENAMETOOLONG: .fileWriteInvalidFileName
      case EDQUOT, ENOSPC: .fileWriteOutOfSpace
      case EROFS: .fileWriteVolumeReadOnly
      case EEXIST: .fileWriteFileExists
      default: .fileWriteUnknown
      }
    return CocoaError(cocoaCode, userInfo: [NSFilePathErrorKey: path]).localizedDescription
  }
}

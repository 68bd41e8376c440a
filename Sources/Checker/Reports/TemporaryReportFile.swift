import CProcess
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary file a report is written to, `.NAME.PID.N.tmp` beside it, renamed over the
/// report when complete (the report's name never holds half a report).
///
/// While it exists it is registered with the signal handler of `CProcess`, so an interrupted or
/// terminated run removes it; files left by a run that was killed outright (SIGKILL, a crash, a
/// power cut) are removed by the next run writing the same report, once their process is gone.
struct TemporaryReportFile {
  var descriptor: Int32
  var path: String
  /// The signal handler's slot, -1 when not registered.
  var slot: Int32

  /// Opens a new temporary file in the folder of `report`, failing if it cannot be created.
  init(near report: String) throws(ReportWriteError) {
    let slash = report.lastIndex(of: "/")
    let folder = slash.map { String(report[...$0]) } ?? ""
    let name = slash.map { String(report[report.index(after: $0)...]) } ?? report
    policy_check_install_cleanup_handlers()
    Self.removeAbandoned(in: folder, name: name)
    for attempt in 0..<100 {
      let temporaryPath = "\(folder).\(name).\(getpid()).\(attempt).tmp"
      // Registered before it exists: a signal between creating and registering it (delivered to
      // any thread) would leave the file behind. A name that clashes holds our own pid, so it
      // can only be a file abandoned by an earlier process with that pid.
      let slot = Int32(policy_check_register_temporary(temporaryPath))
      let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 {
        self.descriptor = descriptor
        self.path = temporaryPath
        self.slot = slot
        return
      }
      let failure = errno
      policy_check_unregister_temporary(slot)
      errno = failure
      // Only a name clash is worth another name; anything else (missing folder, no permission) is final.
      if errno != EEXIST { throw ReportWriteError(path: report, code: errno) }
    }
    throw ReportWriteError(path: report, code: EEXIST)
  }

  /// Removes `.NAME.PID.N.tmp` files in `folder` whose process no longer runs.
  static func removeAbandoned(in folder: String, name: String) {
    // FileManager, not readdir: a `dirent` is shorter than its declared `d_name` at the end of
    // readdir's buffer, so copying the struct read past it (ASan: heap-buffer-overflow).
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)
    else { return }
    let prefix = "." + name + "."
    for entryName in entries {
      guard let pid = abandonedOwner(entryName, prefix: prefix) else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + entryName) }
    }
  }

  /// The process id in `PREFIX<pid>.<n>.tmp`, or nil when the name is not of that shape.
  static func abandonedOwner(_ entry: String, prefix: String) -> pid_t? {
    guard entry.hasPrefix(prefix), entry.hasSuffix(".tmp") else { return nil }
    let middle = entry.dropFirst(prefix.count).dropLast(4).split(
      separator: ".", omittingEmptySubsequences: false)
    guard middle.count == 2, let pid = pid_t(middle[0]), pid > 0, Int(middle[1]) != nil else { return nil }
    return pid
  }
}

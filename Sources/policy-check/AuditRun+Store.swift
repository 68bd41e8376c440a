import ArgumentParser
import Checker
import Foundation
import PolicyRules

/// `audit --store`: the store opened (and refused) before the audit, the run written after it.
extension AuditRun {
  static let storeHelp = ArgumentHelp(
    "Keep the run in a results store: sqlite:FILE, a postgres:// URL or env:NAME (docs/store.md).")

  /// Exit 64 for a `--store` value of no known form (`env:NAME` is checked when it is read).
  static func validateStore(_ spec: String?) throws {
    guard let spec, !spec.hasPrefix("env:") else { return }
    do {
      _ = try StoreLocation.parse(spec)
    } catch {
      throw ValidationError(error.message)
    }
  }

  /// Opens `--store`'s store, or exit 2 with the reason (before anything is read or written).
  static func openStore(_ spec: String) throws -> ResultsStore {
    do {
      return try ResultsStore(try StoreLocation.parse(spec))
    } catch {
      Console.error("error: \(error.message)")
      throw Exit.untrusted
    }
  }

  /// Exit 64 when a report would be written over an SQLite store (the report's rename would
  /// replace the database the run was just written into).
  static func refuseReports(over store: ResultsStore, _ destinations: [(any Reporter, String?)]) throws {
    guard store.location.system == .sqlite else { return }
    let key = FileIdentity.key(store.location.connection)
    for case (let reporter, let path?) in destinations where FileIdentity.key(path) == key {
      Console.error(
        "error: --format \(reporter.formatName)=\(path) would overwrite the store \(store.location.connection); "
          + "write the report elsewhere")
      throw ExitCode.validationFailure
    }
  }

  /// Writes the run into `store` and returns its history for the HTML report (read only when
  /// `history`); nil (nothing written, and said) when the results cannot be trusted. A failed
  /// write is exit 2.
  func record(in store: ResultsStore, startedAt: Timestamp, strict: Bool, history: Bool) throws
    -> StoreHistory?
  {
    if dataset.hasFileErrors || dataset.stoppedEarly || (strict && !result.dataWarnings.isEmpty) {
      Console.error("not stored in \(store.location.name): the results are incomplete")
      return nil
    }
    let run = StoreRun(
      result: result, startedAt: startedAt, finishedAt: StoreRun.timestamp(Date()),
      asOfGiven: period.cutOffGiven, groupField: groupField)
    do {
      let written = try store.write(run)
      let superseded =
        written.superseded.isEmpty
        ? "" : "; it supersedes run \(written.superseded.map(String.init).joined(separator: ", "))"
      Console.error(
        "stored run \(written.runID) (\(run.periodLabel), \(written.findings) findings) in \(store.location.name)\(superseded)"
      )
      return history ? try store.history(of: written.runID) : nil
    } catch {
      Console.error("error: \(error.message); the store is unchanged")
      throw Exit.untrusted
    }
  }
}

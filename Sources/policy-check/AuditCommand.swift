import ArgumentParser
import CMemory
import Checker
import Dispatch
import Foundation
import PolicyRules

/// The monthly job: rules + dataset + period ⇒ a compliance report.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit a dataset for a period and write compliance reports.",
    discussion: """
      By default prints the text summary and writes policy-check-report.html. Exit codes: 0 audit \
      completed; 1 violations at or above --fail-on (only when given); 2 rules or input could not be \
      loaded or trusted (a file failed to load, --max-errors stopped reading, or no data file has a \
      record); 64 usage error.
      """)

  @OptionGroup var rules: RuleOptions
  @OptionGroup var data: DataOptions
  @OptionGroup var period: PeriodOptions
  @OptionGroup var output: OutputOptions

  @OptionGroup var verdict: VerdictOptions

  // Unconditional: `--threads -3` is a value the validation refuses, not a missing one.
  @Option(
    parsing: .unconditional,
    help:
      "Worker threads (default: all cores). With 2 or more, small files are read on one more thread while a large one is split among them."
  )
  var threads: Int?

  @Flag(help: AuditRun.strictHelp)
  var strict = false

  @Option(
    name: .customLong("memory-limit"),
    help: ArgumentHelp(
      "Memory for the cases (e.g. 512MB, 2GB, none; default a quarter of the machine's, at most 1 GiB).",
      discussion:
        "Input larger than this is read in parts of its cases, one part in memory at a time, with the same results.",
      valueName: "size"))
  var memoryLimit: String?

  @Option(
    help: ArgumentHelp(
      "Judge in PostgreSQL: compile the rules to SQL, run it on this server (postgres://…) and report its judgements.",
      discussion:
        "The server's tables records and events (docs/sql.md) are audited; it keeps the table judgements."))
  var engine: String?

  @Flag(
    name: .customLong("with-data"),
    help: "With --engine: first create and fill the server's tables records and events from the data.")
  var withData = false

  @Option(help: AuditRun.storeHelp)
  var store: String?

  /// For scripts/bench.sh: phase timings on stderr.
  @Flag(help: .private)
  var timings = false

  func validate() throws {
    if let threads, threads < 1 {
      throw ValidationError("--threads must be 1 or more, found \(threads); leave it out to use every core")
    }
    try AuditRun.validateStore(store)
    if let memoryLimit, MemoryBudget.parse(memoryLimit) == nil {
      throw ValidationError(
        "--memory-limit must be a size such as 512MB, 2GB or 800k, or none; found '\(memoryLimit)'")
    }
    if let engine, !(engine.hasPrefix("postgres://") || engine.hasPrefix("postgresql://")) {
      throw ValidationError(
        "--engine takes a postgres:// or postgresql:// URL, found '\(engine.prefix(40))'; for DuckDB or Spark "
          + "run the script of policy-check sql and render its rows with policy-check report --judgements")
    }
    if withData && engine == nil { throw ValidationError("--with-data goes with --engine") }
    if engine != nil && memoryLimit != nil {
      throw ValidationError("--memory-limit is for the native engine: with --engine the server judges")
    }
    if engine != nil && strict {
      throw ValidationError(
        "--strict needs the native engine: the judgement rows do not mark calendar-data gaps")
    }
  }

  func run() throws {
    // 0 asks the workers for one thread per core.
    let threads = self.threads ?? 0
    let startedAt = StoreRun.timestamp(Date())
    let resultsStore = try store.map(AuditRun.openStore)
    let defaults = ["text", "html=policy-check-report.html"]
    if let resultsStore {
      try AuditRun.refuseReports(over: resultsStore, output.destinations(defaults: defaults))
    }
    let run = try AuditRun.perform(
      rules: rules, data: data, period: period, output: output, waiversPath: verdict.waivers,
      threads: threads,
      strict: strict,
      // The engine judges: the data is read (at once) only for what the reports say of it.
      memory: engine == nil
        ? memoryLimit.flatMap(MemoryBudget.parse) ?? .machineDefault : MemoryBudget(limit: nil),
      judgements: engine.map { .postgres($0, withData: withData) },
      // Reports of figures alone (the text summary) need no finding; a stored run keeps them all.
      keepsFindings: resultsStore != nil || output.showsFindings(defaults: defaults))
    defer { run.keepUntilExit() }
    let storeStart = DispatchTime.now()
    let wantsHistory = output.destinations(defaults: defaults).contains { $0.0 is HTMLReporter }
    let history = try resultsStore.flatMap {
      try run.record(in: $0, startedAt: startedAt, strict: strict, history: wantsHistory)
    }
    let storeSeconds = AuditRun.seconds(since: storeStart)
    let reportStart = DispatchTime.now()
    try output.write(
      run.result, defaults: defaults, threads: threads, fieldLabels: run.fieldLabels, history: history)
    if timings {
      let report = AuditRun.seconds(since: reportStart)
      // The store's phase only with --store: scripts read the line as it always was.
      let stored = resultsStore == nil ? "" : String(format: "store %.3f s, ", storeSeconds)
      Console.error(
        String(
          format:
            "timings: rules %.3f s, load %.3f s (read %.3f s, assemble %.3f s), evaluate %.3f s (bind %.4f s), ",
          run.rulesSeconds, run.loadSeconds, run.dataset.readSeconds, run.dataset.assembleSeconds,
          run.evaluateSeconds, run.result.bindingSeconds)
          + stored
          + String(
            format:
              "report %.3f s; peak memory after load %d MB, after evaluate %d MB, at the end %d MB; resident after load %d MB",
            report, run.loadPeakMB, run.evaluatePeakMB, AuditRun.peakMemoryMB(), run.loadResidentMB))
    }
    try run.finish(failOn: verdict.failOn, strict: strict)
  }
}

/// Loading, evaluating and judging the exit code, shared by `audit` and `check`.
struct AuditRun {
  var result: AuditResult
  var dataset: Dataset
  /// The period and cut-off used, and where they came from.
  var period: EffectivePeriod
  /// The case field findings are grouped by.
  var groupField: String?
  /// Field name → the column header the data gives it (`contact` → `联系方式`), for the HTML
  /// report's wording.
  var fieldLabels: [String: String] = [:]
  /// Data files without a record (some of several: the run went on without them).
  var emptyFiles: [String] = []
  /// Wall time of each phase, for `--timings`.
  var rulesSeconds = 0.0
  var loadSeconds = 0.0
  var evaluateSeconds = 0.0
  /// Peak resident memory (VmHWM) after each phase, for `--timings`.
  var loadPeakMB = 0
  var loadResidentMB = 0
  var evaluatePeakMB = 0

  /// The process's peak resident memory so far, in MB (0 where /proc is not available).
  static func peakMemoryMB() -> Int { memoryMB("VmHWM:") }

  /// The process's resident memory now, in MB.
  static func residentMemoryMB() -> Int { memoryMB("VmRSS:") }

  private static func memoryMB(_ key: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
      let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes / 1024
  }

  static func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  static func perform(
    rules: RuleOptions, data: DataOptions, period: PeriodOptions, output: OutputOptions, waiversPath: String?,
    threads: Int, strict: Bool = false, memory: MemoryBudget = MemoryBudget(limit: nil),
    judgements: JudgementSource? = nil, keepsFindings: Bool = true
  ) throws -> AuditRun {
    policy_check_tune_allocator()
    let rulesStart = DispatchTime.now()
    let library = try rules.load()
    let loadStart = DispatchTime.now()
    let line = ProgressLine(quiet: output.quiet)
    let inputs = data.inputFiles()
    let inputBytes = inputs.reduce(0) { $0 + $1.bytes }
    let what =
      "\(inputs.count) \(inputs.count == 1 ? "file" : "files"), \(ProgressText.bytes(inputBytes))"
    // The readers count what they have read; the line shows it against the inputs' size.
    let loading = line.map { _ in LoadProgress() }
    if let loading {
      let files = "\(inputs.count) \(inputs.count == 1 ? "file" : "files")"
      line?.tick {
        ProgressText.loading(
          files, read: loading.read, totalBytes: inputBytes, seconds: seconds(since: loadStart))
      }
    }
    let parts = partCount(memory, inputBytes: inputBytes, library: library, data: data, period: period)
    let dataset = data.read(
      threads: threads, period: period, progress: loading,
      partition: parts > 1 ? CasePartition(index: 0, of: parts) : nil)
    if parts == 1 { data.report(dataset) }
    line?.stopTicking()
    let loaded = seconds(since: loadStart)
    let rowsRead = dataset.counts.read
    let loadPeak = peakMemoryMB()
    let loadResident = residentMemoryMB()
    let evaluateStart = DispatchTime.now()
    // Part 0 alone tells neither whether there are cases nor whether files are empty.
    if parts == 1 { try refuseUntrusted(dataset) }
    try output.refuseOverwriting(
      dataset.files + data.databaseFiles() + library.files
        + [data.dataset, waiversPath, rules.profile].compactMap { $0 })
    var waivers = WaiverSet(timeZoneIdentifier: dataset.timeZoneIdentifier)
    if let waiversPath {
      var bag = DiagnosticBag(path: waiversPath)
      guard let loaded = WaiverSet.load(path: waiversPath, diagnostics: &bag) else {
        Console.error(bag.items.map(\.description).joined(separator: "\n"))
        throw Exit.untrusted
      }
      waivers.waivers = loaded.waivers
    }
    warnAboutZones(library, dataset)
    let effective = try period.effective(for: dataset)
    var context = Audit.context(
      for: dataset, library: library, asOf: effective.cutOff, periodStart: effective.start,
      periodEnd: effective.end)
    context.outsideCalendarDataIsUnverifiable = strict
    let groupField = output.groupField(for: dataset)
    var audit = Audit(
      library: library, context: context, waivers: waivers, groupField: groupField, threads: threads)
    audit.keepsFindings = keepsFindings
    // An engine's judgements (`report --judgements`, `audit --engine`): the results model is
    // rebuilt from its rows.
    if let judgements {
      let rows = try judgementRows(judgements, library, dataset, effective, groupField)
      line?.finish("read \(ProgressText.count(rowsRead)) rows (\(what)) in \(ProgressText.seconds(loaded))")
      let result = audit.result(from: rows, dataset: dataset)
      printDataWarnings(result, library)
      var summary = dataset
      summary.table = .empty
      return AuditRun(
        result: result, dataset: summary, period: effective, groupField: groupField,
        fieldLabels: data.fieldLabels(), emptyFiles: DataOptions.emptyFiles(summary),
        rulesSeconds: Double(loadStart.uptimeNanoseconds - rulesStart.uptimeNanoseconds) / 1e9,
        loadSeconds: loaded, evaluateSeconds: seconds(since: evaluateStart), loadPeakMB: loadPeak,
        loadResidentMB: loadResident, evaluatePeakMB: peakMemoryMB())
    }
    let evaluating =
      "evaluating \(library.rules.count) rules over \(ProgressText.count(dataset.caseCount)) cases"
    var progress: (@Sendable (Int, Int) -> Void)?
    if let line {
      line.show(evaluating, force: true)
      progress = { done, total in
        let percent = total == 0 ? 100 : done * 100 / total
        let bar = String(repeating: "█", count: percent / 5) + String(repeating: "░", count: 20 - percent / 5)
        line.show("\(evaluating) \(bar) \(percent)%", force: done == total)
      }
    }
    // Only the counts and flags are needed after the audit: handing the cases over lets them go
    // once judged, before findings and reports are built (lower peak memory on large audits).
    var summary = dataset
    summary.table = .empty
    var caseCount = dataset.caseCount
    let result: AuditResult
    if parts > 1 {
      (result, summary) = audit.run(parts: parts, first: consume dataset, progress: progress) { part in
        data.read(threads: threads, period: period, partition: part)
      }
      caseCount = result.caseCount
      data.report(summary)
      try refuseUntrusted(summary, caseCount: caseCount)
    } else {
      result = audit.run(consume dataset, progress: progress)
    }
    let rate = loaded > 0 ? Int(Double(rowsRead) / loaded) : rowsRead
    line?.finish(
      "read \(ProgressText.count(rowsRead)) rows (\(what)) in \(ProgressText.seconds(loaded)), "
        + "\(ProgressText.count(rate)) rows/s; evaluated \(library.rules.count) rules over "
        + "\(ProgressText.count(caseCount)) cases in \(ProgressText.seconds(seconds(since: evaluateStart)))"
    )
    printDataWarnings(result, library)
    return AuditRun(
      result: result, dataset: summary, period: effective, groupField: groupField,
      fieldLabels: data.fieldLabels(), emptyFiles: DataOptions.emptyFiles(summary),
      rulesSeconds: Double(loadStart.uptimeNanoseconds - rulesStart.uptimeNanoseconds) / 1e9,
      loadSeconds: Double(evaluateStart.uptimeNanoseconds - loadStart.uptimeNanoseconds) / 1e9,
      evaluateSeconds: seconds(since: evaluateStart), loadPeakMB: loadPeak, loadResidentMB: loadResident,
      evaluatePeakMB: peakMemoryMB())
  }

  /// Exit 2 before judging anything when nothing could be read, or nothing is there to audit.
  private static func refuseUntrusted(_ dataset: Dataset, caseCount: Int? = nil) throws {
    if (caseCount ?? dataset.caseCount) == 0 && dataset.hasFileErrors { throw Exit.untrusted }
    try DataOptions.refuseNothingToAudit(dataset)
  }

  /// In how many parts of its cases the data is read under `memory` (1: at once), saying so
  /// when the input is over the limit; and why not, when the run cannot be split.
  private static func partCount(
    _ memory: MemoryBudget, inputBytes: Int, library: RuleLibrary, data: DataOptions, period: PeriodOptions
  ) -> Int {
    let parts = memory.parts(forInputBytes: inputBytes)
    guard parts > 1 else { return 1 }
    let over =
      "the input (\(ProgressText.bytes(inputBytes))) is over --memory-limit \(memory.description)"
    let everyCase = AuditEngine.rulesNeedingEveryCase(library.rules)
    var reason: String?
    if !everyCase.isEmpty {
      let names = everyCase.prefix(3).map { "\($0.id) (\($0.kind))" }.joined(separator: ", ")
      let more = everyCase.count > 3 ? " and \(everyCase.count - 3) more" : ""
      reason = "\(names)\(more) judge every case at once"
    } else if data.readsDatabase() {
      reason = "a database source is read by one query"
    } else if data.maxErrors != nil {
      reason = "--max-errors stops at a row of one reading order"
    } else if !period.givesWholePeriod {
      reason = "the period is taken from the data; give --month, or --from and --to"
    }
    if let reason {
      Console.error("note: \(over), but \(reason): the data is read at once")
      return 1
    }
    Console.error("note: \(over): the data is read in \(parts) parts of its cases, one at a time")
    return parts
  }

  /// Working-time rules count in their calendar's zone; data read in another zone shifts every
  /// working-hours boundary, so say so.
  static func warnAboutZones(_ library: RuleLibrary, _ dataset: Dataset) {
    let used = Set(library.rules.compactMap(\.calendar))
    for name in used.sorted() {
      guard let calendar = library.calendars[name], calendar.timeZoneIdentifier != dataset.timeZoneIdentifier
      else { continue }
      Console.error(
        "warning: calendar '\(name)' counts in \(calendar.timeZoneIdentifier) but the data is read in "
          + "\(dataset.timeZoneIdentifier); pass --time-zone \(calendar.timeZoneIdentifier) if the timestamps are local there"
      )
    }
  }

  /// Leaves the results to the operating system. The process ends right after the reports are
  /// written; freeing every finding (its texts and evidence) one by one first would only add to
  /// the run's wall time (the teardown of a large audit's results is measured in tens of ms).
  func keepUntilExit() {
    _ = Unmanaged.passRetained(KeptUntilExit(self))
  }

  /// Exit 2 when the input could not be trusted (with `strict`, also when a rule names what the
  /// data lacks), 1 when violations reach `failOn`.
  func finish(failOn: Severity?, strict: Bool = false) throws {
    try finishStrict(strict)
    if dataset.hasFileErrors || dataset.stoppedEarly {
      Console.error(
        dataset.stoppedEarly
          ? "stopped after --max-errors rejected rows: the results are incomplete"
          : "some input files could not be read: the results are incomplete")
      throw Exit.untrusted
    }
    if let failOn,
      result.rules.contains(where: { $0.violations.bySeverity.contains { $0.key >= failOn && $0.value > 0 } })
    {
      throw Exit.violations
    }
  }
}

/// Holds an audit's results until the process exits (see `AuditRun.keepUntilExit`).
private final class KeptUntilExit {
  let run: AuditRun
  init(_ run: AuditRun) { self.run = run }
}

/// Progress on stderr while loading and evaluating, only when stderr is a terminal and not
/// `--quiet`: one line rewritten at most four times a second, replaced at the end by a line
/// saying what was read and how long each phase took.
final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private var lastWrite: UInt64 = 0
  private var timer: DispatchSourceTimer?
  /// Nanoseconds between updates.
  static let interval: UInt64 = 250_000_000

  /// The line on screen now, which `Console.error` clears before a message so the two never share
  /// a line (the next update draws it again below the message).
  nonisolated(unsafe) private static var active: ProgressLine?
  private static let activeLock = NSLock()

  init?(quiet: Bool) {
    guard !quiet, Console.stderrIsTerminal else { return nil }
    Self.activeLock.withLock { Self.active = self }
  }

  /// Writes a message to stderr, first clearing the line on screen, if any, under its lock so
  /// an update cannot slip in between.
  static func writeMessage(_ data: Data) {
    guard let line = activeLock.withLock({ active }) else {
      FileHandle.standardError.write(data)
      return
    }
    line.lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8) + data) }
  }

  /// Rewrites the line, unless the last write was less than `interval` ago (`force` writes anyway).
  func show(_ text: String, force: Bool = false) {
    lock.withLock {
      let now = DispatchTime.now().uptimeNanoseconds
      guard force || now - lastWrite >= Self.interval else { return }
      lastWrite = now
      FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }
  }

  /// Calls `text` every `interval` and shows it, until `stopTicking`: for a phase whose work
  /// does not call back (loading: the bytes and rows the readers have counted so far).
  func tick(_ text: @escaping @Sendable () -> String) {
    let source = DispatchSource.makeTimerSource(queue: .global())
    source.schedule(deadline: .now(), repeating: .nanoseconds(Int(Self.interval)))
    source.setEventHandler { [weak self] in self?.show(text(), force: true) }
    timer = source
    source.resume()
  }

  func stopTicking() {
    timer?.cancel()
    timer = nil
  }

  /// Clears the line and prints `text` for good.
  func finish(_ text: String) {
    stopTicking()
    Self.activeLock.withLock { if Self.active === self { Self.active = nil } }
    lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)\n".utf8)) }
  }

}

import Dispatch
import Foundation
import PolicyRules

/// Reads the files of a dataset into cases: from a description, or from event logs with
/// recognisable columns (`autodetect`).
///
/// Files are read in parallel (one task per file) unless `maxErrors` is set, in which case they
/// are read in order so the stopping point is deterministic. Output never depends on timing.
public enum DatasetLoader {
  /// Loads a description file (YAML), then its sources.
  public static func load(
    descriptionAt path: String, overrides: DatasetOverrides = DatasetOverrides(),
    options: DatasetLoadOptions = DatasetLoadOptions()
  ) -> Dataset {
    var diagnostics = DiagnosticBag(path: path)
    guard let document = YAMLParser.parseFile(atPath: path, diagnostics: &diagnostics),
      let description = DatasetDescription.load(document, diagnostics: &diagnostics)
    else {
      return failed(diagnostics.items, timeZone: overrides.timeZone ?? DatasetDescription.defaultTimeZone)
    }
    var dataset = load(description, overrides: overrides, options: options)
    dataset.diagnostics.insert(contentsOf: diagnostics.items, at: 0)
    return dataset
  }

  /// Loads every source of a description.
  public static func load(
    _ description: DatasetDescription, overrides: DatasetOverrides = DatasetOverrides(),
    options: DatasetLoadOptions = DatasetLoadOptions()
  ) -> Dataset {
    let zoneName = overrides.timeZone ?? description.timeZoneIdentifier
    guard let timeZone = TimeZone(identifier: zoneName) else {
      return failed(
        [Diagnostic(path: description.path, mark: nil, message: "unknown time zone '\(zoneName)'")],
        timeZone: zoneName)
    }
    var encodingOverride: TextEncoding?
    if let name = overrides.encoding {
      guard let encoding = TextEncoding(name: name) else {
        return failed(
          [
            Diagnostic(
              path: description.path, mark: nil,
              message: "unknown encoding '\(name)'"
                + Suggestions.didYouMean(name, in: TextEncoding.acceptedNames))
          ], timeZone: zoneName)
      }
      encodingOverride = encoding
    }
    let sources = description.sources.map { withLimits(withFormatDefaults($0), options) }
    let readStart = DispatchTime.now()
    var outputs = readAll(sources, timeZone: timeZone, encodingOverride: encodingOverride, options: options)
    let assembleStart = DispatchTime.now()
    var dataset = combine(
      &outputs, files: sources.map(\.resolvedPath), timeZone: zoneName, workers: workerCount(options)
    ) { file in
      SourceReader.read(
        sources[Int(file)], fileIndex: file, timeZone: timeZone, encodingOverride: encodingOverride,
        errorBudget: nil, partition: options.partition)
    }
    dataset.readSeconds = Double(assembleStart.uptimeNanoseconds - readStart.uptimeNanoseconds) / 1e9
    dataset.assembleSeconds =
      Double(DispatchTime.now().uptimeNanoseconds - assembleStart.uptimeNanoseconds) / 1e9
    return dataset
  }

  /// XES logs name their columns by convention; fill in what the description left out.
  static func withFormatDefaults(_ source: SourceDescription) -> SourceDescription {
    guard source.format == .xes else { return source }
    var source = source
    source.caseId = source.caseId ?? ColumnReference("case:concept:name")
    source.activity = source.activity ?? ColumnReference("concept:name")
    source.time = source.time ?? ColumnReference("time:timestamp")
    source.resource = source.resource ?? ColumnReference("org:resource")
    return source
  }

  /// The quoted-field limits of `options`, where set, for this source.
  static func withLimits(_ source: SourceDescription, _ options: DatasetLoadOptions) -> SourceDescription {
    var source = source
    source.maxFieldLines = options.maxFieldLines ?? source.maxFieldLines
    source.maxFieldBytes = options.maxFieldBytes ?? source.maxFieldBytes
    return source
  }

  private static func readAll(
    _ sources: [SourceDescription], timeZone: TimeZone, encodingOverride: TextEncoding?,
    options: DatasetLoadOptions
  ) -> [SourceOutput] {
    let workers = workerCount(options)
    if options.maxErrors != nil || options.failFast || !options.parallel || sources.count < 2 {
      var outputs: [SourceOutput] = []
      var budget = options.maxErrors
      for (k, source) in sources.enumerated() {
        let parts = readSource(
          source, fileIndex: Int32(k), timeZone: timeZone, encodingOverride: encodingOverride,
          errorBudget: budget, parts: budget == nil && options.parallel ? workers : 1, options: options)
        outputs += parts
        let output = parts[0]
        if let remaining = budget { budget = remaining - output.rejections.count }
        if output.stoppedEarly { break }
        if options.failFast && output.diagnostics.contains(where: { $0.severity == .error }) { break }
      }
      return outputs
    }
    // Large files are read one after another, each split among all workers; small files are
    // read one worker each. One thread of its own starts on the small files at once: it fills
    // the core that idles while a large file is scanned for its split points. Once the large
    // files are read, every worker helps with what is left of the small ones.
    let results = ConcurrentResults<[SourceOutput]>(count: sources.count)
    let large = sources.indices.filter { fileSize(sources[$0].resolvedPath) >= 2 * options.minimumPartSize }
    let small = sources.indices.filter { !large.contains($0) }
    let read: @Sendable (Int, Int) -> Void = { k, parts in
      results.set(
        k,
        readSource(
          sources[k], fileIndex: Int32(k), timeZone: timeZone, encodingOverride: encodingOverride,
          errorBudget: nil, parts: parts, options: options))
    }
    let unread = ItemCounter()
    let readSmall: @Sendable () -> Void = {
      while let n = unread.claim(below: small.count) { read(small[n], 1) }
    }
    let readLarge = { for k in large { read(k, workers) } }
    if workers < 2 {
      readLarge()
      readSmall()
    } else {
      Parallel.alongside(readSmall) {
        readLarge()
        Parallel.run(workers - 1, workers: workers - 1) { _ in readSmall() }
      }
    }
    return results.values.flatMap { $0 }
  }

  /// One source: a file (in `parts` on as many threads) or a database query.
  private static func readSource(
    _ source: SourceDescription, fileIndex: Int32, timeZone: TimeZone, encodingOverride: TextEncoding?,
    errorBudget: Int?, parts: Int, options: DatasetLoadOptions
  ) -> [SourceOutput] {
    if source.database != nil {
      // A query runs once: every part would count its rows again (callers read such data whole).
      precondition(options.partition == nil, "a database source read in parts")
      return [
        DatabaseReader.read(
          source, fileIndex: fileIndex, timeZone: timeZone, errorBudget: errorBudget,
          period: options.queryPeriod)
      ]
    }
    return SourceReader.read(
      source, fileIndex: fileIndex, timeZone: timeZone, encodingOverride: encodingOverride,
      errorBudget: errorBudget, parts: parts, minimumPartSize: options.minimumPartSize,
      progress: options.progress, partition: options.partition)
  }

  /// The size of a file in bytes (0 when it cannot be read; the reader reports why).
  static func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }

  static func workerCount(_ options: DatasetLoadOptions) -> Int {
    options.threads > 0 ? options.threads : max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Adds up counts and joins cases; files not read (after stopping early) count zero. The
  /// outputs are used up (their memory goes as the cases are built).
  ///
  /// A records file read in parts whose parts share a case id (`CaseAssembler.repeatedCaseIds`)
  /// is read again in one piece by `readWhole` (given its file index), so that the repeat is
  /// rejected where one reader rejects it: the result never depends on the number of parts.
  static func combine(
    _ outputs: inout [SourceOutput], files: [String], timeZone: String, workers: Int = 1,
    readWhole: (Int32) -> [SourceOutput]
  ) -> Dataset {
    var joined = CaseAssembler.joinPools(outputs.filter { !$0.hasFileError }, workers: workers)
    let repeated = CaseAssembler.repeatedCaseIds(outputs.filter { !$0.hasFileError }, joined: joined)
    if !repeated.isEmpty {
      joined = JoinedPools(builder: CaseTableBuilder(), pools: [])
      var replaced: [SourceOutput] = []
      var last: Int32 = -1
      for output in outputs {
        if !repeated.contains(output.fileIndex) {
          replaced.append(output)
        } else if output.fileIndex != last {
          replaced += readWhole(output.fileIndex)
        }
        last = output.fileIndex
      }
      outputs = replaced
      replaced = []
      return combine(&outputs, files: files, timeZone: timeZone, workers: workers, readWhole: readWhole)
    }
    var fileCounts = [ReadCounts](repeating: ReadCounts(), count: files.count)
    var total = ReadCounts()
    var rejections: [RowRejection] = []
    var diagnostics: [Diagnostic] = []
    var stoppedEarly = Set(outputs.map(\.fileIndex)).count < files.count
    var rowKeys: [Int32: RowKeys] = [:]
    for output in outputs {
      if let keys = output.rowKeys { rowKeys[output.fileIndex] = keys }
      fileCounts[Int(output.fileIndex)] = fileCounts[Int(output.fileIndex)] + output.counts
      total = total + output.counts
      rejections += output.rejections
      diagnostics += output.diagnostics
      stoppedEarly = stoppedEarly || output.stoppedEarly
    }
    outputs.removeAll { $0.hasFileError }
    let table = CaseAssembler.assemble(&outputs, joined: &joined, workers: workers)
    outputs = []
    var dataset = Dataset(
      files: files, table: table, rejections: rejections,
      counts: total,
      fileCounts: fileCounts, timeZoneIdentifier: timeZone, diagnostics: diagnostics,
      stoppedEarly: stoppedEarly)
    dataset.rowKeys = rowKeys
    return dataset
  }

  static func failed(_ diagnostics: [Diagnostic], timeZone: String) -> Dataset {
    Dataset(
      files: [], table: .empty, rejections: [], counts: ReadCounts(), fileCounts: [],
      timeZoneIdentifier: timeZone,
      diagnostics: diagnostics)
  }
}

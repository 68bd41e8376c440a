/// How strictly to read: where to stop and whether one broken file stops the rest.
public struct DatasetLoadOptions: Sendable, Hashable {
  /// Stop reading after this many row rejections (the dataset is then marked `stoppedEarly`).
  public var maxErrors: Int?
  /// Stop at the first file-level error instead of loading the other files.
  public var failFast: Bool
  /// Read files in parallel (output is identical either way).
  public var parallel: Bool

  /// At most this many threads read (0: one per core); a large CSV file is split among them.
  public var threads: Int
  /// A CSV file is split only into parts of at least this many bytes (tests set it low to
  /// split small files).
  public var minimumPartSize = SourceReader.minimumPartSize
  /// How far a quoted CSV field may run, for every file (`--max-field-lines`,
  /// `--max-field-bytes`); nil: each source's own or the default (`CSVReader.QuotedFieldLimits`).
  public var maxFieldLines: Int?
  public var maxFieldBytes: Int?
  /// The values a database source's query binds to `$from`, `$to` and `$as_of`.
  public var queryPeriod = QueryPeriod()
  /// Where file readers count the bytes and rows they have read (a progress line); nil: nowhere.
  public var progress: LoadProgress?
  /// Read only the rows of this part of the cases (an audit within a memory limit); nil: all.
  /// Database sources are always read whole (`DatasetLoader.canPartition`).
  public var partition: CasePartition?

  public init(
    maxErrors: Int? = nil, failFast: Bool = false, parallel: Bool = true, threads: Int = 0,
    maxFieldLines: Int? = nil, maxFieldBytes: Int? = nil
  ) {
    self.maxErrors = maxErrors
    self.failFast = failFast
    self.parallel = parallel
    self.threads = threads
    self.maxFieldLines = maxFieldLines
    self.maxFieldBytes = maxFieldBytes
  }
}

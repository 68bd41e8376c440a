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
  /// A CSV file is split only into parts of at least this many bytes.
  var minimumPartSize = SourceReader.minimumPartSize

  public init(maxErrors: Int? = nil, failFast: Bool = false, parallel: Bool = true, threads: Int = 0) {
    self.maxErrors = maxErrors
    self.failFast = failFast
    self.parallel = parallel
    self.threads = threads
  }
}

/// How strictly to read: where to stop and whether one broken file stops the rest.
public struct DatasetLoadOptions: Sendable, Hashable {
  /// Stop reading after this many row rejections (the dataset is then marked `stoppedEarly`).
  public var maxErrors: Int?
  /// Stop at the first file-level error instead of loading the other files.
  public var failFast: Bool
  /// Read files in parallel (output is identical either way).
  public var parallel: Bool

  public init(maxErrors: Int? = nil, failFast: Bool = false, parallel: Bool = true) {
    self.maxErrors = maxErrors
    self.failFast = failFast
    self.parallel = parallel
  }
}

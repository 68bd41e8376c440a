import PolicyRules

/// What one file contributed, before cases of all files are joined.
struct SourceOutput: Sendable {
  var fileIndex: Int32
  var recordType: String
  var kind: SourceDescription.Kind
  /// Field names of `recordValues` and of every event's attributes.
  var schema = FieldSchema(names: [])
  /// Case ids in order of first appearance, parallel to the arrays below.
  var caseIds: [String] = []
  /// Records sources: the row's values under `schema`.
  var recordValues: [[Value]] = []
  var events: [[Event]] = []
  /// Where each case was first seen.
  var firstSources: [SourceLocation] = []
  var counts = ReadCounts()
  var rejections: [RowRejection] = []
  var diagnostics: [Diagnostic] = []
  var stoppedEarly = false
  /// False when the same case id may appear twice in `caseIds` (ids reached both as text and
  /// as numbers); the assembler then merges by id.
  var idsAreUnique = true
  /// The encoding actually used (after detection), for notes.
  var encoding: TextEncoding?

  init(fileIndex: Int32, recordType: String, kind: SourceDescription.Kind) {
    self.fileIndex = fileIndex
    self.recordType = recordType
    self.kind = kind
  }
}

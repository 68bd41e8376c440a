import PolicyRules

/// A column named in a description or on the command line, with where it was written.
public struct ColumnReference: Sendable, Hashable {
  public var name: String
  public var mark: SourceMark?
  public init(_ name: String, mark: SourceMark? = nil) {
    self.name = name
    self.mark = mark
  }
}

/// One input file and how to read it.
public struct SourceDescription: Sendable {
  /// A records table (one case per row) or an event log (one event per row).
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case records, events
  }

  /// The file syntax; by default from the extension (`.csv .tsv .txt`, `.jsonl .ndjson`, `.xes`).
  public enum Format: String, Sendable, Hashable, CaseIterable {
    case csv, jsonl, xes

    public init?(path: String) {
      let lower = path.lowercased()
      if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
        self = .jsonl
      } else if lower.hasSuffix(".xes") {
        self = .xes
      } else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") {
        self = .csv
      } else {
        return nil
      }
    }
  }

  /// The path as given (relative to the description file) and as resolved for opening.
  public var file: String
  public var resolvedPath: String
  /// Where the source was declared in the description (nil without a description).
  public var mark: SourceMark?
  /// The description file, for diagnostics about the columns it names.
  public var descriptionPath: String?
  public var recordType: String
  public var kind: Kind
  public var format: Format
  public var encoding: TextEncoding
  /// nil ⇒ detected from the header line.
  public var delimiter: UInt8?
  public var caseId: ColumnReference?
  public var activity: ColumnReference?
  public var time: ColumnReference?
  public var resource: ColumnReference?
  /// Header name → field name.
  public var renames: [(header: ColumnReference, field: String)]
  public var timestamps: [(column: ColumnReference, format: TimestampFormat)]
  /// Timestamp fields of a records row that also become events, with the activity name.
  public var events: [(column: ColumnReference, activity: String)]
  public var numbers: [ColumnReference]
  public var booleans: [ColumnReference]
  /// A query to read instead of a file (`file` and `resolvedPath` are then its display name).
  public var database: DatabaseSource?
  /// How far a quoted CSV field may run (`max_field_lines`, `max_field_bytes`; nil: the default).
  public var maxFieldLines: Int?
  public var maxFieldBytes: Int?

  /// The limits a quoted CSV field of this file is read with.
  public var quotedFieldLimits: CSVReader.QuotedFieldLimits {
    CSVReader.QuotedFieldLimits(
      maxLines: maxFieldLines ?? CSVReader.QuotedFieldLimits.standard.maxLines,
      maxBytes: maxFieldBytes ?? CSVReader.QuotedFieldLimits.standard.maxBytes)
  }

  public init(
    file: String, resolvedPath: String, mark: SourceMark? = nil, recordType: String, kind: Kind,
    format: Format, encoding: TextEncoding = .auto, delimiter: UInt8? = nil,
    caseId: ColumnReference? = nil, activity: ColumnReference? = nil, time: ColumnReference? = nil,
    resource: ColumnReference? = nil, renames: [(header: ColumnReference, field: String)] = [],
    timestamps: [(column: ColumnReference, format: TimestampFormat)] = [],
    events: [(column: ColumnReference, activity: String)] = [], numbers: [ColumnReference] = [],
    booleans: [ColumnReference] = []
  ) {
    self.file = file
    self.resolvedPath = resolvedPath
    self.mark = mark
    self.recordType = recordType
    self.kind = kind
    self.format = format
    self.encoding = encoding
    self.delimiter = delimiter
    self.caseId = caseId
    self.activity = activity
    self.time = time
    self.resource = resource
    self.renames = renames
    self.timestamps = timestamps
    self.events = events
    self.numbers = numbers
    self.booleans = booleans
  }
}

/// Command-line choices that override or replace a dataset description
/// (`--case-id --activity --timestamp --resource --time-zone --encoding --record-type`).
///
/// Without a description they name the columns of an event log; with one, only `timeZone` and
/// `encoding` apply (to every source).
public struct DatasetOverrides: Sendable, Hashable {
  public var caseId: String?
  public var activity: String?
  public var timestamp: String?
  public var resource: String?
  public var timeZone: String?
  public var encoding: String?
  public var recordType: String?

  public init(
    caseId: String? = nil, activity: String? = nil, timestamp: String? = nil, resource: String? = nil,
    timeZone: String? = nil, encoding: String? = nil, recordType: String? = nil
  ) {
    self.caseId = caseId
    self.activity = activity
    self.timestamp = timestamp
    self.resource = resource
    self.timeZone = timeZone
    self.encoding = encoding
    self.recordType = recordType
  }
}

import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads an IEEE 1849 XES event log through Foundation's `XMLParser`.
///
/// Each `<trace>` is a case: its `concept:name` is the case id and its other attributes are case
/// attributes. Each `<event>` keeps its attributes in file order; `concept:name` is the activity,
/// `time:timestamp` the time and `org:resource` the resource (the loader maps them). `<global>`
/// defaults and nested meta-attributes are ignored. Attribute values are typed by element:
/// `int`/`float` ⇒ number, `boolean` ⇒ bool, everything else (string, date, id) ⇒ text.
public struct XESReader {
  public struct Attribute: Sendable {
    public var key: String
    public var value: CellValue
  }

  public struct EventRow: Sendable {
    public var line: Int
    public var attributes: [Attribute]
  }

  public struct Trace: Sendable {
    public var line: Int
    public var attributes: [Attribute]
    public var events: [EventRow]
  }

  public struct Failure: Error, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
  }

  /// All traces of the document, or the XML error that stopped parsing.
  public static func read(_ data: Data) -> Result<[Trace], Failure> {
    if let failure = invalidUTF8(in: data) { return .failure(failure) }
    let parser = XMLParser(data: withProcessingInstructionData(data))
    let delegate = Delegate()
    delegate.parser = parser
    parser.delegate = delegate
    parser.shouldResolveExternalEntities = false
    if !parser.parse() {
      let message = parser.parserError.map { "invalid XML: \($0.localizedDescription)" } ?? "invalid XML"
      return .failure(Failure(message: message, line: parser.lineNumber, column: parser.columnNumber))
    }
    if !delegate.sawLog {
      return .failure(Failure(message: "not an XES log: no <log> element", line: 1, column: 1))
    }
    return .success(delegate.traces)
  }

  private final class Delegate: NSObject, XMLParserDelegate {
    weak var parser: XMLParser?
    var traces: [Trace] = []
    var sawLog = false
    private var currentTrace: Trace?
    private var currentEvent: EventRow?
    /// Depth inside an attribute element (meta-attributes nest) or a `<global>` block.
    private var attributeDepth = 0
    private var ignoredDepth = 0

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if ignoredDepth > 0 {
        ignoredDepth += 1
        return
      }
      switch name {
      case "log": sawLog = true
      case "global", "extension", "classifier":
        ignoredDepth = 1
      case "trace":
        currentTrace = Trace(line: parser.lineNumber, attributes: [], events: [])
      case "event":
        currentEvent = EventRow(line: parser.lineNumber, attributes: [])
      case "string", "date", "int", "float", "boolean", "id", "list", "container":
        attributeDepth += 1
        guard attributeDepth == 1, let key = attributes["key"] else { return }
        let text = attributes["value"] ?? ""
        let value: CellValue
        switch name {
        case "int", "float": value = Double(text).map { .number($0) } ?? .string(text)
        case "boolean": value = text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case "list", "container": value = .null
        default: value = .string(text)
        }
        let attribute = Attribute(key: key, value: value)
        if currentEvent != nil {
          currentEvent?.attributes.append(attribute)
        } else if currentTrace != nil {
          currentTrace?.attributes.append(attribute)
        }
      default: break
      }
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      if ignoredDepth > 0 {
        ignoredDepth -= 1
        return
      }
      switch name {
      case "event":
        if let event = currentEvent { currentTrace?.events.append(event) }
        currentEvent = nil
      case "trace":
        if let trace = currentTrace { traces.append(trace) }
        currentTrace = nil
      case "string", "date", "int", "float", "boolean", "id", "list", "container":
        attributeDepth -= 1
      default: break
      }
    }
  }
}

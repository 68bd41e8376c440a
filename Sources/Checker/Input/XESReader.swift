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
///
/// Events that belong to no case — outside a `<trace>`, in a `<trace>` or `<event>` nested in
/// another, in a nested `<log>` — are rejected with their line, not dropped.
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

  /// An event that is not read, with its line and why (it counts as a rejected row).
  public struct Rejection: Sendable, Hashable {
    public var line: Int
    public var reason: String
  }

  /// The readable traces, and the events that belong to no case.
  public struct Log: Sendable {
    public var traces: [Trace]
    public var rejected: [Rejection]
  }

  public struct Failure: Error, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
  }

  /// All traces of the document, or the XML error that stopped parsing. A document that is not
  /// well-formed (a truncated file among them) is a failure as a whole: the events before the
  /// error are not a log anyone can audit, since the events after it are missing.
  /// The parser's position (its line, as bytes) and the events read advance `progress`.
  public static func read(_ data: Data, progress: LoadProgress? = nil) -> Result<Log, Failure> {
    if let failure = invalidUTF8(in: data) { return .failure(failure) }
    let document = withProcessingInstructionData(data)
    let parser = XMLParser(data: document)
    let delegate = Delegate()
    if progress != nil { delegate.position = ParsePosition(data: document, progress: progress) }
    parser.delegate = delegate
    parser.shouldResolveExternalEntities = false
    defer { delegate.position?.finish() }
    let parsed = parser.parse()
    // Foundation's parser may return true after libxml2 reported an error (a truncated file,
    // a second root element): the error decides.
    if !parsed || parser.parserError != nil || !delegate.open.isEmpty {
      var code = (parser.parserError as NSError?)?.code
      // libxml2 says "document end" both for a cut-off file and for content after the root.
      if code == 5 && delegate.open.isEmpty && delegate.closedRoot { code = 86 }
      let structural = delegate.open.last { ["event", "trace", "log"].contains($0.name) }
      if code == nil || code == 5, let innermost = structural ?? delegate.open.last {
        // Cut short: the error is where the file ends.
        let lineStart = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? data.startIndex
        return .failure(
          Failure(
            message: "not well-formed XML: the file ends inside <\(innermost.name)> (opened at line "
              + "\(innermost.line)); it is cut short or a closing tag is missing; no event of this file is read",
            line: data.count(where: { $0 == 0x0A }) + 1, column: data.endIndex - lineStart + 1))
      }
      // libxml2 places a character it does not allow where it stopped reading: find it.
      let forbidden = code == 9 ? forbiddenControlCharacter(in: data) : nil
      let position = forbidden ?? (parser.lineNumber, parser.columnNumber)
      return .failure(
        Failure(
          message: "not well-formed XML: \(phrase(forXMLError: code)); no event of this file is read",
          line: position.line, column: position.column))
    }
    if !delegate.sawLog {
      return .failure(Failure(message: "not an XES log: no <log> element", line: 1, column: 1))
    }
    return .success(Log(traces: delegate.traces, rejected: delegate.rejected))
  }

  /// The libxml2 / `XMLParser.ErrorCode` codes in words (the code is kept for the rest).
  static func phrase(forXMLError code: Int?) -> String {
    guard let code else { return "the parser stopped without saying why" }
    switch code {
    case 1: return "the XML parser failed (internal error)"
    case 2: return "the XML parser ran out of memory"
    case 3, 4: return "the file holds no XML element"
    case 5: return "the file ends too early, or content follows the end of the root element"
    case 6, 7, 8: return "invalid character reference (&#…;)"
    case 9:
      return "a character that is not allowed in XML (or a byte that is not valid in the file's encoding)"
    case 10, 11, 12, 13: return "a character reference (&#…;) where none may stand"
    case 14, 15, 16, 17: return "an entity reference (&…;) where none may stand"
    case 22, 68: return "a name is missing (a bare '&' or '<' in text must be written &amp; or &lt;)"
    case 23: return "an entity reference lacks its closing ';' (a bare '&' must be written &amp;)"
    case 26, 27: return "an entity that is not declared (a bare '&' must be written &amp;)"
    case 28, 29: return "a reference to an external entity (external entities are not read)"
    case 31, 32, 79, 81: return "an unknown or unsupported encoding"
    case 33, 34, 43, 44: return "a quoted value is not opened or not closed"
    case 38: return "'<' inside an attribute value (write &lt;)"
    case 39, 40: return "an attribute value without quotes, or not closed"
    case 41: return "an attribute without a value"
    case 42: return "the same attribute is given twice in one element"
    case 45: return "a comment is not closed (-->)"
    case 46, 47: return "a processing instruction (<?…?>) is not closed"
    case 56, 57: return "the XML declaration (<?xml …?>) is not closed"
    case 61: return "the DOCTYPE declaration is not closed"
    case 63: return "a CDATA section is not closed (]]>)"
    case 64: return "an XML declaration that is not at the start of the file"
    case 65: return "a space is missing (between attributes?)"
    case 72: return "'<' expected"
    case 73: return "'>' expected (an attribute value without quotes, or a tag not closed?)"
    case 74: return "'</' expected"
    case 75: return "'=' expected after an attribute name"
    case 76: return "a closing tag does not match the element it closes"
    case 77: return "a tag is not finished"
    case 80: return "'--' inside a comment"
    case 85: return "the elements are not nested properly"
    case 86: return "content follows the end of the root element (a second <log>?)"
    case 88, 89, 90: return "an entity that refers to itself (an entity loop)"
    default: return "XML error \(code)"
    }
  }

  private final class Delegate: NSObject, XMLParserDelegate {
    var traces: [Trace] = []
    var rejected: [Rejection] = []
    var sawLog = false
    /// The elements open at the parser's position, innermost last.
    var open: [(name: String, line: Int)] = []
    /// The root element has ended (anything after it is not XML).
    var closedRoot = false
    private var currentTrace: Trace?
    private var currentEvent: EventRow?
    /// Depth inside an attribute element (meta-attributes nest) or a `<global>` block.
    private var attributeDepth = 0
    private var ignoredDepth = 0
    /// Inside a `<trace>` or `<event>` that cannot be read (nested in another, or outside a
    /// trace): its events are rejected with this reason.
    private var unreadable: (depth: Int, reason: String)?
    /// Where parsing is, for the load's progress (nil: nobody asked).
    var position: ParsePosition?

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      open.append((name, parser.lineNumber))
      if ignoredDepth > 0 {
        ignoredDepth += 1
        return
      }
      if let unreadable {
        if name == "event" { rejected.append(Rejection(line: parser.lineNumber, reason: unreadable.reason)) }
        return
      }
      switch name {
      case "log":
        if open.count > 1 {
          unreadable = (open.count, "event in a <log> nested in the <log> of line \(open[0].line)")
        }
        sawLog = true
      case "global", "extension", "classifier":
        ignoredDepth = 1
      case "trace":
        if let currentTrace {
          unreadable = (
            open.count, "event in a <trace> nested in the <trace> of line \(currentTrace.line)"
          )
        } else {
          currentTrace = Trace(line: parser.lineNumber, attributes: [], events: [])
        }
      case "event":
        if let currentEvent {
          unreadable = (open.count, "event nested in the <event> of line \(currentEvent.line)")
          rejected.append(Rejection(line: parser.lineNumber, reason: unreadable!.reason))
        } else if currentTrace == nil {
          unreadable = (open.count, "event outside a <trace>: it belongs to no case")
          rejected.append(Rejection(line: parser.lineNumber, reason: unreadable!.reason))
        } else {
          currentEvent = EventRow(line: parser.lineNumber, attributes: [])
        }
      case "string", "date", "int", "float", "boolean", "id", "list", "container":
        attributeDepth += 1
        guard attributeDepth == 1, let key = attributes["key"] else { return }
        let text = attributes["value"] ?? ""
        let value: CellValue
        switch name {
        case "int", "float":
          value = Double(text).flatMap { $0.isFinite ? .number($0) : nil } ?? .string(text)
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
      defer {
        open.removeLast()
        closedRoot = closedRoot || open.isEmpty
      }
      if ignoredDepth > 0 {
        ignoredDepth -= 1
        return
      }
      if let unreadable {
        if open.count == unreadable.depth { self.unreadable = nil }
        return
      }
      switch name {
      case "event":
        if let event = currentEvent { currentTrace?.events.append(event) }
        currentEvent = nil
        position?.eventEnded(atLine: parser.lineNumber)
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

/// The XES parser's position as a byte offset, for `LoadProgress`: `XMLParser` tells only its
/// line, so the document's line feeds are counted up to it (each byte once, every 64 events).
struct ParsePosition {
  let data: Data
  private var cursor: LoadProgressCursor
  private var scanned = (offset: 0, line: 1)
  private var events = 0

  init(data: Data, progress: LoadProgress?) {
    self.data = data
    cursor = LoadProgressCursor(progress)
  }

  mutating func eventEnded(atLine line: Int) {
    events += 1
    guard events >= 64 else { return }
    var (offset, at) = scanned
    data.withUnsafeBytes { raw in
      while at < line && offset < raw.count {
        if raw[offset] == 0x0A { at += 1 }
        offset += 1
      }
    }
    scanned = (offset, at)
    cursor.moved(to: offset, rows: events)
    events = 0
  }

  mutating func finish() {
    cursor.moved(to: scanned.offset, rows: events)
    events = 0
    cursor.finish(at: data.count)
  }
}

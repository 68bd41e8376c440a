import PolicyRules

// The plan evaluators read: every name of a rule bound to the dataset once, before evaluation,
// as plain values. A plan is made per rule and record type (slots differ between types);
// everything of variable size lives in the audit's `PlanTables`, which plans index, so that a
// plan is copied without touching a reference count.

/// A text of the plan (a wording phrased once, or a name): `PlanTables.texts[index]`.
struct BoundText: Hashable {
  let index: Int32
}

/// A run of one of the `PlanTables` lists: `count` entries from `start`.
struct BoundList: Hashable {
  let start: Int32
  let count: Int32

  static let empty = BoundList(start: 0, count: 0)

  /// Positions in the table.
  var positions: Range<Int> { Int(start)..<Int(start) + Int(count) }
  var isEmpty: Bool { count == 0 }
}

/// The activity ids of a matcher that some event has: up to two inline (matchers mostly name
/// one or two), others in `PlanTables.activityIDs`.
struct ActivityIDs: Hashable {
  var first: Int32 = -1
  var second: Int32 = -1
  var more = BoundList.empty
}

/// An event matcher: its activities' ids, its `where` compiled for its record type, and how
/// findings name its events.
struct BoundMatcher: Hashable {
  let ids: ActivityIDs
  let condition: ExpressionProgram?
  let wording: BoundText
}

/// A field of the record type: its slot (-1: the type lacks it) and its name.
struct BoundField: Hashable {
  let slot: Int32
  let name: BoundText
}

/// A time point (`TimePoint`) bound to a record type.
enum BoundPoint: Hashable {
  case event(BoundMatcher, last: Bool, wording: BoundText)
  case field(BoundField)

  /// How findings name the point (`TimePoint.description`).
  var wording: BoundText {
    switch self {
    case .event(_, _, let wording): wording
    case .field(let field): field.name
    }
  }
}

/// A time limit (`TimeLimit`) bound to a record type.
enum BoundLimit: Hashable {
  case fixed(PolicyDuration)
  /// The tiers are `PlanTables.tiers[list]`.
  case tiers(BoundField, BoundList, otherwise: PolicyDuration?)
  case field(BoundField, unit: PolicyDuration.Unit)
  /// `names`: the expression's fields, for the message when it gives no number.
  case expression(ExpressionProgram, unit: PolicyDuration.Unit, names: BoundText)
}

/// What plans refer to, for every rule of an audit: made by a `PlanBinder`, then only read, by
/// every worker at once.
final class PlanTables: Sendable {
  let code: ExpressionCode
  let texts: [String]
  let activityIDs: [Int32]
  let matchers: [BoundMatcher]
  let slots: [Int32]
  let programs: [ExpressionProgram?]
  let lists: [BoundList]
  let tiers: [(value: String, limit: PolicyDuration)]
  /// Indices into `code.regexes`, -1 for none.
  let regexes: [Int32]

  init(
    code: ExpressionCode, texts: [String], activityIDs: [Int32], matchers: [BoundMatcher], slots: [Int32],
    programs: [ExpressionProgram?], lists: [BoundList], tiers: [(value: String, limit: PolicyDuration)],
    regexes: [Int32]
  ) {
    self.code = code
    self.texts = texts
    self.activityIDs = activityIDs
    self.matchers = matchers
    self.slots = slots
    self.programs = programs
    self.lists = lists
    self.tiers = tiers
    self.regexes = regexes
  }

  /// Tables of no plan (views made outside an audit).
  static let empty = PlanTables(
    code: ExpressionCode(), texts: [], activityIDs: [], matchers: [], slots: [], programs: [], lists: [],
    tiers: [], regexes: [])

  @inline(__always)
  func text(_ text: BoundText) -> String { texts[Int(text.index)] }

  /// Whether `id` is one of the matcher's activities.
  @inline(__always)
  func contains(_ ids: ActivityIDs, _ id: Int32) -> Bool {
    if id == ids.first || id == ids.second { return true }
    for k in ids.more.positions where activityIDs[k] == id { return true }
    return false
  }
}

/// Binds rules to one dataset: resolves names to slots and ids and phrases wordings, appending
/// what plans refer to to the audit's tables. Runs once per rule and record type, before
/// evaluation; nothing here is on the per-case path.
struct PlanBinder {
  let table: CaseTable
  /// The record type being bound (index into the table's record types).
  private(set) var type = 0
  /// The schema of `type`.
  private var schema: FieldSchema?
  private var code = ExpressionCode()
  private var texts: [String] = []
  private var textIndex: [String: Int32] = [:]
  private var activityIDs: [Int32] = []
  private var matchers: [BoundMatcher] = []
  private var slots: [Int32] = []
  private var programs: [ExpressionProgram?] = []
  private var lists: [BoundList] = []
  private var tiers: [(value: String, limit: PolicyDuration)] = []
  private var regexes: [Int32] = []

  /// Names a matcher's `where` reads from the event itself (its resource) before its attributes.
  static let eventNames: Set<String> = RuleDataCheck.eventNames

  init(_ table: CaseTable) { self.table = table }

  /// Binds `body` to record type `t`.
  mutating func binding<Result>(type t: Int, _ body: (inout PlanBinder) -> Result) -> Result {
    type = t
    schema = table.schemas[t]
    return body(&self)
  }

  /// The tables every plan made so far refers to.
  func tables() -> PlanTables {
    PlanTables(
      code: code, texts: texts, activityIDs: activityIDs, matchers: matchers, slots: slots,
      programs: programs, lists: lists, tiers: tiers, regexes: regexes)
  }

  /// The slot of field `name` in the record type, -1 when it lacks it.
  func slot(_ name: String) -> Int32 {
    schema?.index(of: name).map { Int32($0) } ?? -1
  }

  mutating func text(_ text: String) -> BoundText {
    if let known = textIndex[text] { return BoundText(index: known) }
    texts.append(text)
    textIndex[text] = Int32(texts.count - 1)
    return BoundText(index: Int32(texts.count - 1))
  }

  mutating func field(_ name: String) -> BoundField {
    BoundField(slot: slot(name), name: text(name))
  }

  /// The pool id of an activity, -1 when no event has it.
  func activity(_ name: String) -> Int32 { table.activityID(name) ?? -1 }

  /// `expression` compiled for the record type; `onEvent` for a matcher's `where`, which an
  /// event answers (`EventScope`).
  mutating func expression(_ expression: Expression, onEvent: Bool = false) -> ExpressionProgram {
    let schema = self.schema
    let table = self.table
    return code.append(
      expression,
      field: { name in
        (schema?.index(of: name).map { Int32($0) } ?? -1, onEvent && Self.eventNames.contains(name))
      },
      activity: { table.activityID($0) ?? -1 })
  }

  mutating func matcher(_ matcher: EventMatcher) -> BoundMatcher {
    var found: [Int32] = []
    for name in matcher.activities {
      if let id = table.activityID(name) { found.append(id) }
    }
    var ids = ActivityIDs()
    if found.count > 0 { ids.first = found[0] }
    if found.count > 1 { ids.second = found[1] }
    if found.count > 2 {
      ids.more = BoundList(start: Int32(activityIDs.count), count: Int32(found.count - 2))
      activityIDs += found.dropFirst(2)
    }
    return BoundMatcher(
      ids: ids, condition: matcher.condition.map { expression($0, onEvent: true) },
      wording: text(matcher.description))
  }

  mutating func point(_ point: TimePoint) -> BoundPoint {
    switch point {
    case .event(let m, let occurrence):
      .event(matcher(m), last: occurrence == .last, wording: text(point.description))
    case .field(let name):
      .field(field(name))
    }
  }

  mutating func limit(_ limit: TimeLimit) -> BoundLimit {
    switch limit {
    case .fixed(let duration):
      return .fixed(duration)
    case .tiers(let name, let list, let otherwise):
      let bound = BoundList(start: Int32(tiers.count), count: Int32(list.count))
      tiers += list
      return .tiers(field(name), bound, otherwise: otherwise)
    case .field(let name, let unit):
      return .field(field(name), unit: unit)
    case .expression(let e, let unit):
      return .expression(
        expression(e), unit: unit, names: text(e.fieldNames.sorted().joined(separator: ", ")))
    }
  }

  /// Matchers in `PlanTables.matchers`.
  mutating func matchers(_ list: [EventMatcher]) -> BoundList {
    let bound = list.map { matcher($0) }
    defer { matchers += bound }
    return BoundList(start: Int32(matchers.count), count: Int32(bound.count))
  }

  /// Field slots in `PlanTables.slots`.
  mutating func slots(_ names: [String]) -> BoundList {
    let bound = names.map { slot($0) }
    defer { slots += bound }
    return BoundList(start: Int32(slots.count), count: Int32(bound.count))
  }

  /// Compiled expressions (or none) in `PlanTables.programs`.
  mutating func programs(_ list: [Expression?]) -> BoundList {
    let bound = list.map { $0.map { expression($0) } }
    defer { programs += bound }
    return BoundList(start: Int32(programs.count), count: Int32(bound.count))
  }

  /// Lists in `PlanTables.lists`.
  mutating func lists(_ list: [BoundList]) -> BoundList {
    defer { lists += list }
    return BoundList(start: Int32(lists.count), count: Int32(list.count))
  }

  /// Patterns (or none, -1) in `PlanTables.regexes`, as indices into the code's patterns.
  mutating func regexes(_ list: [CompiledRegex?]) -> BoundList {
    let bound = list.map { $0.map { code.append($0) } ?? -1 }
    defer { regexes += bound }
    return BoundList(start: Int32(regexes.count), count: Int32(bound.count))
  }
}

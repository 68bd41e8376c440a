import PolicyRules

/// Joins what every file contributed into cases, in a deterministic order.
///
/// Cases are keyed by (record type, case id). A records row gives a case its fields; events of
/// any source with the same key are added to it (JOIN). A case known only from events gets, as
/// fields, the latest non-null value of each attribute over its events in time order; when a
/// records row exists, its non-null fields win and event values only fill its gaps. Event rows
/// whose case id matches no records row still make a case.
enum CaseAssembler {
  private struct Builder {
    var fields: [Value]?
    var eventParts: [[Event]] = []
    var eventSchemas: [FieldSchema] = []
    var source: SourceLocation
  }

  static func assemble(_ outputs: [SourceOutput]) -> [Case] {
    var typeOrder: [String] = []
    var byType: [String: [Int]] = [:]
    for (k, output) in outputs.enumerated() {
      if byType[output.recordType] == nil { typeOrder.append(output.recordType) }
      byType[output.recordType, default: []].append(k)
    }
    var cases: [Case] = []
    for recordType in typeOrder.sorted(by: NaturalOrder.less) {
      cases += assembleType(recordType, outputs: (byType[recordType] ?? []).map { outputs[$0] })
    }
    return cases
  }

  private static func assembleType(_ recordType: String, outputs: [SourceOutput]) -> [Case] {
    // One field schema per record type: the union of every source's fields, records first.
    var names: [String] = []
    var seen = Set<String>()
    for output in outputs.sorted(by: { ($0.kind == .records ? 0 : 1) < ($1.kind == .records ? 0 : 1) }) {
      for name in output.schema.names where seen.insert(name).inserted { names.append(name) }
    }
    let schema = FieldSchema(names: names)
    var builders: [Builder] = []
    var index: [String: Int] = [:]
    var ids: [String] = []
    for output in outputs {
      let mapping = output.schema.names.map { schema.index(of: $0) ?? 0 }
      let identity = output.schema.names == names
      for (k, caseId) in output.caseIds.enumerated() {
        let slot: Int
        if let existing = index[caseId] {
          slot = existing
          builders[slot].source = min(builders[slot].source, output.firstSources[k])
        } else {
          slot = builders.count
          index[caseId] = slot
          ids.append(caseId)
          builders.append(Builder(source: output.firstSources[k]))
        }
        if output.kind == .records {
          let values = output.recordValues[k]
          builders[slot].fields = identity ? values : remap(values, mapping, count: names.count)
          builders[slot].source = output.firstSources[k]
        }
        if !output.events[k].isEmpty {
          builders[slot].eventParts.append(output.events[k])
          builders[slot].eventSchemas.append(output.schema)
        }
      }
    }
    var cases: [Case] = []
    cases.reserveCapacity(builders.count)
    for (slot, builder) in builders.enumerated() {
      var events: [Event]
      if builder.eventParts.count == 1 {
        events = builder.eventParts[0]
      } else {
        events = builder.eventParts.flatMap { $0 }
      }
      if !isSorted(events) { events.sort { ($0.time, $0.source) < ($1.time, $1.source) } }
      let fields = caseFields(builder.fields, events: events, schema: schema)
      cases.append(
        Case(
          id: ids[slot], recordType: recordType, fields: FieldRow(schema: schema, values: fields),
          events: events, source: builder.source))
    }
    cases.sort { NaturalOrder.less($0.id, $1.id) }
    return cases
  }

  private static func isSorted(_ events: [Event]) -> Bool {
    guard events.count > 1 else { return true }
    for k in 1..<events.count
    where (events[k].time, events[k].source) < (events[k - 1].time, events[k - 1].source) {
      return false
    }
    return true
  }

  private static func remap(_ values: [Value], _ mapping: [Int], count: Int) -> [Value] {
    var result = [Value](repeating: .null, count: count)
    for (k, value) in values.enumerated() where k < mapping.count { result[mapping[k]] = value }
    return result
  }

  /// Record fields, gaps filled by the latest non-null event attribute of the same name.
  private static func caseFields(_ recordFields: [Value]?, events: [Event], schema: FieldSchema) -> [Value] {
    let count = schema.names.count
    // Common case: one event source whose schema is the type's schema; reuse its arrays.
    if recordFields == nil, let last = events.last,
      last.attributes.schema === schema || last.attributes.schema.names == schema.names
    {
      if !last.attributes.values.contains(where: \.isNull) { return last.attributes.values }
    }
    var values = recordFields ?? [Value](repeating: .null, count: count)
    var missing = values.indices.filter { values[$0].isNull }
    guard !missing.isEmpty else { return values }
    var schemaMaps: [ObjectIdentifier: [Int?]] = [:]
    for event in events.reversed() {
      let eventSchema = event.attributes.schema
      if eventSchema.names.isEmpty { continue }
      let key = ObjectIdentifier(eventSchema)
      let map: [Int?]
      if let known = schemaMaps[key] {
        map = known
      } else {
        map = schema.names.map { eventSchema.index(of: $0) }
        schemaMaps[key] = map
      }
      missing.removeAll { slot in
        guard let source = map[slot] else { return false }
        let value = event.attributes.values[source]
        if value.isNull { return false }
        values[slot] = value
        return true
      }
      if missing.isEmpty { break }
    }
    if let last = events.last, last.attributes.values == values { return last.attributes.values }
    return values
  }
}

import PolicyRules

extension CaseTable {
  /// A table of these cases, in this order, each case's events as given.
  ///
  /// Each record type's fields are the names of its cases' fields, then any other attribute
  /// names its events carry; an event keeps the attributes whose value differs from its case's.
  public convenience init(cases: [Case]) {
    var builder = CaseTableBuilder()
    var typeNames: [String] = []
    var namesByType: [String: [String]] = [:]
    for item in cases {
      if namesByType[item.recordType] == nil { typeNames.append(item.recordType) }
      var names = namesByType[item.recordType] ?? []
      for name in item.fields.schema.names where !names.contains(name) { names.append(name) }
      namesByType[item.recordType] = names
    }
    for item in cases {
      var names = namesByType[item.recordType] ?? []
      for event in item.events {
        for name in event.attributes.schema.names where !names.contains(name) { names.append(name) }
      }
      namesByType[item.recordType] = names
    }
    var types: [String: (id: Int32, schema: FieldSchema)] = [:]
    for name in typeNames {
      let schema = FieldSchema(names: namesByType[name] ?? [])
      types[name] = (builder.recordType(name, schema: schema), schema)
    }
    // Appended to in table order: each case, then its events in the order given.
    var columns = CaseColumns(cases: 0, events: 0, cells: 0)
    var caseIDs: [String] = []
    for item in cases {
      guard let (type, schema) = types[item.recordType] else { continue }
      let values = schema.names.map { StoredValue(item.fields[$0], intern: { builder.intern($0) }) }
      caseIDs.append(item.id)
      columns.caseTypes.append(type)
      columns.caseSources.append(item.source)
      for value in values {
        columns.fieldTags.append(value.tag)
        columns.fieldBits.append(value.bits)
      }
      for event in item.events {
        for (k, name) in event.attributes.schema.names.enumerated() where k < event.attributes.values.count {
          guard let slot = schema.index(of: name) else { continue }
          let value = StoredValue(event.attributes.values[k], intern: { builder.intern($0) })
          guard value != values[slot] else { continue }
          columns.attributeSlots.append(Int32(slot))
          columns.attributeTags.append(value.tag)
          columns.attributeBits.append(value.bits)
        }
        columns.activities.append(builder.intern(event.activity))
        columns.times.append(event.time.milliseconds)
        columns.resources.append(event.resource.map { builder.intern($0) } ?? -1)
        columns.files.append(event.source.file)
        columns.lines.append(event.source.line)
        columns.attributeStarts.append(Int32(columns.attributeSlots.count))
      }
      columns.eventStarts.append(Int32(columns.times.count))
    }
    self.init(
      strings: builder.strings, recordTypes: builder.recordTypes, schemas: builder.schemas, caseIDs: caseIDs,
      columns: columns)
  }

  /// Case c as a row: its fields, and events whose attributes are the case's fields overlaid
  /// with the event's own values.
  public func row(_ c: Int) -> Case {
    let t = Int(columns.caseTypes[c])
    let schema = schemas[t]
    let values = (0..<schema.names.count).map { columns.field(c, slot: $0).value(strings) }
    var events: [Event] = []
    for e in Int(columns.eventStarts[c])..<Int(columns.eventStarts[c + 1]) {
      var own = values
      for k in Int(columns.attributeStarts[e])..<Int(columns.attributeStarts[e + 1]) {
        own[Int(columns.attributeSlots[k])] = StoredValue(
          tag: columns.attributeTags[k], bits: columns.attributeBits[k]
        ).value(strings)
      }
      events.append(
        Event(
          activity: strings[Int(columns.activities[e])], time: Timestamp(milliseconds: columns.times[e]),
          resource: resource(ofEvent: e), attributes: FieldRow(schema: schema, values: own),
          source: source(ofEvent: e)))
    }
    return Case(
      id: caseIDs[c], recordType: recordTypes[t], fields: FieldRow(schema: schema, values: values),
      events: events, source: columns.caseSources[c])
  }

  /// Every case as a row (for small datasets: each row copies its values).
  public var rows: [Case] { (0..<caseCount).map { row($0) } }
}

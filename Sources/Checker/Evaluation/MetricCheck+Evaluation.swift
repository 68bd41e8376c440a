import PolicyRules

extension MetricCheck: PopulationCheckEvaluation {
  struct Plan {
    let date: BoundPoint
    let group: BoundField?
    let counts: ExpressionProgram?
  }

  func plan(_ binder: inout PlanBinder) -> Plan {
    Plan(
      date: binder.point(date), group: group.map { binder.field($0) },
      counts: counts.map { binder.expression($0) })
  }

  func judge(
    _ views: [CaseView], _ plans: PlansByType<Plan>, rule: Rule, calendar: WorkCalendar,
    context: EvaluationContext, into sink: inout JudgementSink
  ) -> [MetricRow] {
    struct Cell {
      var slot: PeriodSlot
      var group: String
      var numerator = 0
      var denominator = 0
      var against: [String] = []
    }
    let periods = PeriodCalendar(kind: every, calendar: calendar)
    // Keyed by the slot's start and the group's number: labels are unique per slot, and hashing
    // an instant and an integer is cheaper than hashing group names (often Chinese, whose hashing
    // normalises them) for every case.
    struct CellKey: Hashable {
      var start: Timestamp
      var group: Int
    }
    // Cells in the order they were opened, found by key and updated in place in the list (a
    // dictionary updated in place through a nested function allocates for every case).
    var cells: [Cell] = []
    var cellOfKey: [CellKey: Int] = [:]
    // Groups are numbered by name; a stored cell is named once (equal cells have equal names,
    // while equal names may come from different cells, hence the second table).
    var groupOfCell: [StoredValue: Int] = [:]
    var groupOfName: [String: Int] = [:]
    var groupNames: [String] = []
    func groupNumber(_ name: String) -> Int {
      if let number = groupOfName[name] { return number }
      groupNames.append(name)
      groupOfName[name] = groupNames.count - 1
      return groupNames.count - 1
    }
    let everyCase = group == nil ? groupNumber("all") : -1
    // Slots per local day: building a slot phrases its label, and most cases share a few periods.
    var slotOfDay: [Int: PeriodSlot?] = [:]
    for view in views {
      let plan = plans[view]
      // A case whose date is an absent event or an empty field falls in no period (what is not
      // recorded did not happen); a missing field or a value that is no time is unverifiable.
      let dated = view.resolve(plan.date, context)
      guard case .at(let t, _) = dated else {
        if let problem = dated.problem {
          sink.add(Judgement(.unverifiable, subject: view.id, anchor: nil, actual: problem))
        }
        continue
      }
      // A case dated after the cut-off is not yet part of the data. Periods before the audit period
      // are still built so a run of `consecutive` misses can start before it; only rows and
      // judgements inside the audit period are reported.
      guard t <= context.asOf else { continue }
      let day = calendar.civilDate(of: t).daysSinceEpoch
      let cachedSlot: PeriodSlot?
      if let known = slotOfDay[day] {
        cachedSlot = known
      } else {
        cachedSlot = periods.slot(containing: t)
        slotOfDay[day] = .some(cachedSlot)
      }
      guard let slot = cachedSlot else { continue }
      let groupIndex: Int
      if let group = plan.group {
        let cell = view.storedField(group)
        if let known = groupOfCell[cell] {
          groupIndex = known
        } else {
          let value = view.field(group)
          groupIndex = groupNumber(value.isNull ? "—" : value.description)
          groupOfCell[cell] = groupIndex
        }
      } else {
        groupIndex = everyCase
      }
      let counted: Bool
      if let counts, let bound = plan.counts {
        guard let holds = view.holds(bound) else {
          sink.add(
            Judgement(
              .unverifiable, subject: view.id, anchor: t,
              actual: Say.missingField(counts.fieldNames.sorted().joined(separator: ", "))))
          continue
        }
        counted = holds
      } else {
        counted = true
      }
      let key = CellKey(start: slot.start, group: groupIndex)
      // Cases against the target: failing the numerator of a rate, or counted towards a ceiling.
      let against = measure == .rate ? !counted : counted
      let cell: Int
      if let known = cellOfKey[key] {
        cell = known
      } else {
        cell = cells.count
        cellOfKey[key] = cell
        cells.append(Cell(slot: slot, group: groupNames[groupIndex]))
      }
      // Updated in place: a copy of the cell would copy its list of cases on every append.
      cells[cell].denominator += 1
      if counted { cells[cell].numerator += 1 }
      if against { cells[cell].against.append(view.id) }
    }

    var rows: [MetricRow] = []
    var missRun: [String: (slot: PeriodSlot, length: Int)] = [:]
    // A cell's group and slot are its key: the order is total.
    for cell in cells.sorted(by: { ($0.group, $0.slot.start) < ($1.group, $1.slot.start) }) {
      let reported = context.inPeriod(cell.slot.start)
      let value =
        measure == .rate ? Double(cell.numerator) / Double(max(cell.denominator, 1)) : Double(cell.numerator)
      let met = comparison.holds(value, target)
      if reported {
        rows.append(
          MetricRow(
            period: cell.slot.label, group: cell.group, numerator: cell.numerator,
            denominator: cell.denominator, value: value,
            target: targetText, met: met, againstCases: cell.against))
      }
      let shown = measure == .rate ? percent(value) : Value.number(value).description
      let subject = cell.group
      let complete = cell.slot.end <= context.asOf
      let ceilingExceeded = measure == .count && !met && (comparison == .atMost || comparison == .below)
      var outcome: Outcome
      if met {
        outcome = complete ? .passed : .pending
        missRun[subject] = nil
      } else if complete || ceilingExceeded {
        let previous = missRun[subject]
        let length = previous.map { periods.follows($0.slot, cell.slot) ? $0.length + 1 : 1 } ?? 1
        missRun[subject] = (cell.slot, length)
        outcome = length >= consecutive ? .violated : .passed
      } else {
        outcome = .pending
      }
      let actual =
        measure == .rate
        ? Say.text(
          "\(cell.numerator)/\(cell.denominator) = \(shown)，目标 \(targetText)",
          "\(cell.numerator)/\(cell.denominator) = \(shown), target \(targetText)")
        : Say.text("计数 \(shown)，目标 \(targetText)", "count \(shown), target \(targetText)")
      sink.add(
        Judgement(outcome, subject: subject, anchor: cell.slot.start, actual: actual, period: cell.slot.label)
      )
    }
    rows.sort { ($0.period, $0.group) < ($1.period, $1.group) }
    return rows
  }

  private func percent(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 10
    return "\(Value.number(scaled).description)%"
  }
}

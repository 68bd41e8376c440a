import Checker
import PolicyRules

/// A hand-made audit result that exercises every reporter path: two clauses, four rules,
/// every outcome, a deadline explanation, Chinese text, hostile record text (`<script>`,
/// a `=cmd` formula), evidence with file:line, a metric rule with rows, an expired waiver and
/// assumed parameters, a deadline counted past its calendar's holiday data and a rule that applied
/// to no case (not exercised). Instants are written as UTC seconds with their Asia/Shanghai time beside.
enum SampleAuditResult {
  static let contactClause = ClauseReference(
    id: "S0-15", file: "000_17c2e5f7a1992ab4.txt", document: "服务流程管理制度", article: "D14 维修服务",
    quote: "接到任务后,应立即与客户取得联系")
  static let repairClause = ClauseReference(
    id: "S1-17", file: "001_8c019506d9761e3e.txt", document: "物业管理服务标准", article: "篇十 3.2",
    quote: "零修、急修及時率百分之百…返修率百分之零點五以下")

  static let contactRule = RuleSummary(
    id: "contact-after-assignment",
    title: LocalizedText(zh: "接到任务后立即联系客户", en: "Contact the customer right after assignment"),
    message: LocalizedText(
      zh: "工程师须在接到任务后立即与客户联系", en: "the engineer must contact the customer immediately after assignment"),
    clause: contactClause, severity: .major, kind: "deadline", tags: ["repair", "response"],
    file: "Rules/repair.yaml", line: 12, assumedParameters: ["immediate": "30m"])
  static let fieldsRule = RuleSummary(
    id: "contact-record-fields",
    title: LocalizedText(zh: "联系记录字段齐全", en: "Contact record is complete"),
    message: LocalizedText(zh: "联系记录须包含联系方式", en: "the contact record must carry a phone number"),
    clause: contactClause, severity: .minor, kind: "fields", tags: ["repair"],
    file: "Rules/repair.yaml", line: 40, assumedParameters: [:])
  static let reworkRule = RuleSummary(
    id: "repair-rework-rate",
    title: LocalizedText(zh: "返修率低于0.5%", en: "Rework rate below 0.5%"),
    message: LocalizedText(zh: "每月返修率须低于百分之零点五", en: "the monthly rework rate must stay below 0.5%"),
    clause: repairClause, severity: .critical, kind: "metric", tags: ["repair", "metric"],
    file: "Rules/property.yaml", line: 7, assumedParameters: [:])
  static let onTimeRule = RuleSummary(
    id: "repair-on-time",
    title: LocalizedText(zh: "报修两个工作日内完成", en: "Repair done within 2 working days"),
    message: LocalizedText(zh: "报修须在两个工作日内处理完毕", en: "a repair must be completed within 2 working days"),
    clause: repairClause, severity: .major, kind: "deadline", tags: [],
    file: "Rules/property.yaml", line: 30, assumedParameters: [:])

  static let visitRule = RuleSummary(
    id: "repair-visit-logged",
    title: LocalizedText(zh: "上门维修须登记", en: "Site visits are logged"),
    message: LocalizedText(zh: "上门维修未登记", en: "a site visit was not logged"),
    clause: repairClause, severity: .minor, kind: "fields", tags: [],
    file: "Rules/property.yaml", line: 52, assumedParameters: [:])

  static let waiver = WaiverReference(
    reason: "客户要求改期 (customer asked to reschedule)", approver: "王经理",
    expires: CivilDate(year: 2024, month: 12, day: 31), source: "waivers.yaml:3")
  static let expiredWaiver = WaiverReference(
    reason: "system outage 2024-08", approver: "Li Lei", expires: CivilDate(year: 2024, month: 9, day: 1),
    source: "waivers.yaml:9")

  static func counts(
    passed: Int = 0, violated: Int = 0, pending: Int = 0, unverifiable: Int = 0, waived: Int = 0
  )
    -> OutcomeCounts
  {
    var counts = OutcomeCounts()
    counts.add(.passed, count: passed)
    counts.add(.violated, count: violated)
    counts.add(.pending, count: pending)
    counts.add(.unverifiable, count: unverifiable)
    counts.add(.waived, count: waived)
    return counts
  }

  static func make() -> AuditResult {
    let thirtyMinutes = PolicyDuration(amount: 30, unit: .minutes)
    let lateContact = Finding(
      ruleID: contactRule.id, clauseID: contactClause.id, subject: "T-1001", outcome: .violated,
      severity: .major,
      expected: LocalizedText(zh: "指派后30分钟内联系客户", en: "contact the customer within 30m of assignment"),
      actual: LocalizedText(zh: "指派后1小时45分才联系", en: "contacted 1h 45m after assignment"),
      evidence: [
        // 2024-09-12 16:00 and 17:45 in Shanghai.
        Evidence(
          label: "Assign engineer", time: Timestamp(seconds: 1_726_128_000), file: "data/repairs.csv",
          line: 12, resource: "调度员甲"),
        Evidence(
          label: "Contact customer", time: Timestamp(seconds: 1_726_134_300), file: "data/repairs.csv",
          line: 13, resource: "Engineer Zhang"),
      ],
      deadline: DeadlineComputation(
        start: Timestamp(seconds: 1_726_128_000), duration: thirtyMinutes, calendarName: "continuous",
        due: Timestamp(seconds: 1_726_129_800)),
      deadlineExplanation: LocalizedText(
        zh: "指派 2024-09-12（周四）16:00 + 30分钟 ⇒ 截止 2024-09-12（周四）16:30",
        en: "assigned Thu 2024-09-12 16:00 + 30 minutes ⇒ due Thu 2024-09-12 16:30"),
      penalty: Penalty(amount: 50, currency: "CNY", perOccurrence: true, doubledOnRepeat: true),
      assumedParameters: ["immediate"], time: Timestamp(seconds: 1_726_129_800), group: "维修一组")
    let hostileContact = Finding(
      ruleID: contactRule.id, clauseID: contactClause.id, subject: "<script>alert(1)</script>",
      outcome: .violated,
      severity: .major,
      expected: LocalizedText(zh: "指派后30分钟内联系客户", en: "contact the customer within 30m of assignment"),
      actual: LocalizedText(zh: "没有联系客户的记录", en: "no Contact customer event"),
      evidence: [
        // 2024-09-13 10:05.
        Evidence(
          label: "Assign engineer", time: Timestamp(seconds: 1_726_193_100), file: "data/repairs.csv",
          line: 20)
      ],
      assumedParameters: ["immediate"], time: Timestamp(seconds: 1_726_194_900), group: "Team \"B\" & <C>")
    let waivedContact = Finding(
      ruleID: contactRule.id, clauseID: contactClause.id, subject: "T-1003", outcome: .waived,
      severity: .major,
      expected: LocalizedText(zh: "指派后30分钟内联系客户", en: "contact the customer within 30m of assignment"),
      actual: LocalizedText(zh: "指派后2小时才联系", en: "contacted 2h after assignment"),
      evidence: [
        // 2024-08-28 14:10.
        Evidence(
          label: "Assign engineer", time: Timestamp(seconds: 1_724_825_400), file: "data/repairs.csv",
          line: 31)
      ],
      assumedParameters: ["immediate"], waiver: waiver, time: Timestamp(seconds: 1_724_825_400), group: "维修一组"
    )
    let pendingContact = Finding(
      ruleID: contactRule.id, clauseID: contactClause.id, subject: "T-1010", outcome: .pending,
      severity: .major,
      expected: LocalizedText(zh: "指派后30分钟内联系客户", en: "contact the customer within 30m of assignment"),
      actual: LocalizedText(zh: "截止时间之后才到期", en: "not due before the cut-off"),
      assumedParameters: ["immediate"], time: Timestamp(seconds: 1_727_711_400), group: "维修二组")
    let formulaField = Finding(
      ruleID: fieldsRule.id, clauseID: contactClause.id, subject: "T-1005", outcome: .unverifiable,
      severity: .minor,
      expected: LocalizedText(zh: "联系电话为有效号码", en: "phone is a valid number"),
      actual: LocalizedText(zh: "=cmd|' /C calc'!A0", en: "=cmd|' /C calc'!A0"),
      evidence: [Evidence(label: "phone", time: nil, file: "data/repairs.csv", line: 44)],
      time: Timestamp(seconds: 1_726_794_000), group: "维修二组")
    let rework = Finding(
      ruleID: reworkRule.id, clauseID: repairClause.id, subject: "维修一组", outcome: .violated,
      severity: .critical,
      expected: LocalizedText(zh: "返修率 < 0.5%", en: "rework rate < 0.5%"),
      actual: LocalizedText(zh: "返修率 1.2%（3/250）", en: "rework rate 1.2% (3/250)"),
      period: "2024-09", time: Timestamp(seconds: 1_727_625_600), group: "维修一组")
    var pendingRepairA = Finding(
      ruleID: onTimeRule.id, clauseID: repairClause.id, subject: "R-2001", outcome: .pending,
      severity: .major,
      expected: LocalizedText(zh: "两个工作日内完成", en: "completed within 2 working days"),
      actual: LocalizedText(zh: "尚未完成，未到期", en: "not completed, not yet due"),
      evidence: [
        // 2024-09-30 00:00.
        Evidence(
          label: "received_at", time: Timestamp(seconds: 1_727_625_600), file: "data/repairs.csv", line: 77)
      ],
      deadline: DeadlineComputation(
        start: Timestamp(seconds: 1_727_625_600), duration: PolicyDuration(amount: 2, unit: .workingDays),
        calendarName: "cn-mainland", due: Timestamp(seconds: 1_728_468_000),
        skippedDays: (1...7).map { CivilDate(year: 2024, month: 10, day: $0) }),
      deadlineExplanation: LocalizedText(
        zh: "受理 2024-09-30（周一）00:00 + 2个工作日（cn-mainland）；10月1日至7日放假 ⇒ 截止 2024-10-09（周三）18:00",
        en:
          "received Mon 2024-09-30 00:00 + 2 working days on cn-mainland; Oct 1–7 off ⇒ due Wed 2024-10-09 18:00"
      ),
      time: Timestamp(seconds: 1_728_468_000), group: "维修二组")
    var pendingRepairB = pendingRepairA
    // The calendar's holiday data ended on 2024-10-05: A's count passed Oct 6–9 on weekly hours.
    pendingRepairA.calendarGap = CalendarDataGap(
      calendar: "cn-mainland",
      covers: CivilDate(year: 2024, month: 1, day: 1)...CivilDate(year: 2024, month: 10, day: 5),
      afterEnd: true)
    pendingRepairB.subject = "R-2002"
    pendingRepairB.evidence = [
      Evidence(
        label: "received_at", time: Timestamp(seconds: 1_727_713_200), file: "data/repairs.csv", line: 78)
    ]
    pendingRepairB.time = Timestamp(seconds: 1_728_554_400)
    pendingRepairB.deadline = nil
    pendingRepairB.deadlineExplanation = nil

    var onTimeCounts = counts(passed: 0, pending: 2)
    onTimeCounts.outsideCalendarData = 1
    var repairCounts = counts(passed: 1, violated: 1, pending: 2)
    repairCounts.outsideCalendarData = 1
    var rules = [
      RuleResult(
        rule: contactRule, counts: counts(passed: 6, violated: 2, pending: 1, waived: 1),
        findings: [hostileContact, lateContact, waivedContact, pendingContact]),
      RuleResult(rule: fieldsRule, counts: counts(passed: 9, unverifiable: 1), findings: [formulaField]),
      RuleResult(
        rule: reworkRule, counts: counts(passed: 1, violated: 1), findings: [rework],
        metricRows: [
          MetricRow(
            period: "2024-08", group: "维修一组", numerator: 1, denominator: 400, value: 0.0025, target: "< 0.5%",
            met: true, againstCases: ["R-1777"]),
          MetricRow(
            period: "2024-09", group: "维修一组", numerator: 3, denominator: 250, value: 0.012, target: "< 0.5%",
            met: false, againstCases: ["R-1901", "R-1933", "R-1950"]),
        ]),
      RuleResult(
        rule: onTimeRule, counts: onTimeCounts, findings: [pendingRepairA, pendingRepairB]),
      RuleResult(rule: visitRule, counts: OutcomeCounts(), findings: []),
    ]
    // Per group, adding up to each rule's counts and agreeing with its findings' groups.
    rules[0].countsByGroup = [
      "维修一组": counts(passed: 4, violated: 1, waived: 1), "Team \"B\" & <C>": counts(violated: 1),
      "维修二组": counts(passed: 2, pending: 1),
    ]
    rules[1].countsByGroup = [
      "维修一组": counts(passed: 5), "维修二组": counts(passed: 3, unverifiable: 1), nil: counts(passed: 1),
    ]
    rules[2].countsByGroup = ["维修一组": counts(violated: 1), nil: counts(passed: 1)]
    rules[3].countsByGroup = ["维修二组": counts(pending: 2)]
    return AuditResult(
      toolVersion: "0.1.0", ruleFiles: ["Rules/property.yaml", "Rules/repair.yaml"],
      dataFiles: ["data/repairs.csv", "data/callbacks.csv"],
      // 2024-08-01 00:00 – 2024-10-01 00:00, as of 2024-10-08 09:00 (Asia/Shanghai).
      periodStart: Timestamp(seconds: 1_722_441_600), periodEnd: Timestamp(seconds: 1_727_712_000),
      asOf: Timestamp(seconds: 1_728_349_200), timeZoneIdentifier: "Asia/Shanghai",
      counts: ReadCounts(read: 120, used: 119, rejected: 1),
      rejections: [
        RowRejection(
          source: SourceLocation(file: 1, line: 7), column: 4, reason: "unparseable timestamp '2024-13-01'")
      ],
      caseCount: 24, rules: rules,
      clauses: [
        ClauseResult(
          clause: contactClause, ruleIDs: [contactRule.id, fieldsRule.id],
          counts: counts(passed: 15, violated: 2, pending: 1, unverifiable: 1, waived: 1)),
        ClauseResult(
          clause: repairClause, ruleIDs: [reworkRule.id, onTimeRule.id, visitRule.id], counts: repairCounts),
      ],
      expiredWaivers: [expiredWaiver])
  }
}

import PolicyRules
import Testing

@testable import Checker

/// Required, conditionally required, allowed values and patterns; one judgement per case.
@Suite struct FieldsEvaluationTests {
  typealias F = EvaluationFixture
  let rule = F.rule(
    """
    check:
      kind: fields
      required: [customer_name, contact]
      required_when: [{when: 'age >= 35 and first_visit', fields: [blood_pressure]}]
      allowed: {channel: [phone, visit]}
      patterns: {phone: '^1[0-9]{10}$'}
    """)
  let complete: [(String, String)] = [("customer_name", "张三"), ("contact", "李四"), ("first_visit", "false")]

  @Test func requiredFields() {
    let cases = [
      F.case("A", complete),
      F.case("B-empty", [("customer_name", "张三"), ("contact", ""), ("first_visit", "false")]),
      F.case("C-blank", [("customer_name", "张三"), ("contact", "   "), ("first_visit", "false")]),
      F.case("D-absent", [("first_visit", "false")]),
    ]
    let judgements = F.judgements(rule, cases)
    #expect(
      judgements.map(F.describe) == [
        "A: passed", "B-empty: violated", "C-blank: violated", "D-absent: violated",
      ])
    // every missing field is listed
    #expect(judgements.last?.actual.en == "missing customer_name, contact")
  }

  @Test func conditionallyRequiredFields() {
    let named: [(String, String)] = [("customer_name", "张三"), ("contact", "李四")]
    let cases = [
      F.case("A", named + [("age", "35"), ("first_visit", "true"), ("blood_pressure", "120/80")]),
      F.case("B", named + [("age", "35"), ("first_visit", "true")]),
      F.case("C", named + [("age", "34"), ("first_visit", "true")]),
      // age unknown and first_visit true: the condition is null
      F.case("D", [("customer_name", "张三"), ("contact", "李四"), ("first_visit", "true")]),
      // age unknown but first_visit false: 'null and false' is false
      F.case("E", complete),
    ]
    #expect(
      F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: passed", "D: unverifiable", "E: passed"])
  }

  @Test func allowedValuesAndPatterns() {
    let cases = [
      F.case("A", complete + [("channel", "visit"), ("phone", "13800138000")]),
      F.case("B", complete + [("channel", "email")]),
      // absent optional values are not checked
      F.case("C", complete),
      // ten digits: typed as a number, still matched by its text
      F.case("D", complete + [("phone", "1380013800")]),
      F.case("E", complete + [("phone", "138-0013-8000")]),
    ]
    #expect(
      F.outcomes(rule, cases) == ["A: passed", "B: violated", "C: passed", "D: violated", "E: violated"])
  }

  /// Whether a text is allowed is remembered per worker and text: with more distinct texts than
  /// the lookups remember (answers pushed out and asked again), two lists asking about the same
  /// texts, texts that only differ in case, and numbers among the texts, every case must still
  /// be judged by its own value.
  @Test func allowedValuesOfManyDistinctTexts() {
    let twoLists = F.rule(
      """
      check:
        kind: fields
        allowed: {zone: [z0, z2, z4, z6, z8, "10"], region: [z1, z3, z5, z7, z9]}
      """)
    let cases = (0..<1200).map { n in
      let zone = n % 3 == 0 ? "Z\(n % 11)" : "z\(n % 11)"
      let region = "z\((n / 7) % 11)"
      return F.case("c\(1000 + n)", [("zone", n % 5 == 0 ? "\(n % 11)" : zone), ("region", region)])
    }
    let expected = (0..<1200).map { n in
      let zoneAllowed =
        n % 5 == 0 ? n % 11 == 10 : n % 3 != 0 && n % 11 % 2 == 0 && n % 11 != 10
      let regionAllowed = (n / 7) % 11 % 2 == 1
      return "c\(1000 + n): \(zoneAllowed && regionAllowed ? "passed" : "violated")"
    }
    for threads in [1, 2] {
      let engine = F.engine([twoLists], asOf: "2030-01-01 00:00", threads: threads)
      let judged = engine.judge(F.dataset(cases), keepingPassed: true).judgements[0].map(F.describe)
      #expect(judged == expected, "threads \(threads)")
    }
  }

  /// Each field is read once per case for every list naming it; a record type without the field
  /// at all (no case has it) reads null everywhere, so only `required` flags it.
  @Test func oneFieldInEveryListAndFieldsNoCaseHas() {
    let shared = F.rule(
      """
      check:
        kind: fields
        required: [zone, phone]
        allowed: {zone: [city, suburb], phone: ["13800138000"]}
        patterns: {phone: '^1[0-9]{10}$', zone: '^[a-z]+$'}
      """)
    let cases = [
      F.case("A", [("zone", "city"), ("phone", "13800138000")]),
      F.case("B", [("zone", "City"), ("phone", "13800138001")]),
      F.case("C", [("zone", " "), ("phone", "")]),
    ]
    let judgements = F.judgements(shared, cases)
    #expect(judgements.map(F.describe) == ["A: passed", "B: violated", "C: violated"])
    #expect(
      judgements[1].actual.en
        == "zone=City is not one of city, suburb; phone=13800138001 is not one of 13800138000; zone=City does not match /^[a-z]+$/"
    )
    #expect(
      judgements[2].actual.en
        == "missing zone, phone; zone=  is not one of city, suburb; zone=  does not match /^[a-z]+$/")
    let lacking = F.judgements(shared, [F.case("D", [("other", "1")])])
    #expect(lacking.map(F.describe) == ["D: violated"])
    #expect(lacking.first?.actual.en == "missing zone, phone")
  }

  @Test func anchoredAtTheFirstEventWhatEverTheInputOrder() {
    let cases = [
      F.case(
        "A", [("first_visit", "false")], events: ["closed @ 2024-10-02 10:00", "opened @ 2024-09-30 10:00"]),
      F.case("B", [("first_visit", "false")], events: ["opened @ 2024-10-01 00:00"]),
      // no events: no anchor, judged in every audit
      F.case("C", [("first_visit", "false")]),
    ]
    #expect(
      F.outcomes(rule, cases, asOf: "2024-10-10 00:00", period: ("2024-09-01 00:00", "2024-10-01 00:00")) == [
        "A: violated", "C: violated",
      ])
  }

  @Test func outOfScopeRecordTypesAreNotApplicable() {
    let scoped = F.rule(
      """
      scope: {record: repair_order}
      check: {kind: fields, required: [contact]}
      """)
    let cases = [
      F.case("A", [("contact", "x")], recordType: "repair_order"),
      F.case("B", [], recordType: "repair_order"),
      F.case("C", [], recordType: "complaint"),
    ]
    #expect(F.outcomes(scoped, cases) == ["A: passed", "B: violated"])
  }

  @Test func aCaseCreatedAfterTheCutOffIsNotJudged() {
    let cases = [
      F.case("A", [("first_visit", "false")], events: ["opened @ 2024-09-10 10:00"]),
      F.case("B", [("first_visit", "false")], events: ["opened @ 2024-09-20 10:00"]),
    ]
    #expect(F.outcomes(rule, cases, asOf: "2024-09-15 00:00") == ["A: violated"])
  }
}

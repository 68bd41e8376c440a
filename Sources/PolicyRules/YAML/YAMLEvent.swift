/// One libyaml event, copied out of libyaml's memory so it outlives `yaml_event_delete`.
enum YAMLEvent {
  case streamStart
  case streamEnd
  case documentStart(SourceMark)
  case documentEnd
  case mappingStart(anchor: String?, mark: SourceMark)
  case mappingEnd
  case sequenceStart(anchor: String?, mark: SourceMark)
  case sequenceEnd
  case scalar(YAMLScalar, anchor: String?)
  case alias(name: String, mark: SourceMark)
}

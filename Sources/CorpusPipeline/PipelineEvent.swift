/// What the engine tells its caller as it goes (it prints nothing itself).
package enum PipelineEvent: Sendable {
    /// A rejected record, an input error or a warning, as one line without a prefix
    /// (`web.jsonl.gz: line 57: invalid_json: ...`).
    case problem(String)
}

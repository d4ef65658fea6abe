import ArgumentParser
import TokenCount

extension TokenCounter.Pattern: ExpressibleByArgument {}

/// `--tokenizer` of `census run` and `census stats`: LLM tokens per language.
struct TokenizerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Count LLM tokens per language with this tokenizer: a tiktoken rank file (cl100k_base, gpt2, Whisper's, o200k-style), a Mistral Tekken JSON file (tekken_*.json) or a Hugging Face tokenizer.json (byte-level BPE: GPT-2, Llama 3).", valueName: "file"))
    var tokenizer: String?
    @Option(help: "The tokenizer's pre-tokenisation pattern: cl100k, gpt2, o200k or tekken (default: a Tekken or tokenizer.json file's own; for a rank file cl100k for 100,000 tokens or more, else gpt2).")
    var tokenizerPattern: TokenCounter.Pattern?

    /// The tokenizer, or nil; a file that cannot be read is a usage error.
    func tokenCounter() throws -> TokenCounter? {
        guard let tokenizer else { return nil }
        do { return try TokenCounter(file: tokenizer, pattern: tokenizerPattern) } catch {
            Diagnostics.error((error as? TokenizerFileError)?.description ?? "\(tokenizer): \(error)")
            throw ExitCode(64)
        }
    }
}

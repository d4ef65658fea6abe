/// The version of census that writes the outputs (in `.census-output` and `census --version`; the release
/// scripts read it from this line).
public let censusVersion = "0.1.0"

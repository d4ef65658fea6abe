import CorpusIO
import Foundation

/// The rules for an output folder (`--out DIR`, `census merge DIR`): never empty or the root, and census
/// deletes in it only what it wrote there itself, recognised by the marker file it leaves in every folder
/// it writes (`DIR/.census-output`).
package enum OutputFolder {
    /// The marker's name in DIR.
    package static let markerName = ".census-output"

    /// Refuses an output folder that would write into the root or the current folder by accident: an empty
    /// value (what an unset `$OUTDIR` gives), `/` (or `//`, `/./`), or a name with a line break.
    /// Returns what is wrong with it, or nil.
    package static func problem(with path: String, option: String = "--out") -> String? {
        if path.isEmpty {
            return "\(option) is empty (an unset variable?); name the output folder."
        }
        if path.split(separator: "/").allSatisfy({ $0 == "." }) && path.hasPrefix("/") {
            return "\(option) \(path) is the root folder; name a folder of its own."
        }
        if path.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return "\(option) must not contain a line break."
        }
        if PathBytes.hasEscapedBytes(path) {
            return "\(option) must be valid UTF-8."
        }
        return nil
    }

    /// Throws the problem of ``problem(with:option:)`` as a usage error.
    static func validate(_ path: String, option: String = "--out") throws(PipelineError) {
        if let problem = problem(with: path, option: option) { throw PipelineError(.usage, problem) }
    }

    /// Creates `directory` and takes its lock (``OutputLock``): two census processes never write one folder.
    static func lock(_ directory: String) throws(PipelineError) -> OutputLock {
        do throws(InputError) {
            try OutputFiles.makeDirectories(directory)
            return try OutputLock(directory: directory)
        } catch {
            throw PipelineError(error)
        }
    }

    /// Whether census wrote `directory` (its marker is there).
    package static func isOwn(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + markerName)
    }

    /// Marks `directory` as written by census (creating the folder). The shards of one run claim their
    /// shared folder at the same moment (Slurm array tasks), so the marker is created exclusively
    /// (`O_EXCL`): the first one writes it, the others find it there. Only its existence counts.
    package static func claim(_ directory: String) throws(InputError) {
        try OutputFiles.makeDirectories(directory)
        let path = directory + "/" + markerName
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { return }
            throw InputError(.unreadable, path: path, "cannot create (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        let text = "This folder was written by census \(censusVersion). `census run --force` and `census merge --force` delete here only the outputs census writes.\n"
        if write(fd, text, text.utf8.count) != text.utf8.count {
            throw InputError(.writeFailed, path: path, "write failed (\(String(cString: strerror(errno))))")
        }
    }

    /// Deletes the outputs named in `names` (relative to `directory`), but only in a folder census marked as
    /// its own; in any other folder holding one of them, nothing is deleted and the command stops (exit 64).
    package static func clear(_ directory: String, _ names: [String]) throws(PipelineError) {
        let present = names.filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
        guard !present.isEmpty else { return }
        guard isOwn(directory) else {
            throw PipelineError(.usage, "\(PathBytes.display(directory)): not a census output folder (no \(markerName)), yet it holds \(present.joined(separator: ", ")); census deletes nothing there: choose a new or empty folder")
        }
        for name in present { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
    }

    /// The inputs that do not lie inside `directory` (the output folder): a run never reads its own outputs.
    /// Also returns how many were left out.
    package static func excludingOutputs(_ sources: [InputSource], of directory: String) -> ([InputSource], Int) {
        guard let root = realPath(directory) else { return (sources, 0) }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var kept: [InputSource] = []
        var dropped = 0
        for source in sources {
            if !source.isStandardInput, let real = realPath(source.path), real.hasPrefix(prefix) || real == root {
                dropped += 1
            } else {
                kept.append(source)
            }
        }
        return (kept, dropped)
    }

    /// The canonical absolute path (symbolic links resolved), or nil when it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

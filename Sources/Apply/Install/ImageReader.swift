import FoundationEssentials
public import Layout
import Platform

/// Reads a root file system archive's table of contents with `tar --list
/// --verbose` (GNU tar recognises gzip, xz, zstd and bzip2 by itself).
/// Writes nothing.
public enum ImageReader {
    public static func read(_ path: String, runner: any CommandRunner = ProcessRunner()) -> ImageInfo {
        var st = stat()
        guard stat(path, &st) == 0 else { return ImageInfo(path: path, archiveBytes: 0, problem: String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return ImageInfo(path: path, archiveBytes: 0, problem: "not a file") }
        guard access(path, R_OK) == 0 else { return ImageInfo(path: path, archiveBytes: 0, problem: String(cString: strerror(errno))) }
        let size = UInt64(st.st_size)
        let listing: CommandResult
        do {
            listing = try runner.run(["tar", "--list", "--verbose", "--file", path])
        } catch let e as CommandError {
            let reason = e.result.stderr.split(separator: "\n").first.map(String.init) ?? "tar failed"
            return ImageInfo(path: path, archiveBytes: size, problem: "not a readable tar archive (\(reason))")
        } catch {
            return ImageInfo(path: path, archiveBytes: size, problem: "\(error)")
        }
        return summary(path: path, archiveBytes: size, listing: listing.stdout)
    }

    /// What the checks need from a listing: names of interest, kernels, sizes.
    static func summary(path: String, archiveBytes: UInt64, listing: String) -> ImageInfo {
        var info = ImageInfo(path: path, archiveBytes: archiveBytes)
        var found = Set<String>()
        for line in listing.split(separator: "\n") {
            guard let (type, bytes, name) = entry(line) else { continue }
            if ImageInfo.interesting.contains(name) { found.insert(name) }
            if type == "-" {
                info.unpackedBytes += bytes
                if name.hasPrefix("boot/") { info.bootBytes += bytes }
                if name.hasPrefix("boot/vmlinuz-"), !name.dropFirst(5).contains("/") { info.kernels.append(String(name.dropFirst(5))) }
            }
        }
        info.found = found.sorted()
        info.kernels.sort()
        return info
    }

    /// One line of `tar -tv`: `-rw-r--r-- root/root 1234 2024-06-01 12:00 ./etc/passwd`.
    /// Returns the entry type (`-`, `d`, `l`, `h`, ...), its size and its name without `./` and `/`.
    static func entry(_ line: Substring) -> (Character, UInt64, String)? {
        var rest = line[...]
        var fields: [Substring] = []
        while fields.count < 5 {
            rest = rest.drop { $0 == " " }
            guard let end = rest.firstIndex(of: " ") else { return nil }
            fields.append(rest[..<end])
            rest = rest[end...]
        }
        guard let type = fields[0].first else { return nil }
        var name = String(rest.dropFirst())
        if type == "l", let r = name.firstRange(of: " -> ") { name = String(name[..<r.lowerBound]) }
        if type == "h", let r = name.firstRange(of: " link to ") { name = String(name[..<r.lowerBound]) }
        while name.hasPrefix("./") { name.removeFirst(2) }
        while name.hasSuffix("/") { name.removeLast() }
        return (type, UInt64(fields[2]) ?? 0, name)
    }
}

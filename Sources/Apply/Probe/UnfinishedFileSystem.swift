import Platform

/// A file system whose mkfs a power cut interrupted. mke2fs writes the primary superblock
/// last, but the disk or the page cache may write it before the blocks issued ahead of it:
/// then a superblock is there and the rest is not. Such a file system was never mounted
/// (`s_mtime` 0) and does not check clean. One that was mounted once may hold data and is
/// never called unfinished, whatever its state.
enum UnfinishedFileSystem {
    /// Why the ext4 on `device` is unfinished, or nil.
    static func reason(_ device: String, runner: any CommandRunner = ProcessRunner()) -> String? {
        guard neverMounted(device) == true else { return nil }
        let r: CommandResult
        do {
            _ = try runner.run(["e2fsck", "-fn", device])
            return nil
        } catch let e as CommandError {
            r = e.result
        } catch {
            return nil
        }
        guard r.status != 127 else { return nil }
        let first = (r.stdout + r.stderr).split(separator: "\n").first { !$0.hasPrefix("e2fsck ") && !$0.isEmpty }.map(String.init) ?? ""
        return "never mounted, and e2fsck -fn exits \(r.status)" + (first.isEmpty ? "" : ": \(first)")
    }

    /// Whether the ext2/3/4 superblock at byte 1024 says the file system was never mounted:
    /// magic 0xEF53 at 56, `s_mtime` (last mount time, little-endian 32-bit) at 44.
    static func neverMounted(_ device: String) -> Bool? {
        try? Posix.withDescriptor(device, flags: O_RDONLY) { fd -> Bool? in
            var sb = [UInt8](repeating: 0, count: 64)
            guard sb.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 64, 1024) }) == 64, sb[56] == 0x53, sb[57] == 0xEF else { return nil }
            return sb[44..<48].allSatisfy { $0 == 0 }
        } ?? nil
    }
}

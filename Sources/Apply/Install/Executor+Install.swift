import FoundationEssentials
public import Layout

/// The steps that install the host. Each looks first whether it is done (the
/// state file below the host's root, the files themselves, the boot code on
/// the disk), so a resumed apply does nothing twice.
extension Executor {
    func writeFstab(_ s: InstallStep) throws -> String {
        try writeFile(s, "/etc/fstab") { old, entries in HostFileText.fstab(old, wanted: HostFileText.fstabLines(entries)) }
    }

    func writeMdadmConf(_ s: InstallStep) throws -> String {
        try writeFile(s, "/etc/mdadm/mdadm.conf") { old, entries in HostFileText.mdadmConf(old, host: s.host, entries: entries, alerts: s.alerts) }
    }

    /// After a failed step: the host's file systems are not left mounted (the next run mounts them again).
    public static func unmountHost(_ actions: [Action], runner: any CommandRunner = ProcessRunner()) {
        guard let s = actions.first(where: { $0.kind == .mountHost })?.hostStep else { return }
        _ = try? HostMounter(runner: runner).unmount(s)
    }

    func readRoot(_ s: InstallStep) -> HostRootState {
        HostRootReader.read(dir: s.root, device: s.mounts.first?.device ?? "", espMounted: s.mounts.contains { $0.path == "/boot/efi" },
                            mountPoints: s.mounts.map(\.path).filter { $0 != "/" })
    }

    func mountHost(_ s: InstallStep) throws -> String {
        try HostMounter(runner: runner).mount(s) ? "done" : "skipped: already mounted"
    }

    /// Extracts only into an empty root, or one whose extraction of this image this install started.
    func extractImage(_ a: Action, _ s: InstallStep) throws -> String {
        let id = s.imageIdentity ?? ""
        let state = readRoot(s)
        if state.installed.contains("image \(id)") { return "skipped: the image is already installed" }
        if state.populated, !state.installed.contains("extracting \(id)") {
            throw DeviceError(path: a.device, operation: "extract image",
                              message: "/ holds files this install did not put there (\(state.system ?? "unknown system")); refusing to extract over them")
        }
        try HostRootReader.record("extracting \(id)", dir: s.root)
        _ = try command(a)
        try HostRootReader.record("image \(id)", dir: s.root)
        return "done"
    }

    /// Writes `ROOT/path` as `text(old, entries)` when it differs, keeping the old one as `path.diskplan-old`.
    func writeFile(_ s: InstallStep, _ path: String, _ text: (String, [HostFileText.Entry]) -> String) throws -> String {
        let full = s.root + path
        let old = (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
        let new = text(old, try entriesNow(s))
        guard new != old else { return "skipped: \(path) already lists the plan's arrays" }
        let folder = String(full[..<full.lastIndex(of: "/")!])
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !old.isEmpty { try old.write(toFile: full + ".diskplan-old", atomically: true, encoding: .utf8) }
        try new.write(toFile: full, atomically: true, encoding: .utf8)
        return "done"
    }

    /// The host's arrays with the UUIDs they carry now, found by name wherever they run.
    func entriesNow(_ s: InstallStep) throws -> [HostFileText.Entry] {
        let running = Probe.runningArrays(md: md)
        return try s.entries.map { e in
            guard let a = running.first(where: { $0.name == e.name }) ?? running.first(where: { $0.device == e.md }) else {
                throw DeviceError(path: e.md, operation: "read array", message: "\(e.name) does not run")
            }
            var e = e
            e.arrayUUID = a.uuid
            e.contentUUID = e.format == .raw ? nil : (try? Probe.disk(a.device))?.signatures.first?.uuid
            return e
        }
    }

    /// Runs the step unless the state file records `key`; records it after.
    func recorded(_ a: Action, _ s: InstallStep, _ key: String) throws -> String {
        if readRoot(s).installed.contains(key) { return "skipped: done before (\(key))" }
        _ = try command(a)
        try HostRootReader.record(key, dir: s.root)
        return "done"
    }

    /// GRUB on a disk (BIOS) or on the ESP (UEFI), unless a previous run put it there.
    func installBootloader(_ a: Action, _ s: InstallStep, disk: String) throws -> String {
        let key = "grub \(s.grubTarget ?? "") \(disk)"
        let state = readRoot(s)
        let present = s.grubTarget == "i386-pc"
            ? ((try? Probe.disk(a.device)).flatMap(BootCodeReader.read)?.bootsBIOS == true)
            : state.efiLoader == true
        if present, state.installed.contains(key) { return "skipped: GRUB is already there" }
        _ = try command(a)
        try HostRootReader.record(key, dir: s.root)
        return "done"
    }
}

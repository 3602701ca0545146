import Foundation
import Synchronization

/// One virtual disk of the rescue test VM. Disks appear in the VM as
/// /dev/vda, /dev/vdb, ... in the order given, with serials vmdisk0, vmdisk1, ...
enum VMDisk: Sendable {
    /// A new sparse image of `size` bytes (all zeros). Block sizes default to
    /// 512/512; 4Kn is 4096/4096, 512e is 512/4096.
    case new(size: UInt64, logicalBlockSize: Int? = nil, physicalBlockSize: Int? = nil)
    /// A new sparse image on another bus than virtio: `nvme` (/dev/nvmeNn1) or `sata` (AHCI, /dev/sdX).
    case onBus(size: UInt64, bus: String)
    /// An existing raw image, e.g. one kept from an earlier boot (a second boot).
    case image(path: String, logicalBlockSize: Int? = nil, physicalBlockSize: Int? = nil)

    static let mib: UInt64 = 1 << 20
    static let gib: UInt64 = 1 << 30

    /// The images `VM.run(..., keepDisksIn: dir)` created for `count` new disks.
    static func kept(in dir: URL, count: Int) -> [VMDisk] {
        (0..<count).map { i in
            let letter = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(i)))
            return .image(path: dir.appendingPathComponent("vd\(letter).img").path)
        }
    }

    var runVMArguments: [String] {
        func options(_ lbs: Int?, _ pbs: Int?) -> String {
            let kv = [lbs.map { "lbs=\($0)" }, pbs.map { "pbs=\($0)" }].compactMap { $0 }
            return kv.isEmpty ? "" : ":" + kv.joined(separator: ",")
        }
        switch self {
        case let .new(size, lbs, pbs):
            return ["--disk", "\(size)" + options(lbs, pbs)]
        case let .image(path, lbs, pbs):
            return ["--disk-image", path + options(lbs, pbs)]
        case let .onBus(size, bus):
            return ["--disk", "\(size):bus=\(bus)"]
        }
    }
}

/// The image a VM boots (Tests/vm/build-initrd.sh, VM_VARIANT): each a cached image of its own.
enum VMImage: String, Sendable {
    /// The rescue system every scenario boots.
    case base
    /// The rescue system plus python3 and Debian's ansible-core (bookworm: 2.14).
    case ansible
}

/// What came back from one boot.
struct VMResult: Sendable {
    /// Exit status of the scenario script.
    var exitStatus: Int32
    /// The scenario's stdout and stderr, interleaved as written.
    var output: String
    /// Files the scenario wrote below `$RESULTS`, by relative path.
    var files: [String: String]
    /// The serial console (kernel panics, init diagnostics), for failure reports.
    var console: String
    /// The VM's kernel log at the end of the scenario.
    var dmesg: String
    /// The scenario ended with `vm-power-loss` (a reset without sync).
    var powerLoss: Bool
    /// Wall time of the VM (qemu start to exit), seconds.
    var seconds: Double
}

enum VMError: Error, CustomStringConvertible {
    case missingPrerequisite(String)
    case harness(String)
    case build(String)

    var description: String {
        switch self {
        case let .missingPrerequisite(s): "VM prerequisite missing: \(s)"
        case let .harness(s): "VM harness failed: \(s)"
        case let .build(s): "release build failed: \(s)"
        }
    }
}

/// Boots a throw-away qemu VM (Debian's stock kernel, TCG) that runs a shell
/// scenario, through Tests/vm/run-vm.sh. See Tests/vm/README.md.
enum VM {
    /// The repository root, found from this file's path.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let defaultTimeout = 300

    /// The long VM scenarios run with `DISKPLAN_VM=full` (`scripts/test-vm-full`); CI runs
    /// the reduced set (see docs/test-bed.md). See Tests/vm/README.md.
    static let fullSuite = ProcessInfo.processInfo.environment["DISKPLAN_VM"] == "full"

    private static let bootLock = NSLock()

    /// The scenario files: Tests/vm/scenarios/GROUP/NAME.sh, with lib.sh that they source.
    static let scenarios: URL = repoRoot.appendingPathComponent("Tests/vm/scenarios")

    /// Boots the VM once and runs the scenario file `script` of Tests/vm/scenarios (bash, as root,
    /// on the Debian rescue system with udev, `extraBinaries` in /usr/local/bin; files written
    /// below `$RESULTS` come back in `VMResult.files`). `environment` holds the scenario's
    /// parameters: they are set in its environment (run-vm.sh --env), never spliced into its text.
    /// `inputs` are written to /input/NAME in the VM, and the host files of
    /// `inputFiles` (NAME: host path; binary files too) copied there. With `keepDisksIn`, the
    /// new disks are created there as vda.img, vdb.img, ... and survive. `image` chooses
    /// the rescue system (`.ansible` adds ansible-core). With `uefiVars`, the VM starts under OVMF
    /// with that variable store (made if missing, written in place): the rescue system has EFI variables.
    /// Throws when the VM could not run the scenario to its end (timeout,
    /// crash, missing qemu or kernel); a failing scenario is a result.
    static func run(
        script: String,
        environment: [String: String] = [:],
        disks: [VMDisk],
        keepDisksIn: URL? = nil,
        extraBinaries: [String] = [],
        inputs: [String: String] = [:],
        inputFiles: [String: String] = [:],
        timeout: Int = defaultTimeout,
        image: VMImage = .base,
        uefiVars: URL? = nil
    ) throws -> VMResult {
        let file = scenarios.appendingPathComponent(script)
        guard script.split(separator: "/").count <= 2, !script.contains(".."), FileManager.default.fileExists(atPath: file.path) else {
            throw VMError.harness("no scenario \(script) in \(scenarios.path)")
        }
        try checkPrerequisites()
        // One VM at a time per test process: two TCG guests on a 2-core
        // machine only slow each other down and make boot times erratic.
        bootLock.lock()
        defer { bootLock.unlock() }
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("vmtest-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        let out = work.appendingPathComponent("out")

        var argv = [repoRoot.appendingPathComponent("Tests/vm/run-vm.sh").path,
                    "--scenario", file.path, "--out", out.path, "--timeout", "\(timeout)"]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil, !value.contains("\0") else {
                throw VMError.harness("bad scenario parameter \(name)")
            }
            argv += ["--env", "\(name)=\(value)"]
        }
        for disk in disks { argv += disk.runVMArguments }
        if let keepDisksIn { argv += ["--keep-disks", keepDisksIn.path] }
        if image != .base { argv += ["--variant", image.rawValue] }
        if let uefiVars { argv += ["--firmware", "uefi", "--vars", uefiVars.path] }
        for binary in extraBinaries { argv += ["--extra-binary", binary] }
        if !inputs.isEmpty {
            let inputDir = work.appendingPathComponent("input")
            try fm.createDirectory(at: inputDir, withIntermediateDirectories: true)
            for (name, content) in inputs.sorted(by: { $0.key < $1.key }) {
                guard !name.contains("/"), !name.contains(":"), !name.isEmpty else {
                    throw VMError.harness("bad input name \(name)")
                }
                let file = inputDir.appendingPathComponent(name)
                try Data(content.utf8).write(to: file)
                argv += ["--input", file.path]
            }
        }
        for (name, path) in inputFiles.sorted(by: { $0.key < $1.key }) {
            guard !name.contains("/"), !name.contains(":"), !name.isEmpty, !path.contains(":"), inputs[name] == nil,
                  fm.fileExists(atPath: path)
            else {
                throw VMError.harness("bad input file \(name): \(path)")
            }
            argv += ["--input", "\(path):\(name)"]
        }

        let log = work.appendingPathComponent("run-vm.log")
        // run-vm.sh waits for other VMs on this machine first (one at a time): allow for that.
        let status = try runProcess(argv, log: log, timeout: 4 * timeout + 600)
        let harnessLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""

        func read(_ name: String) -> String? {
            guard let data = fm.contents(atPath: out.appendingPathComponent(name).path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        guard let statusText = read("status"),
              let exitStatus = Int32(statusText.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            let output = read("output.log") ?? ""
            throw VMError.harness("no scenario status (run-vm.sh exit \(status)):\n"
                + String(harnessLog.suffix(4000)) + "\n--- scenario output so far\n" + String(output.suffix(4000)))
        }
        var files: [String: String] = [:]
        let filesDir = out.appendingPathComponent("files")
        if let walker = fm.enumerator(atPath: filesDir.path) {
            while let rel = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                let path = filesDir.appendingPathComponent(rel).path
                if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                   let data = fm.contents(atPath: path) {
                    files[rel] = String(decoding: data, as: UTF8.self)
                }
            }
        }
        return VMResult(
            exitStatus: exitStatus,
            output: read("output.log") ?? "",
            files: files,
            console: (read("console.log") ?? "").replacingOccurrences(of: "\r", with: ""),
            dmesg: read("dmesg.log") ?? "",
            powerLoss: fm.fileExists(atPath: out.appendingPathComponent("power-loss").path),
            seconds: Double((read("boot-seconds") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        )
    }

    /// qemu and a Debian kernel with its initrd are required: missing ones are
    /// an error (the project's test command installs them), never a skip.
    static func checkPrerequisites() throws {
        let fm = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        guard dirs.contains(where: { fm.isExecutableFile(atPath: "\($0)/qemu-system-x86_64") }) else {
            throw VMError.missingPrerequisite("qemu-system-x86_64 (apt-get install qemu-system-x86)")
        }
        let boot = (try? fm.contentsOfDirectory(atPath: "/boot")) ?? []
        guard boot.contains(where: { $0.hasPrefix("vmlinuz-") }),
              boot.contains(where: { $0.hasPrefix("initrd.img-") })
        else {
            throw VMError.missingPrerequisite("a kernel and initrd in /boot (apt-get install linux-image-amd64)")
        }
    }

    // MARK: - The project's release binary

    private static let releasePath = Mutex<String?>(nil)

    /// Builds `diskplan` in release mode with a static Swift runtime (once per
    /// test process; SwiftPM's incremental build makes repeats cheap) and
    /// returns the binary's path, for `extraBinaries`.
    static func releaseBinary() throws -> String {
        try releasePath.withLock { (cached: inout String?) throws -> String in
            if let cached { return cached }
            let scratch = repoRoot.appendingPathComponent(".build-release").path
            let log = FileManager.default.temporaryDirectory
                .appendingPathComponent("diskplan-release-build-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            // The one release build (scripts/build-release): its path is the last line it prints.
            let status = try runProcess([repoRoot.appendingPathComponent("scripts/build-release").path, scratch], log: log, timeout: 3600)
            guard status == 0 else {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                let errors = text.split(separator: "\n")
                    .filter { line in
                        ["error:", "Abort:", "While running pass", "(at /", "Cannot "].contains { line.contains($0) }
                    }
                    .prefix(20).joined(separator: "\n")
                throw VMError.build("scripts/build-release exited \(status):\n\(errors)\n…\n" + String(text.suffix(3000)))
            }
            let binary = ((try? String(contentsOf: log, encoding: .utf8)) ?? "")
                .split(separator: "\n").last.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw VMError.build("no binary at \(binary)")
            }
            cached = binary
            return binary
        }
    }

    // MARK: - Processes

    /// Runs argv (no shell) with stdout and stderr into `log`; kills it after
    /// `timeout` seconds. Returns the exit status.
    @discardableResult
    static func runProcess(_ argv: [String], log: URL, timeout: Int) throws -> Int32 {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw VMError.harness("\(argv.prefix(2).joined(separator: " ")) did not end within \(timeout)s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

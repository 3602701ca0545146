import Foundation
import Synchronization
import Testing

/// The release package on a stock system: the rescue VM (a Debian userland made
/// from Debian's packages) gets the `.deb` of scripts/release as its only input,
/// installs it with dpkg (nothing copied from the build machine: no binary, no
/// library) and runs the Xen plan from it on two blank disks.
@Suite(.serialized)
struct PackageTests {
    static let gb: UInt64 = 1_000_000_000

    @Test("The .deb installs with dpkg on the stock rescue system; version, ldd, man, completion; the packaged Xen plan applies and converges")
    func debInstallsAndAppliesXenPlan() throws {
        let package = try VM.releasePackage()
        // The plan needs 155 GiB per disk; the disks are sparse, so 200 GB costs nothing.
        let r = try VM.run(script: "packaging/package-deb.sh", disks: [.new(size: 200 * Self.gb), .new(size: 200 * Self.gb)],
                           inputFiles: ["diskplan.deb": package.deb], timeout: 600)
        // The VM's own account, next to the package it tested (for the quote in docs/release.md).
        try? Data((r.output + "(VM wall time \(Int(r.seconds)) s)\n").utf8).write(to: URL(fileURLWithPath: package.deb).deletingLastPathComponent()
            .appendingPathComponent("vm-output.log"))
        let describe = { (what: String) in ApplyScenarioTests.describe(r, what) }
        try #require(r.exitStatus == 0, describe("the scenario ran to its end"))
        let file = { (name: String) in r.files[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

        // dpkg alone: the Depends are all on the rescue system.
        try #require(file("dpkg.status") == "0", describe("dpkg -i succeeds"))
        #expect(file("dpkg.txt").contains("Setting up diskplan (\(package.debVersion)) ..."), describe("dpkg sets it up"))
        #expect(!file("dpkg.txt").contains("mandb:"), describe("man-db's trigger indexes the pages without complaint"))
        #expect(file("dpkg-query.txt") == "installed \(package.debVersion)", describe("dpkg knows the package"))
        #expect(file("which.txt") == "/usr/sbin/diskplan", describe("on PATH as /usr/sbin/diskplan"))
        #expect(file("version.txt") == package.version, describe("--version is the built version"))

        // Only the rescue system's libraries, from /lib or /usr/lib; libparted and libblkid among them.
        let ldd = file("ldd.txt").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let resolved = ldd.compactMap { line -> String? in
            guard let arrow = line.range(of: " => ") else { return line.hasPrefix("/") ? line : nil }
            return String(line[arrow.upperBound...])
        }
        #expect(!ldd.isEmpty && !file("ldd.txt").contains("not found"), describe("ldd resolves every library"))
        #expect(resolved.allSatisfy { $0.hasPrefix("/lib/") || $0.hasPrefix("/lib64/") || $0.hasPrefix("/usr/lib/") },
                describe("ldd: only /lib and /usr/lib"))
        for lib in ["libparted.so.2", "libblkid.so.1", "libc.so.6"] {
            #expect(ldd.contains { $0.hasPrefix(lib + " => /") }, describe("ldd: \(lib)"))
        }

        // man finds and formats the pages (section 8).
        #expect(file("man-path.txt") == "/usr/share/man/man8/diskplan.8.gz", describe("man -w diskplan"))
        #expect(file("whatis.txt").hasPrefix("diskplan (8)"), describe("whatis diskplan: mandb indexed the pages"))
        #expect(file("man.status") == "0", describe("man diskplan"))
        #expect(file("man.txt").contains(/DISKPLAN\(8\)/) && file("man.txt").contains("SYNOPSIS")
                && file("man.txt").contains("Plan and apply mirrored software-RAID disk layouts"), describe("man diskplan"))
        #expect(file("man-apply.status") == "0" && file("man-apply.txt").contains("--mdadm-conf"), describe("man diskplan.apply"))
        #expect(file("man-yaml.status") == "0" && file("man-yaml.txt").contains("DISKPLAN.YAML(5)")
                && file("man-yaml.txt").contains("ENTRY KEYS"), describe("man 5 diskplan.yaml: the plan file"))

        // bash completion where Debian's bash-completion looks, registered and answering.
        #expect(file("completion.status") == "0", describe("completion script sources"))
        let completion = file("completion.txt").split(separator: "\n").map(String.init)
        #expect(completion.first == "complete -o filenames -F _diskplan diskplan", describe("complete -p diskplan"))
        #expect(completion.contains("diskplan ap|apply"), describe("completes the subcommand"))
        #expect(completion.contains("diskplan apply --wi|--wipe"), describe("completes apply's option"))
        #expect(completion.contains("diskplan convert-|convert-installimage"), describe("completes convert-installimage"))
        #expect(completion.contains("diskplan plan /usr/share/doc/diskplan/examples/xen-host.|/usr/share/doc/diskplan/examples/xen-host.yaml"),
                describe("completes a plan file"))
        #expect(completion.contains("diskplan plan x.yaml --disk /dev/disk/by-id/virtio-vmdisk|/dev/disk/by-id/virtio-vmdisk0 /dev/disk/by-id/virtio-vmdisk1"),
                describe("completes --disk with the disks, by the packaged binary"))

        // The Xen scenario from the package's own example plan, disks by their by-id names.
        ApplyScenarioTests.checkConverged(r)
        ApplyScenarioTests.checkArrays(r, [
            ("md0", "raid1", "1.2", "xen1:swap", 2), ("md1", "raid1", "1.0", "xen1:boot", 2), ("md2", "raid1", "1.2", "xen1:root", 2),
            ("md3", "raid1", "1.2", "xen1:ns1", 2), ("md4", "raid1", "1.2", "xen1:web1", 2),
        ])
        #expect(file("plan.txt").contains("/dev/disk/by-id/virtio-vmdisk0"), describe("the plan names the disks as given"))
    }
}

extension VM {
    /// The `.deb` scripts/release made for this test process, and the versions it carries.
    struct ReleasePackage: Sendable {
        var deb: String
        /// What `diskplan --version` prints.
        var version: String
        /// The package's Version field.
        var debVersion: String
    }

    private static let releasePackageCache = Mutex<ReleasePackage?>(nil)

    /// Runs scripts/release once per test process, into .build-dist/package-test (the
    /// release's own scratch path, so it does not wait for the `.build` of `swift test`).
    /// Nothing changed: the builds are up to date and the run costs the packaging (~25 s).
    static func releasePackage() throws -> ReleasePackage {
        try releasePackageCache.withLock { (cached: inout ReleasePackage?) throws -> ReleasePackage in
            if let cached { return cached }
            let outDir = repoRoot.appendingPathComponent(".build-dist/package-test")
            let log = FileManager.default.temporaryDirectory
                .appendingPathComponent("diskplan-package-build-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let status = try runProcess(["/usr/bin/env", "RELEASE_OUT=\(outDir.path)",
                                         repoRoot.appendingPathComponent("scripts/release").path], log: log, timeout: 3600)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            guard status == 0 else { throw VMError.build("scripts/release exited \(status):\n" + String(text.suffix(4000))) }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outDir.path)) ?? []
            guard let deb = names.first(where: { $0.hasPrefix("diskplan_") && $0.hasSuffix("_amd64.deb") }),
                  let binary = names.first(where: { $0.hasPrefix("diskplan-") && $0.hasSuffix("-linux-x86_64") })
            else { throw VMError.build("no .deb and binary in \(outDir.path): \(names)\n" + String(text.suffix(2000))) }
            let package = ReleasePackage(
                deb: outDir.appendingPathComponent(deb).path,
                version: String(binary.dropFirst("diskplan-".count).dropLast("-linux-x86_64".count)),
                debVersion: String(deb.dropFirst("diskplan_".count).dropLast("_amd64.deb".count)))
            cached = package
            return package
        }
    }
}

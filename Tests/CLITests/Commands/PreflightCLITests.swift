import Foundation
import Testing

/// Apply checks what it needs before its first write. This machine's kernel has
/// no md driver (nor a module to load): apply fails in preflight, and the image
/// files are byte for byte what they were. Where the kernel has md this test fails
/// rather than pass unseen: it is about a machine without it.
@Suite struct PreflightCLITests {
    static let plan = "host: h\ndisks: [A, B]\narrays:\n  - {name: root, size: 100M, format: ext4, mount: /}\n  - {name: swap, size: 64M, format: swap}\n"

    func digest(_ path: String) throws -> String {
        try CLI.tool(["sha256sum", path]).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test func withoutTheMdDriverApplyWritesNothingAndSaysWhatToLoad() throws {
        try #require(!FileManager.default.fileExists(atPath: "/proc/mdstat"), "this machine's kernel runs md: the test is about one that does not")
        try CLI.withImages([256 << 20, 256 << 20]) { disks in
            let file = disks[0] + ".yaml"
            try Self.plan.replacingOccurrences(of: "[A, B]", with: "[\(disks[0]), \(disks[1])]").write(toFile: file, atomically: true, encoding: .utf8)
            let before = try disks.map(digest)
            let plan = try CLI.run(["plan", file])
            #expect(plan.status == 2, "the plan has actions: \(plan.stderr)")
            for extra in [[], ["--json"]] {
                let r = try CLI.run(["apply", file, "--yes"] + extra)
                #expect(r.status == 1)
                #expect(r.stderr.hasPrefix("diskplan: preflight: this run could not finish; nothing was written:\n"), "\(r.stderr)")
                #expect(r.stderr.contains("  - the kernel has no md driver (/proc/mdstat is missing) and `modprobe md_mod` failed"), "\(r.stderr)")
                #expect(r.stderr.contains("then `modprobe md_mod`"), "says what to load: \(r.stderr)")
                #expect(!r.stdout.contains("Applying"), "no action started: \(r.stdout)")
                if !extra.isEmpty { #expect(r.stdout.isEmpty, "--json: no event, the error on stderr") }
            }
            #expect(try disks.map(digest) == before, "both images are byte for byte unchanged")
        }
    }
}

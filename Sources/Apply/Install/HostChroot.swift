import FoundationEssentials
public import Layout

/// What `diskplan chroot` needs from the plan: the host's file systems, and the
/// arrays under them that must be started first.
public enum HostChroot {
    public struct Prepared: Sendable {
        public var step: InstallStep
        /// `mdadm --assemble` of each host array whose members carry it but which does not run.
        public var assemble: [Action]
    }

    public static func prepare(_ plan: Plan, inventory: Inventory, options: PlannerOptions) throws -> Prepared {
        let t = try Planner.target(plan, inventory: inventory, options: options)
        let fs = t.arrays.filter { !$0.guest && $0.mount != nil && $0.format != .raw && $0.format != .swap }
        guard fs.contains(where: { $0.mount == "/" }) else {
            throw DeviceError(path: plan.host, operation: "chroot", message: "the plan mounts no array on /")
        }
        for a in fs {
            guard a.exists else {
                throw DeviceError(path: a.md, operation: "chroot", message: "\(a.name) (\(a.mount!)) does not exist yet: apply the plan first")
            }
            if let r = a.running, !r.signatures.contains(where: { $0.type == a.format.rawValue }) {
                throw DeviceError(path: r.device, operation: "chroot", message: "\(a.name) holds no \(a.format.rawValue) file system for \(a.mount!): apply the plan first")
            }
        }
        let names = Set(fs.map(\.spec.name))
        let assemble = Planner.diff(t, inventory: inventory).actions.filter { if case .assembleArray(let name) = $0.operation { names.contains(name) } else { false } }
        return Prepared(step: HostInstall.chrootStep(t), assemble: assemble)
    }

    /// The shell to start in the host: its bash, else its sh.
    public static func shell(_ s: InstallStep) -> String {
        FileManager.default.isExecutableFile(atPath: s.root + "/bin/bash") ? "/bin/bash" : "/bin/sh"
    }
}

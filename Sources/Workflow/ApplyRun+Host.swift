public import Apply
import FoundationEssentials
import Layout

/// Which host files an apply writes: an mdadm.conf where asked (`--mdadm-conf`), else the
/// system's updated in place (`--system-mdadm-conf`, or the distribution's if there).
public struct HostFileRequest: Sendable {
    public var mdadmConf: String?
    public var systemMdadmConf: String?

    public init(mdadmConf: String? = nil, systemMdadmConf: String? = nil) {
        self.mdadmConf = mdadmConf
        self.systemMdadmConf = systemMdadmConf
    }
}

/// What a whole apply did: the plan it ran, the executor's report (nil: nothing to do), the
/// check after, and the host files it wrote.
public struct Applied: Sendable {
    public var planned: Planned
    public var report: Executor.Report?
    public var after: AfterApply
    /// The text of the mdadm.conf `--mdadm-conf` named.
    public var mdadmConfText: String?
    /// The system's mdadm.conf as updated; nil when it was not touched.
    public var systemConf: SystemConfUpdate?

    /// The arrays this apply created.
    public var created: Set<String> {
        report == nil ? [] : Set(planned.result.actions.filter { $0.kind == .createArray }.map(\.device))
    }
}

/// The lines the system's mdadm.conf gained or changed, and what the admin does next.
public struct SystemConfUpdate: Sendable {
    public var path: String
    public var lines: [String]
    /// The initramfs command, when ARRAY lines came.
    public var initramfsAdvice: String?
    /// Restarting mdadm's monitor, when alert lines changed.
    public var monitorAdvice: String?
}

extension ApplyRun {
    /// The whole of `apply`: loads the plan (or the saved plan), shows it to the observer,
    /// runs its actions when there are any, checks the disks again and writes the host files.
    public static func apply(_ r: PlanRequest, journal: String?, files: HostFileRequest, observer: any ApplyObserver) throws -> Applied {
        let p = try Planned.load(r)
        observer.planned(p)
        let report = p.result.actions.isEmpty ? nil : try execute(p, journal: journal, observer: observer)
        let after = try AfterApply.verify(p, degraded: r.degraded, report: report)
        var applied = Applied(planned: p, report: report, after: after)
        if let path = files.mdadmConf {
            applied.mdadmConfText = try HostFileSteps.writeMdadmConf(after.arrays, host: p.plan.host, alerts: p.plan.alerts, to: path)
        } else if let path = HostFileSteps.systemMdadmConf(given: files.systemMdadmConf) {
            applied.systemConf = try systemConf(path, after.arrays, plan: p.plan)
        }
        return applied
    }

    /// The system's mdadm.conf gains an ARRAY line for each of the plan's arrays it does not list
    /// (those created now, and those an interrupted apply created but did not get to record) and
    /// the plan's alert lines. With `image:`, the installed host has its own; this is the rescue system's.
    static func systemConf(_ path: String, _ arrays: [TargetArray], plan: Layout.Plan) throws -> SystemConfUpdate? {
        let lines = try HostFileSteps.updateMdadmConf(at: path, arrays, alerts: plan.alerts)
        guard !lines.isEmpty else { return nil }
        let arrays = lines.contains { $0.hasPrefix("ARRAY") }
        let alerts = lines.contains { !$0.hasPrefix("ARRAY") }
        return SystemConfUpdate(path: path, lines: lines,
                                initramfsAdvice: arrays ? HostFileSteps.initramfsAdvice(hostInstalled: plan.image != nil) : nil,
                                monitorAdvice: alerts ? "mdadm's monitor reads where to report when it starts: systemctl restart mdmonitor\n" : nil)
    }
}

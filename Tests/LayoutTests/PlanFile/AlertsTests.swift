import Testing
@testable import Layout

/// `alerts:` in the plan: where mdadm's monitor reports, written into mdadm.conf.
@Suite struct AlertsTests {
    static let plan = PlanParserTests.base.replacing("disks: [/dev/sda, /dev/sdb]\n",
                                                     with: "disks: [/dev/sda, /dev/sdb]\nalerts:\n  mail: ops@example.com\n  program: /usr/local/sbin/md-alert\n")

    @Test func mailAndProgramAreRead() throws {
        let p = try PlanParser.parse(Self.plan)
        #expect(p.alerts == Alerts(mail: "ops@example.com", program: "/usr/local/sbin/md-alert"))
        #expect(try PlanParser.parse(PlanParserTests.base).alerts == nil)
        #expect(try PlanParser.parse(PlanParserTests.base + "\nalerts: {mail: root}\n").alerts == Alerts(mail: "root"))
    }

    @Test(arguments: [
        ("alerts: {}", "give mail, program or both"),
        ("alerts: {program: md-alert}", "must be an absolute path"),
        ("alerts: {mail: 'ops@example.com other@example.com'}", "one word without blanks"),
        ("alerts: {mail: root, pager: 555}", "unknown key"),
        ("alerts: root", "must be a mapping"),
    ])
    func badAlertsNameTheLine(line: String, message: String) {
        let e = Fixtures.parseError(PlanParserTests.base + "\n" + line + "\n")
        #expect(e?.line == 9, "\(e?.description ?? "")")
        #expect(e?.key?.hasPrefix("alerts") == true, "\(e?.description ?? "")")
        #expect(e?.message.contains(message) == true, "\(e?.description ?? "")")
    }

    /// Debian's mdadm.conf says `MAILADDR root`: the plan's address takes its place, the program is added.
    @Test func theAlertLinesReplaceDebiansDefault() {
        let debian = "HOMEHOST <system>\n\n# instruct the monitoring daemon where to send mail alerts\nMAILADDR root\n\n# definitions of existing MD arrays\n"
        let alerts = Alerts(mail: "ops@example.com", program: "/usr/local/sbin/md-alert")
        let text = MdadmConf.withAlerts(debian, alerts)
        #expect(text == "HOMEHOST <system>\n\n# instruct the monitoring daemon where to send mail alerts\nMAILADDR ops@example.com\n\n"
            + "# definitions of existing MD arrays\nPROGRAM /usr/local/sbin/md-alert\n")
        #expect(MdadmConf.withAlerts(text, alerts) == text)
        #expect(MdadmConf.withAlerts("MAILADDR a\nMAILADDR b\n", Alerts(mail: "c")) == "MAILADDR c\n")
        #expect(MdadmConf.withAlerts(debian, nil) == debian)
    }

    @Test func theInstallWritesThemIntoTheHostsMdadmConf() throws {
        let text = Fixtures.installPlan.replacing("disks: [/dev/sda, /dev/sdb]", with: "disks: [/dev/sda, /dev/sdb]\nalerts: {mail: ops@example.com}")
        let (_, r) = try HostInstallTests.planned(text)
        let step = try #require(r.actions.first { $0.kind == .writeMdadmConf })
        #expect(step.summary.hasSuffix("by UUID and name; alerts: mail ops@example.com)"))
        let conf = HostFileText.mdadmConf("MAILADDR root\n", host: "xen1", entries: [], alerts: step.hostStep?.alerts)
        #expect(conf == "MAILADDR ops@example.com\nHOMEHOST xen1\n")
    }
}

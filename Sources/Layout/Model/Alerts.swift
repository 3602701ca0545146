/// Where mdadm's monitor reports a failed or degraded array (`alerts:` in the
/// plan): `MAILADDR` and `PROGRAM` in mdadm.conf, which `mdadm --monitor --scan`
/// (Debian's mdmonitor service) reads.
public struct Alerts: Sendable, Codable, Equatable {
    /// A mail address, or a local user such as `root`.
    public var mail: String?
    /// A program mdadm runs with the event, the array and the member: `PROGRAM /usr/local/sbin/md-alert`.
    public var program: String?

    public init(mail: String? = nil, program: String? = nil) {
        self.mail = mail
        self.program = program
    }

    /// The mdadm.conf lines, keyword first.
    public var confLines: [(keyword: String, line: String)] {
        [mail.map { ("MAILADDR", "MAILADDR \($0)") }, program.map { ("PROGRAM", "PROGRAM \($0)") }].compactMap { $0 }
    }

    /// For messages: `mail root@example.com, program /usr/local/sbin/md-alert`.
    public var described: String {
        [mail.map { "mail \($0)" }, program.map { "program \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }
}

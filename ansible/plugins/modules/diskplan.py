#!/usr/bin/python
"""Ansible module: plan or apply a diskplan plan on the managed host."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: diskplan
short_description: Plan and apply mirrored software-RAID disk layouts with diskplan
description:
  - Runs the C(diskplan) command on the managed host (typically a rescue system) to lay
    out its disks as a plan says, with identical partitions on every disk, paired into md arrays.
  - In check mode, and with O(state=planned), it runs C(diskplan plan --json) and writes
    nothing. C(changed) then says whether applying would change the disks, and the action
    list is the diff.
  - With O(state=applied) it runs C(diskplan apply --yes --json) and returns the arrays as
    the kernel reports them. A second run finds the disks holding the plan and reports no change.
  - Every error diskplan reports (a plan that does not fit, a disk holding what the plan does
    not describe, a failed command) fails the task with diskplan's own message.
options:
  plan:
    description:
      - The plan, as the path of a plan file (YAML) on the managed host, or as a mapping with
        the keys of a plan file (host, disks, arrays, guests, ...).
    type: raw
    required: true
  disks:
    description:
      - Disks that replace the plan's disks, in order (C(--disk)). Block devices or image files.
    type: list
    elements: str
    default: []
  wipe:
    description:
      - Disks whose partition table and signatures may be destroyed (C(--wipe)). Without it,
        a disk holding anything the plan does not describe is refused.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(planned) only plans (never writes, never changed); V(applied) makes the disks hold the plan.
    type: str
    choices: [planned, applied]
    default: applied
  mdadm_conf:
    description:
      - With O(state=applied), write mdadm.conf (ARRAY lines with UUIDs and names) to this path.
    type: path
  executable:
    description:
      - The diskplan binary, as a path or as a name looked up in PATH, /usr/sbin and /usr/local/sbin.
    type: str
    default: diskplan
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
notes:
  - The managed host needs diskplan (the release binary or the .deb) and, for apply, mdadm and mkfs.
"""

EXAMPLES = r"""
- name: Lay out the disks of a new VM host from a plan file on the controller
  diskplan.diskplan.diskplan:
    plan: "{{ lookup('ansible.builtin.file', 'plans/xen-host.yaml') | from_yaml }}"
    mdadm_conf: /mnt/etc/mdadm/mdadm.conf

- name: Only show what would change (also what --check does)
  diskplan.diskplan.diskplan:
    plan: /root/plan.yaml
    disks: [/dev/disk/by-id/nvme-A, /dev/disk/by-id/nvme-B]
    state: planned
"""

RETURN = r"""
pending:
  description: Whether the disks do not hold the plan yet (actions are pending).
  returned: always
  type: bool
actions:
  description: >-
    The planned actions (check mode, state planned), or the actions that ran (apply), each
    with kind, device and summary as diskplan's JSON gives them.
  returned: always
  type: list
  elements: dict
arrays:
  description: The arrays (md device, name, level, metadata, members, size_bytes, ...).
  returned: success
  type: list
  elements: dict
fstab:
  description: fstab lines for the host's formatted arrays (apply).
  returned: when state is applied and not in check mode
  type: list
  elements: str
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

INLINE_NAME = "plan (inline)"


def plan_file(module):
    """The plan's path: as given, or the inline mapping written as JSON (which is YAML)."""
    plan = module.params["plan"]
    if isinstance(plan, str):
        return plan, None
    if not isinstance(plan, dict):
        module.fail_json(msg="plan must be the path of a plan file or a mapping, not %s" % type(plan).__name__)
    path = os.path.join(module.tmpdir, "plan.yaml")
    with open(path, "w") as f:
        json.dump(plan, f, indent=2)  # one key per line: diskplan's line numbers stay useful
        f.write("\n")
    return path, path


def run(module, argv, inline):
    rc, out, err = module.run_command(argv, environ_update={"PARTED_GPT_APPLE": "0", "NO_COLOR": "1"})
    if inline:
        out, err = out.replace(inline, INLINE_NAME), err.replace(inline, INLINE_NAME)
    return rc, out, err


def diskplan_error(err, rc):
    text = err.strip()
    if text.startswith("diskplan: "):
        text = text[len("diskplan: "):]
    return text or "diskplan exited with status %d" % rc


def parse_json(module, text, what, result):
    try:
        return json.loads(text)
    except ValueError:
        module.fail_json(msg="diskplan printed no JSON for %s (is it older than this module?): %s" % (what, text[:200]), **result)


def diff_text(actions, heading):
    lines = [heading]
    for i, a in enumerate(actions, 1):
        lines.append("%3d. %s" % (i, a["summary"]))
        if a.get("argv"):
            lines.append("       $ " + " ".join(a["argv"]))
    return "\n".join(lines) + "\n"


def plan(module, base, inline, result):
    rc, out, err = run(module, base("plan") + ["--json"], inline)
    if rc not in (0, 2):
        module.fail_json(msg=diskplan_error(err, rc), rc=rc, **result)
    doc = parse_json(module, out, "plan --json", result)
    pending = rc == 2
    result.update(pending=pending, actions=doc["actions"], arrays=doc["arrays"], notes=doc["notes"])
    result["changed"] = pending and module.params["state"] == "applied"
    if pending and module._diff:
        result["diff"] = {"prepared": diff_text(doc["actions"], "diskplan would run %d action(s):" % len(doc["actions"]))}
    module.exit_json(**result)


def apply(module, base, inline, result):
    argv = base("apply") + ["--yes", "--json"]
    if module.params["mdadm_conf"]:
        argv += ["--mdadm-conf", module.params["mdadm_conf"]]
    rc, out, err = run(module, argv, inline)
    events = [parse_json(module, line, "apply --json", result) for line in out.splitlines() if line.strip()]
    done = [e for e in events if e.get("event") == "action"]
    result["actions"] = done
    if rc != 0:
        result["changed"] = any(e["state"] == "done" for e in done)
        module.fail_json(msg=diskplan_error(err, rc), rc=rc, **result)
    report = next((e for e in events if e.get("event") == "report"), None)
    if report is None:
        module.fail_json(msg="diskplan apply --json ended without its report", **result)
    if err.strip():  # what the admin must act on (an updated mdadm.conf, the initramfs to refresh)
        module.warn(err.strip())
    result.update(changed=report["changed"], pending=False, arrays=report["arrays"], fstab=report["fstab"])
    if report["changed"] and module._diff:
        result["diff"] = {"prepared": diff_text(done, "diskplan ran %d action(s):" % len(done))}
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            plan=dict(type="raw", required=True),
            disks=dict(type="list", elements="str", default=[]),
            wipe=dict(type="list", elements="str", default=[]),
            state=dict(type="str", choices=["planned", "applied"], default="applied"),
            mdadm_conf=dict(type="path"),
            executable=dict(type="str", default="diskplan"),
        ),
        supports_check_mode=True,
    )
    exe = module.params["executable"]
    if "/" not in exe:
        exe = module.get_bin_path(exe, required=True, opt_dirs=["/usr/sbin", "/usr/local/sbin"])
    elif not os.access(exe, os.X_OK):
        module.fail_json(msg="%s is not an executable diskplan" % exe)
    path, inline = plan_file(module)

    def base(command):
        argv = [exe, command, path]
        for d in module.params["disks"]:
            argv += ["--disk", d]
        for w in module.params["wipe"]:
            argv += ["--wipe", w]
        return argv

    result = dict(changed=False, pending=False, actions=[])
    if module.check_mode or module.params["state"] == "planned":
        plan(module, base, inline, result)
    apply(module, base, inline, result)


if __name__ == "__main__":
    main()

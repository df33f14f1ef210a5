"""Kubelet flags, found only where a kubelet reads them: a kubelet command line (a systemd unit's
ExecStart, a script, a container that runs the kubelet), a `KUBELET_*ARGS=` variable (kubeadm's
kubeadm-flags.env, /etc/default/kubelet, a drop-in's Environment=), EKS's bootstrap.sh
`--kubelet-extra-args`, and the flag maps of installers: kubeadm's `kubeletExtraArgs` (a map in
v1beta3, a list of name/value in v1beta4), RKE's `services.kubelet.extra_args`, Kubespray's
`kubelet_custom_flags`. Another program's `--cni-conf-dir` (Multus) is not the kubelet's."""

import re

from .manifests import Obj, Seq
from .walk import list_of, text_of

_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)(?:=|[ \t]+(?![-$\"']))?[\"']?([^\s\"',;\]}]*)")
_EXTRA_ARGS = re.compile(r"--kubelet-extra-args(?:=|[ \t]+)(?:'([^']*)'|\"([^\"]*)\"|(\S+))")
_VARIABLE = re.compile(r"\bKUBELET_[A-Z0-9_]*(?:ARGS|OPTS|FLAGS)[A-Z0-9_]*[ \t]*=[ \t]*(.*)")
_BINARY = re.compile(r"(?:^|[\s;&|\"'=(])((?:[^\s;&|\"'=(]*/)?(?:hyperkube[ \t]+)?kubelet)(?=[ \t]|$)(.*)")
MAX_JOINED = 200  # lines a backslash continuation or an open quote may join


def logical_lines(text, first_line):
    """(starts, text) of each logical line: backslash continuations and lines inside an open
    double quote joined; `starts` maps offsets in the joined text to line numbers. Comment lines
    are skipped."""
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        start, joined, starts = number, lines[number], [(0, first_line + number)]
        while (
            number + 1 < len(lines)
            and number - start < MAX_JOINED
            and (joined.endswith("\\") or joined.count('"') % 2 == 1)
        ):
            number += 1
            joined = (joined[:-1] if joined.endswith("\\") else joined) + " "
            starts.append((len(joined), first_line + number))
            joined += lines[number].strip()
        number += 1
        if not joined.lstrip().startswith("#"):
            yield starts, joined


def in_text(text, first_line):
    """(flag, value, line) of kubelet flags in a text: a file, a string of a manifest."""
    if "kubelet" not in text and "KUBELET" not in text:
        return
    for starts, line in logical_lines(text, first_line):
        for offset, segment in kubelet_segments(line):
            for flag, value, at in flags(segment):
                yield flag, value, next(n for o, n in reversed(starts) if o <= offset + at)


def kubelet_segments(line):
    """(offset, text) of the parts of one logical line that are kubelet arguments."""
    extra = _EXTRA_ARGS.search(line)
    if extra:
        group = next(n for n in (1, 2, 3) if extra.group(n) is not None)
        yield extra.start(group), extra.group(group)
        return
    variable = _VARIABLE.search(line)
    if variable:
        yield variable.start(1), variable.group(1)
        return
    for binary in _BINARY.finditer(line):
        # `kubelet`, `/usr/bin/kubelet`, `hyperkube kubelet`; not the folder `/var/lib/kubelet`.
        folder = binary.group(1).rpartition("/")[0]
        if folder in ("", ".") or folder.endswith("bin") or "hyperkube" in binary.group(1):
            yield binary.start(2), binary.group(2)
            return


def flags(segment):
    """(flag, value, offset) of each --flag in a text."""
    for match in _FLAG.finditer(segment):
        yield match.group(1), match.group(2), match.start()


def in_container(container):
    """Flags of a container that runs the kubelet itself (kind, RKE1, a static Pod)."""
    if "kubelet" not in container.programs and "hyperkube" not in container.programs:
        return
    for command_line in container.command_lines[:1]:
        for flag, value, _ in flags(command_line):
            yield flag, value, container.line


def in_flag_maps(value, parent=""):
    """Flags in installers' flag maps, anywhere in an object."""
    if isinstance(value, Obj):
        for key, child in value.items():
            if key == "kubeletExtraArgs" or (key == "extra_args" and parent == "kubelet"):
                yield from _map_flags(child, value.line_of(key))
            elif key in ("kubelet_custom_flags", "kubelet_node_custom_flags"):
                for item in list_of(child) or [child]:
                    for flag, flag_value, _ in flags(text_of(item)):
                        yield flag, flag_value, value.line_of(key)
            elif key not in ("managedFields", "status"):
                yield from in_flag_maps(child, key)
    elif isinstance(value, Seq):
        for child in value:
            yield from in_flag_maps(child, parent)


def _map_flags(args, line):
    if isinstance(args, Obj):  # kubeadm v1beta3, RKE: a map
        for name, flag_value in args.items():
            yield name.lstrip("-"), text_of(flag_value), args.line_of(name)
    elif isinstance(args, Seq):  # kubeadm v1beta4: a list of {name, value}
        for arg in args:
            if isinstance(arg, Obj):
                yield text_of(arg.get("name")).lstrip("-"), text_of(arg.get("value")), arg.line

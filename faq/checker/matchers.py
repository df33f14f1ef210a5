"""The checker's per-rule matchers: one function per rule type of content/checker_rules.yaml
(hostpath, container, env, config-text, field, kubelet-flag) that turns the parts walk.py
found into Findings."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from . import walk
from .manifests import Obj, Seq
from .walk import line_of, list_of, text_of, value_at

_SHELL_SPLIT = re.compile(r"[\s;&|()`'\"=<>]+")
_TRUE = {"true", "yes", "on", "y"}
_SNIPPET = 160


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: str  # where in the object, e.g. spec.template.spec.volumes[docker-sock]
    value: str  # what matched, e.g. /var/run/docker.sock
    line: int | None = None
    containers: tuple = ()  # containers concerned, e.g. ("agent", "init: fix-perms")


def hostpath_findings(spec, path, containers, rules):
    findings = []
    for volume in list_of(spec.get("volumes")):
        host_path = volume.get("hostPath") if isinstance(volume, Obj) else None
        if not isinstance(host_path, Obj):
            continue
        target = _normal_path(text_of(host_path.get("path")))
        name = text_of(volume.get("name"))
        for rule in _rules_of(rules, "hostpath"):
            if any(pattern.fullmatch(target) for pattern in rule.match.params["paths"]):
                users = tuple(label for label, _, c in containers if _mounts(c, name))
                location = f"{path}.volumes[{name}].hostPath.path"
                findings.append(_finding(rule, location, target, line_of(volume), users))
                break
    return findings


def container_findings(containers, rules):
    findings = []
    for label, location, container in containers:
        image = text_of(container.get("image"))
        words = set(
            _SHELL_SPLIT.split(
                " ".join(text_of(v) for key in ("command", "args") for v in list_of(container.get(key)))
            )
        )
        for rule in _rules_of(rules, "container"):
            params = rule.match.params
            hit = next((image for pattern in params.get("images", ()) if pattern.search(image)), None)
            if hit is None:
                hit = next((w for w in sorted(words) if _runs(w, params.get("programs", ()))), None)
            if hit is not None:
                privileged = text_of(value_at(container, "securityContext", "privileged")).lower() in _TRUE
                value = f"{hit} (privileged)" if privileged else hit
                findings.append(_finding(rule, location, value, line_of(container), (label,)))
    return findings


def _runs(word, programs):
    # `docker`, `/usr/bin/docker`; not `docker-entrypoint.sh`, `docker.io/...` or /var/lib/docker.
    return any(word == name or word.endswith(f"bin/{name}") for name in programs)


def env_findings(containers, rules):
    findings = []
    env_rules = _rules_of(rules, "env")
    for label, location, container in containers:
        for variable in list_of(container.get("env")):
            if not isinstance(variable, Obj):
                continue
            name, value = text_of(variable.get("name")), text_of(variable.get("value"))
            for rule in env_rules:
                params = rule.match.params
                if name in params.get("names", ()) or any(p.search(value) for p in params.get("values", ())):
                    where = f"{location}.env[{name}]"
                    findings.append(_finding(rule, where, f"{name}={value}", line_of(variable), (label,)))
                    break
    return findings


def config_findings(strings, rules):
    findings = []
    for rule in _rules_of(rules, "config-text"):
        for path, text, line in strings:
            match = _first_match(rule.match.params["patterns"], text)
            if match is not None:
                findings.append(_finding(rule, path, _snippet(text, match), line))
    return findings


def text_findings(text, first_line, rules):
    """Findings in a document that is not YAML (a kubeadm-flags.env, a systemd drop-in)."""
    strings = [(gettext("text"), text, first_line)]
    return config_findings(strings, rules) + flag_findings(text, first_line, None, rules)


def field_findings(obj, rules):
    findings = []
    kind = walk.identity(obj)[0]
    for rule in _rules_of(rules, "field"):
        params = rule.match.params
        if kind in params["kinds"]:
            value = text_of(value_at(obj, *params["path"].split(".")))
            if value and params["pattern"].search(value):
                findings.append(_finding(rule, params["path"], value, line_of(obj)))
    return findings


def flag_findings(text, first_line, value, rules):
    """One finding per kubelet flag a rule names: in --flag form, or in kubeletExtraArgs."""
    occurrences = list(_flags_in_text(text, first_line)) + list(_kubeadm_flags(value))
    findings, used = [], set()
    for rule in _rules_of(rules, "kubelet-flag"):
        params = rule.match.params
        for number, (flag, flag_value, line) in enumerate(occurrences):
            wanted = params.get("value")
            if number in used or flag not in params["flags"]:
                continue
            if wanted is not None and not wanted.fullmatch(flag_value):
                continue
            used.add(number)
            shown = f"--{flag}={flag_value}" if flag_value else f"--{flag}"
            if all(f.value != shown for f in findings):
                findings.append(_finding(rule, "kubelet", shown, line))
    return findings


_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)(?:=|[ \t]+(?!-))?[\"']?([^\s\"',;\]}]*)")


def _flags_in_text(text, first_line):
    for offset, line in enumerate(text.split("\n")):
        if line.lstrip().startswith("#"):
            continue
        for match in _FLAG.finditer(line):
            yield match.group(1), match.group(2), first_line + offset


def _kubeadm_flags(value):
    for _, obj in walk.objects(value):
        args = value_at(obj, "nodeRegistration", "kubeletExtraArgs")
        if isinstance(args, Obj):  # kubeadm v1beta3: a map
            for name, flag_value in args.items():
                yield name, text_of(flag_value), args.line
        elif isinstance(args, Seq):  # kubeadm v1beta4: a list of {name, value}
            for arg in args:
                if isinstance(arg, Obj):
                    yield text_of(arg.get("name")), text_of(arg.get("value")), arg.line


def _finding(rule, location, value, line, containers=()):
    return Finding(rule.id, rule.severity, location, value, line, containers)


def _rules_of(rules, kind):
    return [rule for rule in rules if rule.match.type == kind]


def _mounts(container, volume_name):
    mounts = list_of(container.get("volumeMounts"))
    return any(isinstance(m, Obj) and text_of(m.get("name")) == volume_name for m in mounts)


def _first_match(patterns, text):
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match
    return None


def _snippet(text, match):
    """The line of `text` that holds `match`, shortened to a readable length."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    line = text[start : end if end != -1 else len(text)].strip()
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1] + "…"


def _normal_path(path):
    path = re.sub(r"/+", "/", path.strip())
    return path.rstrip("/") or path

"""The "Am I affected?" checker: apply the rules of content/checker_rules.yaml to manifests read
by faq/manifests.py. Pure functions: text or bytes in, a Report out; nothing is stored."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from . import checker_rules, manifests
from .manifests import InputError, Obj, Seq

CONTAINER_KEYS = ("initContainers", "containers", "ephemeralContainers")
SEVERITY_ORDER = {severity: n for n, severity in enumerate(checker_rules.SEVERITIES)}
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # a copy of the whole object
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


@dataclass
class Workload:
    document: int  # 1-based position of the document in the input
    item: int | None  # 1-based position inside a List, or None
    line: int | None
    kind: str
    namespace: str
    name: str
    findings: list = field(default_factory=list)
    error: str = ""  # why the document could not be read (its raw text was still scanned)


@dataclass
class Report:
    workloads: list = field(default_factory=list)
    documents: int = 0
    objects: int = 0
    pod_templates: int = 0
    containers: int = 0
    error: str = ""  # the whole input was refused
    error_code: str = ""

    @property
    def findings(self):
        return [finding for workload in self.workloads for finding in workload.findings]

    @property
    def problems(self):
        return [workload for workload in self.workloads if workload.error]


def check(data, rules=None):
    """Check manifests given as text or bytes; never raises for bad input (see Report.error)."""
    rules = checker_rules.get_rules() if rules is None else rules
    report = Report()
    try:
        documents = manifests.read_documents(data)
    except InputError as exc:
        report.error, report.error_code = exc.message, exc.code
        return report
    report.documents = len(documents)
    for document in documents:
        for workload in _check_document(document, rules, report):
            workload.findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
            report.workloads.append(workload)
    return report


def _check_document(document, rules, report):
    if document.error:
        workload = Workload(document.index, None, document.line, "", "", "", error=document.error)
        workload.findings = _text_findings(document.text, document.start, rules)
        return [workload]
    objects = list(_objects(document.value))
    workloads = []
    for item, obj in objects:
        report.objects += 1
        workload = Workload(document.index, item, _line(obj) or document.line, *_identity(obj))
        workload.findings = _object_findings(obj, rules, report)
        workloads.append(workload)
    # Kubelet flags are found in the document's text, whatever shape it has.
    flags = _flag_findings(document.text, document.start, document.value, rules)
    if flags and workloads:
        workloads[0].findings.extend(flags)
    return workloads


def _objects(value):
    """(item number or None, object) for a document: one object, a `kind: *List`, or a list."""
    if isinstance(value, Obj) and _text(value.get("kind")).endswith("List") and "items" in value:
        value = value["items"]
    if isinstance(value, Seq):
        yield from enumerate(value, start=1)
    else:
        yield None, value


def _identity(obj):
    if not isinstance(obj, Obj):
        return "", "", ""
    metadata = obj.get("metadata")
    metadata = metadata if isinstance(metadata, Obj) else {}
    return _text(obj.get("kind")), _text(metadata.get("namespace")), _text(metadata.get("name"))


def _object_findings(obj, rules, report):
    findings = []
    pod_specs = list(_pod_specs(obj, ""))
    for path, spec in pod_specs:
        report.pod_templates += 1
        containers = list(_containers(spec, path))
        report.containers += len(containers)
        findings += _hostpath_findings(spec, path, containers, rules)
        findings += _container_findings(containers, rules)
        findings += _env_findings(containers, rules)
    skip = {id(spec) for _, spec in pod_specs}
    findings += _config_findings(list(_strings(obj, "", skip)), rules)
    findings += _field_findings(obj, rules)
    return findings


def _pod_specs(value, path):
    """(path, spec) of every Pod spec in an object: a mapping with a list of `containers`."""
    if isinstance(value, Obj):
        if isinstance(value.get("containers"), Seq):
            yield path or ".", value
            return
        for key, child in value.items():
            if key not in ("metadata", "status"):
                yield from _pod_specs(child, f"{path}.{key}" if path else key)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            yield from _pod_specs(child, f"{path}[{number}]")


def _containers(spec, path):
    """(label, location, container) for every container of a Pod spec; label names its kind."""
    prefixes = {"initContainers": "init: ", "ephemeralContainers": "ephemeral: ", "containers": ""}
    for key in CONTAINER_KEYS:
        for number, container in enumerate(_list(spec.get(key))):
            if isinstance(container, Obj):
                name = _text(container.get("name")) or str(number)
                yield prefixes[key] + name, f"{path}.{key}[{name}]", container


def _hostpath_findings(spec, path, containers, rules):
    findings = []
    for volume in _list(spec.get("volumes")):
        host_path = volume.get("hostPath") if isinstance(volume, Obj) else None
        if not isinstance(host_path, Obj):
            continue
        target = _normal_path(_text(host_path.get("path")))
        name = _text(volume.get("name"))
        for rule in _rules_of(rules, "hostpath"):
            if any(pattern.fullmatch(target) for pattern in rule.match.params["paths"]):
                users = tuple(label for label, _, c in containers if _mounts(c, name))
                location = f"{path}.volumes[{name}].hostPath.path"
                findings.append(_finding(rule, location, target, _line(volume), users))
                break
    return findings


def _container_findings(containers, rules):
    findings = []
    for label, location, container in containers:
        image = _text(container.get("image"))
        words = set(
            _SHELL_SPLIT.split(
                " ".join(_text(v) for key in ("command", "args") for v in _list(container.get(key)))
            )
        )
        for rule in _rules_of(rules, "container"):
            params = rule.match.params
            hit = next((image for pattern in params.get("images", ()) if pattern.search(image)), None)
            if hit is None:
                hit = next((w for w in sorted(words) if _runs(w, params.get("programs", ()))), None)
            if hit is not None:
                privileged = _text(_get(container, "securityContext", "privileged")).lower() in _TRUE
                value = f"{hit} (privileged)" if privileged else hit
                findings.append(_finding(rule, location, value, _line(container), (label,)))
    return findings


def _runs(word, programs):
    # `docker`, `/usr/bin/docker`; not `docker-entrypoint.sh`, `docker.io/...` or /var/lib/docker.
    return any(word == name or word.endswith(f"bin/{name}") for name in programs)


def _env_findings(containers, rules):
    findings = []
    env_rules = _rules_of(rules, "env")
    for label, location, container in containers:
        for variable in _list(container.get("env")):
            if not isinstance(variable, Obj):
                continue
            name, value = _text(variable.get("name")), _text(variable.get("value"))
            for rule in env_rules:
                params = rule.match.params
                if name in params.get("names", ()) or any(p.search(value) for p in params.get("values", ())):
                    where = f"{location}.env[{name}]"
                    findings.append(_finding(rule, where, f"{name}={value}", _line(variable), (label,)))
                    break
    return findings


def _strings(value, path, skip):
    """(path, text, line) of every string outside the Pod specs in `skip`."""
    if isinstance(value, Obj):
        if id(value) in skip:
            return
        for key, child in value.items():
            if key in ("managedFields", _LAST_APPLIED):
                continue
            child_path = f"{path}.{key}" if path else key
            if isinstance(child, str):
                yield child_path, child, value.line
            else:
                yield from _strings(child, child_path, skip)
    elif isinstance(value, Seq):
        for number, child in enumerate(value):
            if isinstance(child, str):
                yield f"{path}[{number}]", child, value.line
            else:
                yield from _strings(child, f"{path}[{number}]", skip)
    elif isinstance(value, str):
        yield path or ".", value, None


def _config_findings(strings, rules):
    findings = []
    for rule in _rules_of(rules, "config-text"):
        for path, text, line in strings:
            match = _first_match(rule.match.params["patterns"], text)
            if match is not None:
                findings.append(_finding(rule, path, _snippet(text, match), line))
    return findings


def _text_findings(text, first_line, rules):
    """Findings in a document that is not YAML (a kubeadm-flags.env, a systemd drop-in)."""
    strings = [(gettext("text"), text, first_line)]
    return _config_findings(strings, rules) + _flag_findings(text, first_line, None, rules)


def _field_findings(obj, rules):
    findings = []
    kind = _identity(obj)[0]
    for rule in _rules_of(rules, "field"):
        params = rule.match.params
        if kind in params["kinds"]:
            value = _text(_get(obj, *params["path"].split(".")))
            if value and params["pattern"].search(value):
                findings.append(_finding(rule, params["path"], value, _line(obj)))
    return findings


def _flag_findings(text, first_line, value, rules):
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
    for _, obj in _objects(value):
        args = _get(obj, "nodeRegistration", "kubeletExtraArgs")
        if isinstance(args, Obj):  # kubeadm v1beta3: a map
            for name, flag_value in args.items():
                yield name, _text(flag_value), args.line
        elif isinstance(args, Seq):  # kubeadm v1beta4: a list of {name, value}
            for arg in args:
                if isinstance(arg, Obj):
                    yield _text(arg.get("name")), _text(arg.get("value")), arg.line


def _finding(rule, location, value, line, containers=()):
    return Finding(rule.id, rule.severity, location, value, line, containers)


def _rules_of(rules, kind):
    return [rule for rule in rules if rule.match.type == kind]


def _mounts(container, volume_name):
    mounts = _list(container.get("volumeMounts"))
    return any(isinstance(m, Obj) and _text(m.get("name")) == volume_name for m in mounts)


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


def _get(value, *keys):
    for key in keys:
        if not isinstance(value, Obj):
            return None
        value = value.get(key)
    return value


def _list(value):
    return value if isinstance(value, Seq) else ()


def _text(value):
    return value if isinstance(value, str) else ""


def _line(value):
    return getattr(value, "line", None)


def describe(report, rules, lang):
    """The report as JSON-ready data, with each rule's texts in `lang` (Markdown source)."""
    by_id = {rule.id: rule for rule in rules}
    findings = report.findings
    return {
        "summary": {
            "documents": report.documents,
            "objects": report.objects,
            "pod_templates": report.pod_templates,
            "containers": report.containers,
            "findings": len(findings),
            **{
                severity: sum(f.severity == severity for f in findings)
                for severity in checker_rules.SEVERITIES
            },
            "unreadable_documents": len(report.problems),
        },
        "results": [_describe_workload(workload, by_id, lang) for workload in report.workloads],
        "rules_checked": [{"id": r.id, "severity": r.severity, "title": r.title[lang]} for r in rules],
    }


def _describe_workload(workload, by_id, lang):
    return {
        "document": workload.document,
        "item": workload.item,
        "line": workload.line,
        "kind": workload.kind,
        "namespace": workload.namespace,
        "name": workload.name,
        "error": workload.error or None,
        "findings": [
            {
                "rule": finding.rule,
                "severity": finding.severity,
                "title": by_id[finding.rule].title[lang],
                "explanation": by_id[finding.rule].explanation[lang],
                "fix": by_id[finding.rule].fix[lang],
                "faq": list(by_id[finding.rule].faq),
                "location": finding.location,
                "value": finding.value,
                "line": finding.line,
                "containers": list(finding.containers),
            }
            for finding in workload.findings
        ],
    }

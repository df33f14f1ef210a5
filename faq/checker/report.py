"""The "Am I affected?" checker: apply the rules of content/checker_rules.yaml to what
manifests.py reads. Pure functions: text, bytes or a stream in, a Report out; nothing is stored.
Pod specs come from shapes.py, kubelet flags from kubelet.py, the per-rule matchers from
matchers.py."""

import base64
import binascii
import dataclasses
import re
import textwrap
from dataclasses import dataclass, field

from django.utils.translation import gettext

from . import kubelet, manifests, matchers, shapes, walk
from .manifests import InputError, Obj
from .rules import SEVERITIES, get_rules

SEVERITY_ORDER = {severity: n for n, severity in enumerate(SEVERITIES)}
MAX_EMBEDDED_DEPTH = 3  # a JCasC pod template in a Helm values string in a ConfigMap
_OWNED_KINDS = {"DaemonSet", "StatefulSet", "ReplicaSet", "Job", "Deployment", "CronJob"}


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
    notes: list = field(default_factory=list)  # how it was read: "a template: ...", "a systemd unit"
    owner: tuple = ()  # (kind, name) of the controller of a Pod
    pods: int = 0  # Pods of this workload in the input whose findings are the same as its own

    @property
    def worst(self):
        return min((SEVERITY_ORDER[f.severity] for f in self.findings), default=len(SEVERITY_ORDER))


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


def check(data, rules=None, name=""):
    """Check manifests given as text or bytes (the page, the API); never raises for bad input
    (see Report.error). `name` is the file name, which can say the format (a .conf drop-in)."""
    run = _Run(get_rules() if rules is None else rules)
    try:
        documents = manifests.read_documents(data, name, manifests.PASTE)
    except InputError as exc:
        return run.refuse(exc)
    return run.read(documents)


def check_stream(stream, name="", rules=None):
    """Check a binary stream (a file, stdin) read document by document (the command)."""
    run = _Run(get_rules() if rules is None else rules)
    try:
        return run.read(manifests.read_stream(stream, name, manifests.FILE))
    except InputError as exc:
        return run.refuse(exc)


class _Run:
    def __init__(self, rules):
        self.rules = rules
        self.contexts = getattr(rules, "contexts", {})
        self.report = Report()
        self.configs = {}  # ("ConfigMap" | "Secret", name) -> names of contexts its text shows
        self.pending = []  # (workload, waiting, decided) of volumes whose rule waits for configs
        self.budget = manifests.Budget(manifests.MAX_NODES)  # configs held in strings
        self.seen = set()

    def refuse(self, exc):
        self.report.error, self.report.error_code = exc.message, exc.code
        return self.report

    def read(self, documents):
        for document in documents:
            if document.index not in self.seen:
                self.seen.add(document.index)
                self.report.documents += 1
            for workload in self._document(document):
                self.report.workloads.append(workload)
        self._finish()
        return self.report

    def _document(self, document):
        if document.error or document.value is None:
            workload = Workload(
                document.index, document.item, document.line, "", "", "", error=document.error
            )
            workload.notes = list(document.notes)
            if document.text:
                text = document.text
                for start, end, value in _yaml_blocks(text, document.start, self.budget):
                    workload.findings += self._object(value, workload, 1, "yaml")
                    text = text[:start] + "\n" * text.count("\n", start, end) + text[end:]
                workload.findings += self._text_findings(text, document.start)
            if document.format == "text" and not document.error:
                workload.notes.append(gettext("read as text (not YAML)"))
            return [workload]
        workloads = []
        for item, obj in walk.objects(document.value):
            self.report.objects += 1
            line = getattr(obj, "line", None) or document.line
            workload = Workload(document.index, document.item or item, line, *walk.identity(obj))
            workload.notes = list(document.notes)
            workload.owner = _owner(obj)
            workload.findings = self._object(obj, workload, 0, "")
            if document.format in ("json", "toml"):
                workload.findings = [_located(f, document, workload.line) for f in workload.findings]
            workloads.append(workload)
        return workloads

    def _object(self, obj, workload, depth, prefix):
        if _is_compose(obj):
            workload.notes.append(gettext("a Docker Compose file: it runs on Docker, not on Kubernetes"))
            return []
        api_version = walk.text_of(obj.get("apiVersion")) if isinstance(obj, Obj) else ""
        if any(p.search(api_version) for p in getattr(self.rules, "policies", ())):
            workload.notes.append(gettext("a policy: the paths it names are what it allows or forbids"))
            return []
        findings = []
        specs = shapes.pod_specs(obj)
        for spec in specs:
            self.report.pod_templates += 1
            self.report.containers += len(spec.containers)
            pending = []
            findings += matchers.hostpath_findings(spec, self.rules, self.contexts, self.configs, pending)
            self.pending += [(workload, waiting, decided, prefix) for waiting, decided in pending]
            findings += matchers.container_findings(spec, self.rules, self.contexts)
            findings += matchers.env_findings(spec, self.rules, self.contexts)
            for container in spec.containers:
                occurrences = list(kubelet.in_container(container))
                findings += matchers.flag_findings(occurrences, self.rules, container.location)
        skip = {id(node) for spec in specs for node in spec.claimed if node is not None}
        strings = list(walk.strings(obj, "", skip)) + _secret_strings(obj)
        kind, _, name = walk.identity(obj)
        if depth == 0 and kind in ("ConfigMap", "Secret"):
            texts = [text for _, text, _ in strings]
            self.configs[(kind, name)] = matchers.config_contexts(texts, self.contexts)
        plain = []
        for path, text, line in strings:
            embedded = None
            if depth < MAX_EMBEDDED_DEPTH and "\n" in text.strip():
                self.budget.limit += len(text) // 4
                embedded = manifests.parse_embedded(text, line or 1, self.budget)
            if embedded is not None:
                findings += self._object(embedded, workload, depth + 1, _join(prefix, path))
            else:
                plain.append((path, text, line))
        findings += matchers.config_findings(plain, self.rules)
        occurrences = [o for _, text, line in plain for o in kubelet.in_text(text, line or 1)]
        occurrences += list(kubelet.in_flag_maps(obj))
        findings += matchers.flag_findings(occurrences, self.rules, "kubelet")
        findings += matchers.key_findings(obj, self.rules)
        findings += matchers.field_findings(obj, self.rules)
        findings = _superseded(findings, self.rules)
        if prefix:
            findings = [dataclasses.replace(f, location=_join(prefix, f.location)) for f in findings]
        return findings

    def _text_findings(self, text, first_line):
        strings = [(matchers.text_location(), text, first_line)]
        findings = matchers.config_findings(strings, self.rules)
        occurrences = list(kubelet.in_text(text, first_line))
        return findings + matchers.flag_findings(occurrences, self.rules, "kubelet")

    def _finish(self):
        for workload, waiting, decided, prefix in self.pending:
            finding = matchers.resolve(waiting, decided, self.configs)
            if finding is not None:
                if prefix:
                    finding = dataclasses.replace(finding, location=_join(prefix, finding.location))
                workload.findings.append(finding)
        self.report.workloads = _fold_pods(self.report.workloads)
        for workload in self.report.workloads:
            workload.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.line or 0))


_QUOTED_BLOCK = re.compile(r"(?s)'''(.*?)'''|\"\"\"(.*?)\"\"\"")


def _yaml_blocks(text, first_line, budget):
    """(start, end, value) of the YAML held in triple quotes in a text file: a Jenkinsfile's
    pod template (`yaml '''...'''`)."""
    if "'''" not in text and '"""' not in text:
        return
    for match in _QUOTED_BLOCK.finditer(text):
        group = 1 if match.group(1) is not None else 2
        block = textwrap.dedent(match.group(group))
        if "\n" not in block.strip():
            continue
        budget.limit += len(block) // 4
        line = first_line + text.count("\n", 0, match.start(group))
        value = manifests.parse_embedded(block, line, budget)
        if value is not None:
            yield match.start(), match.end(), value


def _join(prefix, path):
    return f"{prefix} > {path}" if prefix else path


def _superseded(findings, rules):
    by_id = {rule.id: rule for rule in rules}
    dropped = {other for f in findings for other in by_id[f.rule].supersedes}
    return [f for f in findings if f.rule not in dropped]


def _secret_strings(obj):
    """A Secret's `data`, base64-decoded when it is text: charts keep agent configs there."""
    if walk.identity(obj)[0] != "Secret" or not isinstance(obj.get("data"), Obj):
        return []
    found = []
    for key, value in obj["data"].items():
        try:
            text = base64.b64decode(walk.text_of(value), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        found.append((f"data.{key}", text, obj["data"].line_of(key)))
    return found


def _is_compose(obj):
    services = obj.get("services") if isinstance(obj, Obj) else None
    return (
        isinstance(services, Obj)
        and "apiVersion" not in obj
        and "kind" not in obj
        and bool(services)
        and all(isinstance(s, Obj) and ("image" in s or "build" in s) for s in services.values())
    )


def _owner(obj):
    metadata = obj.get("metadata") if isinstance(obj, Obj) else None
    if walk.identity(obj)[0] != "Pod" or not isinstance(metadata, Obj):
        return ()
    for reference in walk.list_of(metadata.get("ownerReferences")):
        if isinstance(reference, Obj) and walk.text_of(reference.get("controller")) == "true":
            return walk.text_of(reference.get("kind")), walk.text_of(reference.get("name"))
    return ()


def _fold_pods(workloads):
    """A live cluster's Pods repeat the findings of the DaemonSet or Deployment that made them:
    those are counted on the owner (`pods`) instead of listed again."""
    owners = {(w.kind, w.namespace, w.name): w for w in workloads if w.kind in _OWNED_KINDS}
    kept = []
    for workload in workloads:
        owner = _owner_of(workload, owners)
        if owner is None:
            kept.append(workload)
            continue
        known = {(f.rule, f.value) for f in owner.findings}
        extra = [f for f in workload.findings if (f.rule, f.value) not in known]
        owner.pods += 1
        if extra or workload.error:
            workload.findings = extra
            kept.append(workload)
    return kept


def _owner_of(workload, owners):
    if not workload.owner:
        return None
    kind, name = workload.owner
    owner = owners.get((kind, workload.namespace, name))
    if owner is None and kind == "ReplicaSet":  # a Deployment's Pods: <deployment>-<hash>
        base = name.rsplit("-", 1)[0]
        owner = owners.get(("Deployment", workload.namespace, base))
    return owner


def _located(finding, document, fallback):
    """A finding of a JSON or TOML document, which has no lines: the line where its value is."""
    if finding.line is not None:
        return finding
    needle = finding.value.split(" (", 1)[0].split("=", 1)[-1].strip() or finding.value
    position = document.text.find(needle) if document.text else -1
    line = document.start + document.text.count("\n", 0, position) if position >= 0 else fallback
    return dataclasses.replace(finding, line=line)


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
            **{severity: sum(f.severity == severity for f in findings) for severity in SEVERITIES},
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
        "notes": workload.notes,
        "pods": workload.pods,
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

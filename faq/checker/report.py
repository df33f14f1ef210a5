"""The "Am I affected?" checker: apply the rules of content/checker_rules.yaml to manifests read
by manifests.py. Pure functions: text or bytes in, a Report out; nothing is stored.
Walking the manifests lives in walk.py, the per-rule matchers in matchers.py."""

from dataclasses import dataclass, field

from . import manifests, matchers, walk
from .manifests import InputError
from .rules import SEVERITIES, get_rules

SEVERITY_ORDER = {severity: n for n, severity in enumerate(SEVERITIES)}


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
    rules = get_rules() if rules is None else rules
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
        workload.findings = matchers.text_findings(document.text, document.start, rules)
        return [workload]
    objects = list(walk.objects(document.value))
    workloads = []
    for item, obj in objects:
        report.objects += 1
        workload = Workload(document.index, item, walk.line_of(obj) or document.line, *walk.identity(obj))
        workload.findings = _object_findings(obj, rules, report)
        workloads.append(workload)
    # Kubelet flags are found in the document's text, whatever shape it has.
    flags = matchers.flag_findings(document.text, document.start, document.value, rules)
    if flags and workloads:
        workloads[0].findings.extend(flags)
    return workloads


def _object_findings(obj, rules, report):
    findings = []
    pod_specs = list(walk.pod_specs(obj, ""))
    for path, spec in pod_specs:
        report.pod_templates += 1
        containers = list(walk.containers(spec, path))
        report.containers += len(containers)
        findings += matchers.hostpath_findings(spec, path, containers, rules)
        findings += matchers.container_findings(containers, rules)
        findings += matchers.env_findings(containers, rules)
    skip = {id(spec) for _, spec in pod_specs}
    findings += matchers.config_findings(list(walk.strings(obj, "", skip)), rules)
    findings += matchers.field_findings(obj, rules)
    return findings


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

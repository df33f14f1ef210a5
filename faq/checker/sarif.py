"""Checker results as SARIF 2.1.0, the format CI code-scanning views read (GitHub code scanning,
GitLab, Azure DevOps): one run, the rules as the driver's rules, one result per finding located
by file and line, and a tool notification per input that could not be read."""

from pathlib import PurePath
from urllib.parse import quote

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"high": "error", "medium": "warning", "low": "note"}
INFORMATION_URI = "https://kubernetes.io/blog/2022/02/17/dockershim-faq/"


def document(files, rules, lang, base_uri=None):
    """`files` is [(path, report or None, error)] as check_manifests collects them."""
    index = {rule.id: number for number, rule in enumerate(rules)}
    results, notifications = [], []
    for path, report, error in files:
        uri = artifact_uri(path)
        if error:
            notifications.append(_notification(uri, error))
        if report is None:
            continue
        for workload in report.workloads:
            if workload.error:
                notifications.append(_notification(uri, workload.error, workload.line))
            name = "/".join(x for x in (workload.namespace, workload.name) if x)
            subject = f"{workload.kind} {name}".strip() if workload.kind or name else ""
            for finding in workload.findings:
                rule = rules[index[finding.rule]]
                text = rule.title[lang]
                results.append(
                    {
                        "ruleId": finding.rule,
                        "ruleIndex": index[finding.rule],
                        "level": LEVELS[finding.severity],
                        "message": {
                            "text": f"{text}: {finding.value}" + (f" ({subject})" if subject else "")
                        },
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": uri,
                                        **({"uriBaseId": "%SRCROOT%"} if _relative(uri) else {}),
                                    },
                                    "region": {"startLine": max(1, finding.line or workload.line or 1)},
                                },
                                "logicalLocations": [
                                    {"name": subject or uri, "fullyQualifiedName": finding.location}
                                ],
                            }
                        ],
                        "partialFingerprints": {
                            "checker/v1": f"{finding.rule}:{uri}:{subject}:{finding.value}"
                        },
                    }
                )
    run = {
        "tool": {
            "driver": {
                "name": "dockershim-checker",
                "informationUri": INFORMATION_URI,
                "semanticVersion": "1.0.0",
                "rules": [_rule(rule, lang) for rule in rules],
            }
        },
        "results": results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    if base_uri:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": base_uri}}
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _rule(rule, lang):
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title[lang]},
        "fullDescription": {"text": rule.explanation[lang]},
        "help": {"text": rule.fix[lang], "markdown": rule.fix[lang]},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"severity": rule.severity, "tags": ["dockershim"]},
    }


def _notification(uri, message, line=None):
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
    if line:
        location["physicalLocation"]["region"] = {"startLine": line}
    return {"level": "error", "message": {"text": message}, "locations": [location]}


def artifact_uri(path):
    """A relative URI reference with forward slashes (what code scanning matches against the
    repository), percent-encoded; stdin is `stdin`."""
    text = str(path)
    if text == "-":
        return "stdin"
    pure = PurePath(text)
    return quote(pure.as_posix(), safe="/:")


def _relative(uri):
    return uri != "stdin" and not uri.startswith("/")

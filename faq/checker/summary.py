"""A checker report as Markdown, to paste into a ticket: a summary per workload (high first),
then each finding with what to do. The page's "Copy as Markdown" and `check_manifests --format
markdown` give the same text."""

from django.utils.translation import gettext, ngettext

from .rules import SEVERITIES


def report(sources, rules, lang):
    """`sources` is [(label, Report)]: each pasted text, uploaded or checked file."""
    by_id = {rule.id: rule for rule in rules}
    lines = [f"# {gettext('Dockershim check')}", ""]
    for label, result in sources:
        lines += [f"## {_escape(label)}", ""]
        if result.error:
            lines += [result.error, ""]
            continue
        affected = sorted(
            (w for w in result.workloads if w.findings), key=lambda w: (w.worst, -len(w.findings))
        )
        if not affected:
            lines += [
                gettext("Nothing found: no dependency on Docker Engine or dockershim in what you checked."),
                "",
            ]
        else:
            lines += [
                f"| {gettext('Workload')} | {gettext('high')} | {gettext('medium')} | {gettext('low')} |",
                "| --- | ---: | ---: | ---: |",
            ]
            for workload in affected:
                counts = [sum(f.severity == s for f in workload.findings) for s in SEVERITIES]
                lines.append(f"| {_escape(title(workload))} | " + " | ".join(str(n) for n in counts) + " |")
            lines.append("")
        for workload in affected:
            lines += [f"### {_escape(title(workload))}", ""]
            if workload.pods:
                lines += [
                    ngettext(
                        "The same in %(n)s running Pod of it.",
                        "The same in %(n)s running Pods of it.",
                        workload.pods,
                    )
                    % {"n": workload.pods},
                    "",
                ]
            for finding in workload.findings:
                rule = by_id[finding.rule]
                where = f"{finding.location}" + (
                    f", {gettext('line')} {finding.line}" if finding.line else ""
                )
                lines.append(
                    f"- **{finding.severity}** {_escape(rule.title[lang])} (`{finding.rule}`): "
                    f"`{_code(finding.value)}` — {_escape(where)}"
                )
                lines.append(f"  - {gettext('What to do')}: {rule.fix[lang]}")
            lines.append("")
        problems = [w for w in result.workloads if w.error]
        if problems:
            lines += [f"### {gettext('Documents that could not be read')}", ""]
            lines += [
                f"- {gettext('document')} {w.document} ({gettext('line')} {w.line}): {w.error}"
                for w in problems
            ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def title(workload):
    name = "/".join(x for x in (workload.namespace, workload.name) if x)
    kind = workload.kind or gettext("Document")
    where = gettext("document %(n)s") % {"n": workload.document}
    if workload.item:
        where += ", " + gettext("item %(n)s") % {"n": workload.item}
    return f"{kind} {name} ({where})" if name else f"{kind} ({where})"


def _escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text):
    return text.replace("`", "'")

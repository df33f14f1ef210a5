"""The "Am I affected?" checker's page (/<lang>/check/, a POST form that works without
JavaScript; faq/api/check.py is its JSON endpoint). Nothing posted is stored or logged."""

from django import forms
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..content import loader
from . import manifests, summary
from .report import Report, check
from .rules import SEVERITIES, get_rules

# Form fields and multipart boundaries around the manifests themselves.
MAX_REQUEST_BYTES = manifests.MAX_INPUT_BYTES + 64 * 1024


class CheckForm(forms.Form):
    manifests = forms.CharField(
        label=gettext_lazy("Paste manifests"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(label=gettext_lazy("or upload a file"), required=False)

    def results(self, rules):
        """[(label, Report)]: the pasted text, then the uploaded file, whose name can say its
        format (a .conf drop-in, a config.toml)."""
        found = []
        if self.cleaned_data["manifests"].strip():
            found.append((gettext("Pasted text"), check(self.cleaned_data["manifests"], rules)))
        upload = self.cleaned_data["file"]
        if upload and upload.size > manifests.MAX_INPUT_BYTES:
            message = manifests.too_large_message(upload.size)  # the file's size, not what was read
            found.append((upload.name, Report(error=message, error_code="too-large")))
        elif upload:
            found.append((upload.name, check(upload.read(manifests.MAX_INPUT_BYTES + 1), rules, upload.name)))
        return found


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_page(request):
    if request.method != "POST":
        return _page(request, CheckForm())
    if too_big(request):
        return _page(
            request, CheckForm(), error=manifests.too_large_message(body_length(request)), status=413
        )
    try:
        form = CheckForm(request.POST, request.FILES)
        valid = form.is_valid()
    except MultiPartParserError:
        return _page(request, CheckForm(), error=gettext("The upload could not be read."), status=400)
    if not valid:
        return _page(request, form, error=gettext("The form has errors; see below."), status=400)
    rules = get_rules()
    results = form.results(rules)
    if not results:
        return _page(request, form, error=gettext("Paste manifests or choose a file to check."), status=400)
    status = max((status_of(report) for _, report in results), default=200)
    shown = [present(number, label, r, rules) for number, (label, r) in enumerate(results, start=1)]
    markdown = summary.report(results, rules, get_language())
    return _page(request, form, results=shown, markdown=markdown, status=status)


def _page(request, form, *, results=None, markdown="", error="", status=200):
    context = {
        "form": form,
        "results": results,
        "overview": _overview(results or []),
        "verdict": _verdict(results or []),
        "markdown": markdown,
        "error": error,
        "rules": get_rules(),
        "max_kb": manifests.MAX_INPUT_BYTES // 1000,
    }
    return render(request, "checker/check.html", context, status=status)


def present(number, label, report, rules):
    """What the page shows for one checked source: the workloads with findings, worst first,
    each finding joined with its rule and links."""
    lang = get_language()
    by_id = {rule.id: rule for rule in rules}
    wizard = _wizard_url()
    workloads = []
    for index, workload in enumerate(report.workloads, start=1):
        findings = [
            {"finding": f, "rule": by_id[f.rule], "links": _links(by_id[f.rule], lang, wizard)}
            for f in workload.findings
        ]
        counts = [sum(f.severity == severity for f in workload.findings) for severity in SEVERITIES]
        workloads.append(
            {
                "workload": workload,
                "findings": findings,
                "anchor": f"check-{number}-{index}",
                "title": summary.title(workload),
                "counts": counts,
            }
        )
    affected = sorted((w for w in workloads if w["findings"]), key=_worst_first)
    return {
        "label": label,
        "report": report,
        "affected": affected,
        "clean": [w["workload"] for w in workloads if not w["findings"] and not w["workload"].error],
        "problems": [w for w in workloads if w["workload"].error and not w["findings"]],
    }


def _worst_first(item):
    return (item["workload"].worst, [-n for n in item["counts"]], item["workload"].document)


def _overview(results):
    """The summary at the top: every workload with findings, of every source, high first."""
    rows = [{"label": r["label"], **item} for r in results for item in r["affected"]]
    return sorted(rows, key=_worst_first)


def _verdict(results):
    """The answer at the top of the results: affected (how many workloads), not affected, or
    not affected as far as it could tell when some source could not be read."""
    workloads = sum(len(r["affected"]) for r in results)
    unreadable = sum(1 for r in results if r["report"].error)
    kind = "found" if workloads else "partial" if unreadable else "clean"
    return {"kind": kind, "workloads": workloads, "unreadable": unreadable}


def _links(rule, lang, wizard):
    store = loader.get_store()
    links = []
    for entry_id in rule.faq:
        entry = store.get_entry(lang, entry_id)
        if entry is not None:
            links.append((entry.title, reverse("entry-detail", args=[entry_id])))
    if "crictl" in rule.pages:
        links.append((gettext("docker → crictl reference"), reverse("crictl-reference")))
    if "wizard" in rule.pages and wizard:
        links.append((gettext("Which runtime should I move to? (wizard)"), wizard))
    return links


def _wizard_url():
    try:
        return reverse("wizard")
    except NoReverseMatch:  # the wizard is optional for the checker
        return ""


def status_of(report):
    if report.error_code == "too-large":
        return 413
    return 400 if report.error else 200


def body_length(request):
    return int(request.META.get("CONTENT_LENGTH") or 0)  # digits: faq.requestbody checked it


def too_big(request):
    return body_length(request) > MAX_REQUEST_BYTES

"""The "Am I affected?" checker: the page (/<lang>/check/, a POST form that works without
JavaScript) and the JSON endpoint (/api/v1/check). Nothing posted is stored or logged."""

import json

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext, gettext_lazy, override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..content import loader
from ..portal import errors
from . import manifests
from .report import check, describe
from .rules import get_rules

# Form fields and multipart boundaries around the manifests themselves.
MAX_REQUEST_BYTES = manifests.MAX_BYTES + 64 * 1024
RAW_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


class CheckForm(forms.Form):
    manifests = forms.CharField(
        label=gettext_lazy("Paste manifests"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(label=gettext_lazy("or upload a file"), required=False)

    def sources(self):
        """[(label, data)] to check: the pasted text, then the uploaded file."""
        found = []
        if self.cleaned_data["manifests"].strip():
            found.append((gettext("Pasted text"), self.cleaned_data["manifests"]))
        upload = self.cleaned_data["file"]
        if upload:
            found.append((upload.name, upload.read(manifests.MAX_BYTES + 1)))
        return found


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def check_page(request):
    if request.method != "POST":
        return _page(request, CheckForm())
    if _too_big(request):
        return _page(request, CheckForm(), error=manifests.too_large_message(_length(request)), status=413)
    try:
        form = CheckForm(request.POST, request.FILES)
        valid = form.is_valid()
    except MultiPartParserError:
        return _page(request, CheckForm(), error=gettext("The upload could not be read."), status=400)
    if not valid:
        return _page(request, form, error=gettext("The form has errors; see below."), status=400)
    sources = form.sources()
    if not sources:
        return _page(request, form, error=gettext("Paste manifests or choose a file to check."), status=400)
    rules = get_rules()
    results = [(label, check(data, rules)) for label, data in sources]
    status = max((_status(report) for _, report in results), default=200)
    return _page(request, form, results=[present(label, r, rules) for label, r in results], status=status)


def _page(request, form, *, results=None, error="", status=200):
    context = {
        "form": form,
        "results": results,
        "error": error,
        "rules": get_rules(),
        "max_kb": manifests.MAX_BYTES // 1000,
    }
    return render(request, "checker/check.html", context, status=status)


def present(label, report, rules):
    """What the page shows for one checked source: findings joined with their rule and links."""
    lang = get_language()
    by_id = {rule.id: rule for rule in rules}
    wizard = _wizard_url()
    workloads = []
    for workload in report.workloads:
        findings = [
            {"finding": f, "rule": by_id[f.rule], "links": _links(by_id[f.rule], lang, wizard)}
            for f in workload.findings
        ]
        workloads.append({"workload": workload, "findings": findings})
    return {
        "label": label,
        "report": report,
        "affected": [w for w in workloads if w["findings"]],
        "clean": [w["workload"] for w in workloads if not w["findings"] and not w["workload"].error],
        "problems": [w for w in workloads if w["workload"].error and not w["findings"]],
    }


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


def _status(report):
    if report.error_code == "too-large":
        return 413
    return 400 if report.error else 200


def _length(request):
    return int(request.META.get("CONTENT_LENGTH") or 0)  # digits: faq.requestbody checked it


def _too_big(request):
    return _length(request) > MAX_REQUEST_BYTES


# The endpoint changes nothing and uses no cookies, so a cross-site POST gains nothing: no CSRF
# token, which lets scripts and CI jobs call it.
@csrf_exempt
@never_cache
def api_check(request):
    lang = request.GET.get("lang", "en")
    if lang not in dict(settings.LANGUAGES):
        return errors.json_error("bad-lang", "lang must be en or ja", 400)
    with override(lang):
        if request.method != "POST":
            response = errors.json_error("method", gettext("Use POST."), 405)
            response["Allow"] = "POST"
            return response
        if _too_big(request):
            return errors.json_error("too-large", manifests.too_large_message(_length(request)), 413)
        try:
            data = _api_input(request)
        except ValueError as exc:
            return errors.json_error("bad-request", str(exc), 400)
        rules = get_rules()
        report = check(data, rules)
        if report.error:
            return errors.json_error(report.error_code, report.error, _status(report))
        return JsonResponse({"lang": lang, **describe(report, rules, lang)})


def _api_input(request):
    content_type = request.content_type or ""
    if content_type in RAW_TYPES:
        return request.body
    if content_type != "application/json":
        raise ValueError(
            gettext('Send JSON {"manifests": "..."} or raw YAML (Content-Type: application/yaml).')
        )
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError):
        raise ValueError(gettext("The body is not valid JSON.")) from None
    if not isinstance(body, dict) or not isinstance(body.get("manifests"), str):
        raise ValueError(gettext('The JSON body needs a "manifests" string.'))
    return body["manifests"]

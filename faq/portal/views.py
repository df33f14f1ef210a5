"""The portal's views: "Was this helpful?" (a plain POST form that also answers fetch() with JSON),
Django's CSRF rejection, and the language switch."""

from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from .. import audience
from ..content import loader
from . import errors, feedback
from .models import COMMENT_MAX

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
RETRY_AFTER = {429: "600", 503: "60"}


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    comment = forms.CharField(required=False, max_length=COMMENT_MAX, strip=True)


def _bad_request(request):
    """Why the POST is malformed (a message), or "" if it can go to the form."""
    if request.content_type not in FORM_TYPES:
        return gettext("Send the feedback as a form.")
    if any(len(request.POST.getlist(name)) > 1 for name in ("helpful", "comment")):
        return gettext("Each field may be sent only once.")
    return ""


def _answer(request, status, message, entry=None):
    """JSON for fetch() (which asks for it), otherwise a small page in the reader's language."""
    if errors.wants_json(request):
        key = "message" if status < 400 else "error"
        response = JsonResponse({key: message}, status=status)
    else:
        context = {"message": message, "entry": entry, "failed": status >= 400}
        response = render(request, "portal/feedback_result.html", context, status=status)
    if status in RETRY_AFTER:
        response["Retry-After"] = RETRY_AFTER[status]
    return response


def _unknown_entry(request):
    return _answer(request, 404, gettext("There is no such question to give feedback on."))


@require_POST
def entry_feedback(request, entry_id):
    entry = loader.get_store(audience.is_staff(request)).get_entry(get_language(), entry_id)
    if entry is None:
        return _unknown_entry(request)
    problem = _bad_request(request)
    form = FeedbackForm(request.POST)
    if problem or not form.is_valid():
        message = problem or gettext("Choose “Yes” or “No”; a comment may have up to 1,000 characters.")
        return _answer(request, 400, message, entry)
    visitor = feedback.visitor_id(request) or feedback.new_visitor_id()
    try:
        created = feedback.record_vote(
            entry_id=entry.id,
            lang=entry.lang,
            visitor=visitor,
            client=feedback.client_hash(request),
            helpful=form.cleaned_data["helpful"] == "yes",
            comment=form.cleaned_data["comment"],
        )
    except feedback.RateLimited:
        return _answer(
            request, 429, gettext("You have sent a lot of feedback; please try again later."), entry
        )
    except DatabaseError:
        return _answer(
            request,
            503,
            gettext("Your feedback could not be saved right now; please try again later."),
            entry,
        )
    if errors.wants_json(request):
        message = (
            gettext("Thank you for your feedback.")
            if created
            else gettext("Thank you: your answer was updated.")
        )
        response = _answer(request, 201 if created else 200, message)
    else:
        response = HttpResponseRedirect(reverse("entry-feedback-thanks", args=[entry.id]), status=303)
    feedback.remember_visitor(response, visitor)
    return response


@require_GET
def entry_feedback_thanks(request, entry_id):
    entry = loader.get_store(audience.is_staff(request)).get_entry(get_language(), entry_id)
    if entry is None:
        return _unknown_entry(request)
    return _answer(request, 200, gettext("Thank you for your feedback."), entry)


@require_GET
def switch_language(request, lang):
    """Remember the reader's choice in the language cookie, then go to the page in that language."""
    if lang not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if not (safe and target.startswith(f"/{lang}/")):
        target = f"/{lang}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response

"""Thin views of the runtime wizard: map request.GET to evaluate.evaluate() and render the step,
the result, the whole tree, or a 400 page that links back to the first valid step."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import audience
from ..content import loader
from . import evaluate, plan
from .checks import longest
from .tree import get_tree

# What went wrong, for the 400 page; `code` comes from evaluate.InvalidAnswers.
INVALID_MESSAGES = {
    "too-long": _("The address holds more answers than this wizard has questions."),
    "bad-value": _("The address contains characters that cannot be an answer."),
    "unknown-question": _("The address answers a question this wizard does not ask (it may have changed)."),
    "repeated": _("The address gives the same question more than one answer."),
    "unknown-option": _("One answer in the address is not one of the question's options."),
    "not-reached": _("The address answers a question that your earlier answers do not lead to."),
    "bad-edit": _("The address asks to change an answer that was never given."),
    "too-many-pools": _("The address holds more node pools than one plan can show."),
    "bad-pool": _("One of the earlier node pools in the address is not a finished set of answers."),
}


@require_GET
def wizard_step(request):
    tree = get_tree()
    outcome = evaluate.evaluate(tree, request.GET)
    if outcome.kind == "result":
        return redirect(_url("wizard-result", outcome.answers, pools=outcome.pools))
    if outcome.kind == "invalid":
        return _invalid(request, tree, outcome)
    return render(request, "wizard/wizard_step.html", _step_context(tree, outcome))


@require_GET
def wizard_result(request):
    tree = get_tree()
    outcome = evaluate.evaluate(tree, request.GET)
    if outcome.kind == "step":  # not finished yet, or `edit`: the same answers belong on the step page
        return redirect(f"{reverse('wizard')}?{request.GET.urlencode(safe=',')}")
    if outcome.kind == "invalid":
        return _invalid(request, tree, outcome)
    store = loader.get_store(audience.is_staff(request))
    lang = get_language()
    pools = outcome.pools
    rows = plan.combined(outcome) if pools else []
    context = {
        "tree": tree,
        "result": outcome,
        "reasons": [
            (a, _url("wizard", outcome.answers, edit=a.question.id, pools=pools)) for a in outcome.answers
        ],
        "entries": [store.get_entry(lang, entry_id) for entry_id in outcome.outcome.faq],
        "local_note": note.html_in(lang) if (note := store.wizard_notes.get(outcome.outcome.id)) else None,
        "share_url": request.build_absolute_uri(_url("wizard-result", outcome.answers, pools=pools)),
        "plan": rows,
        "plan_runtimes": plan.runtimes(rows),
        "pool_number": len(pools) + 1,
        "next_pool_url": _url("wizard", (), pools=(*pools, outcome))
        if len(pools) < evaluate.MAX_POOLS
        else None,
    }
    return render(request, "wizard/wizard_result.html", context)


@require_GET
def wizard_tree(request):
    tree = get_tree()
    context = {"tree": tree, "paths": evaluate.describe_paths(tree), "most": longest(tree, tree.start)}
    return render(request, "wizard/wizard_tree.html", context)


def _step_context(tree, step):
    previous = step.answers[-1].question.id if step.answers else None
    pools = step.pools
    return {
        "tree": tree,
        "step": step,
        "hidden": [(evaluate.POOL_KEY, evaluate.encode_pool(p.answers)) for p in pools]
        + [(a.question.id, a.value) for a in step.answers],
        "back_url": _url("wizard", step.answers, edit=previous, pools=pools) if previous else None,
        "pool_number": len(pools) + 1,
        "start_url": _url("wizard", (), pools=pools),
    }


def _invalid(request, tree, outcome):
    context = {
        "tree": tree,
        "message": INVALID_MESSAGES[outcome.code],
        "restart_url": _url("wizard", outcome.answers, pools=outcome.pools),
        "answered": len(outcome.answers),
    }
    return render(request, "wizard/wizard_invalid.html", context, status=400)


def _url(name, answers, edit=None, pools=()):
    query = evaluate.query_string(answers, edit, pools)
    return f"{reverse(name)}?{query}" if query else reverse(name)

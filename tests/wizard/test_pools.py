"""Several node pools in one address: earlier pools are finished walks carried as `pool` values,
bounded in number and size; the result page shows a combined plan with the urgent pools first."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.wizard import evaluate, plan

LINUX = {"runtime": "docker-dockershim", "nodes": "self-linux", "touches": "nothing", "preference": "default"}
WINDOWS = {"runtime": "docker-dockershim", "nodes": "self-windows", "windows-mcr": "stay-mcr"}
K3S = {"runtime": "containerd", "where-containerd": "k3s"}


def pool_value(tree, answers):
    return evaluate.encode_pool(evaluate.evaluate(tree, answers).answers)


def test_a_finished_pool_round_trips_through_the_address(tree):
    linux = evaluate.evaluate(tree, LINUX)
    value = evaluate.encode_pool(linux.answers)
    assert value == "runtime.docker-dockershim~nodes.self-linux~touches.nothing~preference.default"
    outcome = evaluate.evaluate(tree, {"pool": value, **WINDOWS})
    assert outcome.kind == "result" and outcome.outcome.id == "windows-mcr-cri-dockerd"
    assert [p.outcome.id for p in outcome.pools] == ["self-containerd"]
    query = evaluate.query_string(outcome.answers, pools=outcome.pools)
    assert query.startswith(f"pool={value}&runtime=docker-dockershim")


def test_the_next_pool_starts_at_the_first_question_with_earlier_pools_kept(tree):
    step = evaluate.evaluate(tree, {"pool": pool_value(tree, LINUX)})
    assert (step.kind, step.question.id, step.number) == ("step", "runtime", 1)
    assert [p.outcome.id for p in step.pools] == ["self-containerd"]


@pytest.mark.parametrize(
    ("case", "value"),
    [
        ("unfinished walk", "runtime.docker-dockershim~nodes.self-linux"),
        ("unknown option", "runtime.docker-dockershim~nodes.mainframe"),
        ("no separator", "runtime-containerd"),
        ("edit inside a pool", "runtime.containerd~edit.runtime"),
        ("empty", ""),
        ("too long", "runtime.containerd~" + "x" * evaluate.MAX_POOL_CHARS),
    ],
)
def test_a_broken_pool_is_refused(tree, case, value):
    outcome = evaluate.evaluate(tree, {"pool": value, **K3S})
    assert (outcome.kind, outcome.code) == ("invalid", "bad-pool"), case


def test_the_number_of_pools_is_capped(tree):
    value = pool_value(tree, K3S)
    most = evaluate.evaluate(tree, {"pool": [value] * evaluate.MAX_POOLS, **K3S})
    assert most.kind == "result" and len(most.pools) == evaluate.MAX_POOLS
    over = evaluate.evaluate(tree, {"pool": [value] * (evaluate.MAX_POOLS + 1), **K3S})
    assert (over.kind, over.code) == ("invalid", "too-many-pools")


def test_a_broken_current_pool_keeps_the_earlier_pools_on_the_way_back(tree):
    outcome = evaluate.evaluate(
        tree, {"pool": pool_value(tree, LINUX), "runtime": "containerd", "nodes": "x"}
    )
    assert outcome.kind == "invalid"
    assert [p.outcome.id for p in outcome.pools] == ["self-containerd"]


def test_the_combined_plan_puts_dockershim_pools_first(tree):
    outcome = evaluate.evaluate(tree, {"pool": [pool_value(tree, K3S), pool_value(tree, LINUX)], **K3S})
    rows = plan.combined(outcome)
    assert [(row.number, row.urgent, row.current) for row in rows] == [
        (2, True, False),
        (1, False, False),
        (3, False, True),
    ]
    assert plan.runtimes(rows) == ["containerd"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_result_page_shows_every_pool_and_offers_the_next(client, tree, lang):
    linux = pool_value(tree, LINUX)
    with override(lang):
        url = reverse("wizard-result")
        step_url = reverse("wizard")
    query = f"pool={linux}&runtime=docker-dockershim&nodes=self-windows&windows-mcr=stay-mcr"
    page = client.get(f"{url}?{query}").content.decode()
    assert 'id="plan-title"' in page and 'id="pool-1"' in page
    assert 'id="pool-1-checklist-title"' in page  # the earlier pool's checklist, ids kept unique
    assert page.count('id="checklist-title"') == 1
    windows = "runtime.docker-dockershim~nodes.self-windows~windows-mcr.stay-mcr"
    assert f'href="{step_url}?pool={linux}&amp;pool={windows}"' in page
    assert ("Node pool 2 of 2" if lang == "en" else "ノードプール 2（全 2）") in page
    change = f"{step_url}?pool={linux}&amp;runtime=docker-dockershim&amp;nodes=self-windows"
    assert f'href="{change}&amp;windows-mcr=stay-mcr&amp;edit=nodes"' in page


def test_step_page_carries_earlier_pools_in_hidden_fields(client, tree):
    linux = pool_value(tree, LINUX)
    page = client.get(f"/en/wizard/?pool={linux}&runtime=containerd").content.decode()
    assert f'<input type="hidden" name="pool" value="{linux}">' in page
    assert "Node pool 2" in page


@pytest.mark.parametrize("query", ["pool=nonsense&runtime=containerd", "pool=runtime.crio&pool=x"])
def test_broken_pools_are_a_400_with_a_human_message(client, query):
    response = client.get(f"/en/wizard/result/?{query}")
    assert response.status_code == 400
    assert "earlier node pools" in response.content.decode()

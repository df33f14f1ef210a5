"""docker -> crictl translator: pure translations from content/crictl.yaml, and the form on the
crictl reference page (a GET form that works without JavaScript)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from faq.content import crictl, translator


@pytest.fixture
def commands():
    return crictl.get_table().commands()


@pytest.mark.parametrize(
    ("line", "crictl_lines", "unsupported", "unchecked"),
    [
        ("docker ps -a", ["crictl ps -a"], [], []),
        ("docker logs -f abc", ["crictl logs -f abc"], [], []),
        ("docker logs --tail 100 --details abc", ["crictl logs --tail 100 abc"], ["--details"], []),
        ("docker logs -n5 abc", ["crictl logs --tail 5 abc"], [], []),
        ("docker exec -it abc sh", ["crictl exec -i -t abc sh"], [], []),
        ("docker exec -it abc sh -c 'ls -l /'", ["crictl exec -i -t abc sh -c 'ls -l /'"], [], []),
        ("docker exec -u root abc id", ["crictl exec abc id"], ["--user root"], []),
        ("docker images", ["crictl images"], [], []),
        ("docker rmi nginx:1.25", ["crictl rmi nginx:1.25"], [], []),
        ("sudo docker inspect abc", ["crictl inspect abc", "crictl inspecti abc"], [], []),
        ("docker kill -s KILL abc", ["crictl stop --timeout 0 abc"], ["--signal KILL"], []),
        ("docker container ls -aq", ["crictl ps -a -q"], [], []),
        ("docker image rm nginx", ["crictl rmi nginx"], [], []),
        ("docker image prune -a", ["crictl rmi --prune"], [], ["-a"]),
        (
            "docker update --cpu-shares 512 --restart always abc",
            ["crictl update --cpu-share 512 abc"],
            ["--restart always"],
            [],
        ),
        ("docker ps -f status=exited", ["crictl ps"], [], ["-f status=exited"]),
        ("ps -a", ["crictl ps -a"], [], []),
    ],
)
def test_translate(commands, line, crictl_lines, unsupported, unchecked):
    result = translator.translate(line, commands)
    assert result.status == "ok"
    assert list(result.crictl) == crictl_lines
    assert list(result.unsupported) == unsupported
    assert list(result.unchecked) == unchecked


@pytest.mark.parametrize(
    ("line", "status", "docker"),
    [
        ("docker build -t app .", "no-equivalent", "build"),
        ("docker login registry.example.com", "no-equivalent", "login"),
        ("docker frobnicate x", "unknown", "frobnicate"),
        ("docker container prune", "unknown", "container prune"),
        ("", "empty", ""),
        ("sudo docker", "empty", ""),
        ("docker ps " + "a" * 600, "too-long", ""),
    ],
)
def test_translate_without_a_crictl_command(commands, line, status, docker):
    result = translator.translate(line, commands)
    assert (result.status, result.docker, result.crictl) == (status, docker, ())


def test_translate_survives_bad_quotes_and_control_characters(commands):
    assert translator.translate('docker logs "abc', commands).crictl == ("crictl logs '\"abc'",)
    assert translator.translate("docker\x00 ps\x1b", commands).crictl == ("crictl ps",)


@pytest.mark.parametrize(("lang", "note"), [("en", "kubectl exec"), ("ja", "kubectl exec")])
def test_crictl_page_translates_in_both_languages(client, lang, note, commands):
    with override(lang):
        response = client.get(reverse("crictl-reference"), {"docker": "docker exec -it --privileged abc sh"})
    body = response.content.decode()
    exec_row = next(c for c in commands if c.docker == "exec")
    assert response.status_code == 200
    assert "crictl exec -i -t abc sh" in body
    assert "<code>--privileged</code>" in body
    assert body.count(exec_row.note[lang]) == 2  # the table row and the translation
    assert 'href="#docker-exec"' in body


def test_crictl_page_unknown_and_too_long(client):
    with override("en"):
        unknown = client.get(reverse("crictl-reference"), {"docker": "docker frobnicate"})
        too_long = client.get(reverse("crictl-reference"), {"docker": "x" * 1000})
        plain = client.get(reverse("crictl-reference"))
    assert unknown.status_code == 200 and "is not in the mapping" in unknown.content.decode()
    assert too_long.status_code == 400 and "too long" in too_long.content.decode()
    assert plain.status_code == 200 and "translator__result" not in plain.content.decode()


def test_crictl_page_escapes_the_command(client):
    with override("en"):
        response = client.get(reverse("crictl-reference"), {"docker": "docker <script>alert(1)</script>"})
    assert "<script>alert(1)" not in response.content.decode()

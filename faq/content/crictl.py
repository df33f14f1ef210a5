"""The docker CLI -> crictl mapping from content/crictl.yaml: loaded once, validated with
file:line problems, and shown on the crictl reference page."""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import markup, snapshot, yamlschema
from .entryfile import per_language, read_source, read_yaml
from .problems import ContentError
from .yamlschema import SchemaError

FILE_NAME = "crictl.yaml"
COMMAND_FIELDS = ("docker", "crictl", "group", "description")
COMMAND_OPTIONAL = ("unsupported", "note", "supplementary", "flags")


@dataclass(frozen=True)
class Command:
    docker: str  # "" for commands that only crictl has
    crictl: tuple
    group: str
    description: dict
    unsupported: tuple
    note: dict | None
    supplementary: bool
    flags: dict

    @property
    def anchor(self):
        """The row's id on the reference page, e.g. docker-image-prune or crictl-runp."""
        name = f"docker-{self.docker}" if self.docker else f"crictl-{self.crictl[0]}"
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Group:
    id: str
    title: dict
    commands: tuple


@dataclass(frozen=True)
class Table:
    docker_cli: str
    crictl: str
    sources: tuple
    note: dict
    groups: tuple

    def commands(self):
        return [command for group in self.groups for command in group.commands]


def get_table():
    """The validated table of the content being served; raises ContentError if the file is broken."""
    table, problems = _load(snapshot.folder())
    if problems:
        raise ContentError(problems)
    return table


def validate(content_dir):
    return _load(str(Path(content_dir).resolve()))[1]


@functools.lru_cache(maxsize=8)  # keyed on the folder, like content._load
def _load(content_dir):
    return read_yaml(Path(content_dir) / FILE_NAME, _table)


def _table(root):
    fields = yamlschema.mapping(root, FILE_NAME)
    yamlschema.check_keys(root, fields, required=("meta", "groups", "commands"), name=FILE_NAME)
    meta = yamlschema.mapping(fields["meta"], "meta")
    yamlschema.check_keys(
        fields["meta"], meta, required=("docker_cli", "crictl", "sources", "note"), name="meta"
    )
    group_titles = {}
    for node in yamlschema.sequence(fields["groups"], "groups"):
        group = yamlschema.mapping(node, "a group")
        yamlschema.check_keys(node, group, required=("id", "title"), name="a group")
        group_titles[yamlschema.text(group["id"], "group id")] = per_language(group["title"], "group title")
    commands = [_command(node, group_titles) for node in yamlschema.sequence(fields["commands"], "commands")]
    groups = tuple(
        Group(gid, title, tuple(c for c in commands if c.group == gid)) for gid, title in group_titles.items()
    )
    return Table(
        docker_cli=yamlschema.text(meta["docker_cli"], "docker_cli"),
        crictl=yamlschema.text(meta["crictl"], "crictl"),
        sources=tuple(read_source(n) for n in yamlschema.sequence(meta["sources"], "sources")),
        note=_markdown(per_language(meta["note"], "note")),
        groups=groups,
    )


def _markdown(texts):
    """Notes may use `code` and links: render them once, like entry bodies."""
    return {lang: markup.render(text, lang).html for lang, text in texts.items()}


def _command(node, group_titles):
    fields = yamlschema.mapping(node, "a command")
    yamlschema.check_keys(node, fields, required=COMMAND_FIELDS, optional=COMMAND_OPTIONAL, name="a command")
    group = yamlschema.text(fields["group"], "group")
    if group not in group_titles:
        raise SchemaError(fields["group"], f"unknown group {group!r}")
    docker = yamlschema.text(fields["docker"], "docker", allow_empty=True)
    crictl = tuple(
        yamlschema.text(n, "crictl command") for n in yamlschema.sequence(fields["crictl"], "crictl")
    )
    if not docker and not crictl:
        raise SchemaError(node, "a command needs a docker command, a crictl command, or both")
    flags = {}
    if "flags" in fields:
        for key, value in yamlschema.mapping(fields["flags"], "flags").items():
            flags[key] = yamlschema.text(value, f"crictl flag for {key}", allow_empty=True)
    return Command(
        docker=docker,
        crictl=crictl,
        group=group,
        description=per_language(fields["description"], "description"),
        unsupported=tuple(
            yamlschema.text(n, "unsupported flag")
            for n in yamlschema.sequence(fields["unsupported"], "unsupported")
        )
        if "unsupported" in fields
        else (),
        note=_markdown(per_language(fields["note"], "note")) if "note" in fields else None,
        supplementary=yamlschema.boolean(fields["supplementary"], "supplementary")
        if "supplementary" in fields
        else False,
        flags=flags,
    )

"""docker CLI -> crictl: turn one docker command line into its crictl equivalent, using the
mapping of content/crictl.yaml. Pure functions; the text of notes stays in the content file."""

import re
import shlex
from dataclasses import dataclass

MAX_LENGTH = 500
# `docker container ls`, `docker image rm`: management commands spelled as the classic ones.
ALIASES = {
    ("container", "ls"): "ps",
    ("container", "list"): "ps",
    ("container", "ps"): "ps",
    ("image", "ls"): "images",
    ("image", "list"): "images",
    ("image", "rm"): "rmi",
    ("system", "info"): "info",
}
MANAGEMENT = ("container", "image", "system")
# Flags that take a value, so the value is not read as a container or image name. Per command,
# because docker reuses letters: `ps -f` filters, `logs -f` follows.
VALUE_FLAGS = {
    "ps": {"-f", "--filter", "-n", "--last", "--format"},
    "images": {"-f", "--filter", "--format"},
    "logs": {"-n", "--tail", "--since", "--until"},
    "exec": {"-u", "--user", "-e", "--env", "--env-file", "-w", "--workdir", "--detach-keys"},
    "attach": {"--detach-keys"},
    "start": {"--detach-keys"},
    "kill": {"-s", "--signal"},
    "stop": {"-t", "--time", "-s", "--signal"},
    "inspect": {"-f", "--format", "--type"},
    "stats": {"--format"},
    "pull": {"--platform"},
    "update": {
        "-c",
        "--cpu-shares",
        "--cpu-period",
        "--cpu-quota",
        "--cpu-rt-period",
        "--cpu-rt-runtime",
        "--cpus",
        "--cpuset-cpus",
        "--cpuset-mems",
        "-m",
        "--memory",
        "--memory-reservation",
        "--memory-swap",
        "--kernel-memory",
        "--pids-limit",
        "--blkio-weight",
        "--restart",
    },
}
# Short spellings of the long flags that content/crictl.yaml lists.
LONG_NAMES = {
    "exec": {"-u": "--user", "-e": "--env", "-w": "--workdir"},
    "kill": {"-s": "--signal"},
    "logs": {"-n": "--tail"},
    "stop": {"-s": "--signal"},
    "update": {"-m": "--memory"},
}
# After the container (exec) or image (run, create), the rest is the command to run in it.
STOPS_AT_FIRST_ARGUMENT = {"exec", "run", "create"}
_SHORT_CLUSTER = re.compile(r"-[A-Za-z][A-Za-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Translation:
    status: str  # "ok", "no-equivalent", "unknown", "empty", "too-long"
    docker: str = ""  # the docker command as understood, e.g. "logs"
    command: object = None  # the crictl.Command row, if any
    crictl: tuple = ()  # crictl command lines to run, one per alternative
    unsupported: tuple = ()  # docker flags given that crictl does not have
    unchecked: tuple = ()  # docker flags given that the mapping does not cover


def translate(line, commands):
    """Translate one docker command line with the crictl.Command rows in `commands`."""
    line = _CONTROL.sub(" ", line or "").strip()
    if len(line) > MAX_LENGTH:
        return Translation("too-long")
    words = _split(line)
    while words and words[0] in ("sudo", "docker"):
        words = words[1:]
    if not words:
        return Translation("empty")
    rows = {command.docker: command for command in commands if command.docker}
    name, rest = _subcommand(words, rows)
    command = rows.get(name)
    if command is None:
        return Translation("unknown", docker=" ".join(words[:2] if words[0] in MANAGEMENT else words[:1]))
    if not command.crictl:
        return Translation("no-equivalent", docker=name, command=command)
    flags, unsupported, unchecked, arguments = _translate_flags(name, rest, command)
    crictl = tuple(shlex.join(["crictl", *base.split(), *flags, *arguments]) for base in command.crictl)
    return Translation("ok", name, command, crictl, tuple(unsupported), tuple(unchecked))


def _split(line):
    try:
        return shlex.split(line)
    except ValueError:  # an unbalanced quote: still do our best
        return line.split()


def _subcommand(words, rows):
    if len(words) > 1:
        pair = (words[0], words[1])
        if " ".join(pair) in rows:
            return " ".join(pair), words[2:]
        if pair in ALIASES:
            return ALIASES[pair], words[2:]
        if words[0] in MANAGEMENT:  # `docker container logs` is `docker logs`
            return words[1], words[2:]
    return words[0], words[1:]


def _translate_flags(name, words, command):
    value_flags = VALUE_FLAGS.get(name, set())
    flags, unsupported, unchecked, arguments = [], [], [], []
    words = list(words)
    while words:
        word = words.pop(0)
        if arguments and name in STOPS_AT_FIRST_ARGUMENT:
            arguments.append(word)
            continue
        if word == "--":
            arguments.extend(words)
            break
        if not word.startswith("-") or word == "-":
            arguments.append(word)
            continue
        if _SHORT_CLUSTER.fullmatch(word) and word not in command.flags:
            words[:0] = _expand_cluster(word, value_flags)
            continue
        flag, has_value, value = word.partition("=")
        if not has_value and flag in value_flags and words:
            value, has_value = words.pop(0), "="
        flag = flag if flag in command.flags else LONG_NAMES.get(name, {}).get(flag, flag)
        _place(flag, value if has_value else None, command, flags, unsupported, unchecked)
    return flags, unsupported, unchecked, arguments


def _expand_cluster(word, value_flags):
    """`-it` -> `-i -t`; in `-n5` style clusters the rest after a value flag is its value."""
    expanded = []
    for index, letter in enumerate(word[1:], start=1):
        expanded.append(f"-{letter}")
        if f"-{letter}" in value_flags and word[index + 1 :]:
            expanded.append(word[index + 1 :])
            break
    return expanded


def _place(flag, value, command, flags, unsupported, unchecked):
    shown = flag if value is None else f"{flag} {value}"
    if command.flags.get(flag):
        flags.extend([command.flags[flag]] if value is None else [command.flags[flag], value])
    elif flag in command.unsupported:
        unsupported.append(shown)
    else:
        unchecked.append(shown)

"""The checker's per-rule matchers: one function per matcher type of content/checker_rules.yaml
(hostpath, container, env, config-text, key, field, kubelet-flag) that turns what shapes.py and
walk.py found into Findings, and the contexts a Pod spec is in (`contexts:` of the rules file)."""

from dataclasses import dataclass

from django.utils.translation import gettext

from . import walk
from .manifests import Obj, Seq
from .walk import text_of, value_at

_SNIPPET = 160


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: str  # where in the object, e.g. spec.template.spec.volumes[docker-sock]
    value: str  # what matched, e.g. /var/run/docker.sock
    line: int | None = None
    containers: tuple = ()  # containers concerned, e.g. ("agent", "init: fix-perms")


def matchers(rules, kind):
    """(rule, matcher) of every matcher of type `kind`, in the rules' order."""
    return [(rule, matcher) for rule in rules for matcher in rule.match if matcher.type == kind]


# Contexts


def in_context(context, spec, configs):
    """Whether a PodSpec is in a context: True, False, or the set of config references not yet
    seen in the input, whose text will decide. `configs` maps ("ConfigMap" | "Secret", name) to
    the names of the contexts whose `configs` evidence its text shows."""
    if any(_evidence(context, context.none, key, spec, configs) is True for key in context.none):
        return False
    waiting = set()
    for key in context.any:
        found = _evidence(context, context.any, key, spec, configs)
        if found is True:
            return True
        waiting |= found or set()
    return waiting or False


def _evidence(context, evidence, key, spec, configs):
    patterns = evidence[key]
    if key == "paths":
        return any(p.fullmatch(v.path) for v in spec.volumes for p in patterns)
    if key == "images":
        return any(p.search(c.image) for c in spec.containers for p in patterns)
    if key == "programs":
        return any(name in c.programs for c in spec.containers for name in patterns)
    if key == "values":
        texts = [t for c in spec.containers for t in c.command_lines + [value for _, value, _ in c.env]]
        return any(p.search(t) for t in texts for p in patterns)
    # configs: the ConfigMaps and Secrets the spec mounts, as far as the input has shown them
    unseen = set()
    for ref in spec.config_refs:
        if ref not in configs:
            unseen.add(ref)
        elif context.name in configs[ref]:
            return True
    return unseen


def config_contexts(texts, contexts):
    """The names of the contexts whose `configs` evidence shows in a ConfigMap's or Secret's texts."""
    return {
        name
        for name, context in contexts.items()
        if any(p.search(t) for t in texts for p in context.any.get("configs", ()))
    }


# Pod specs


def hostpath_findings(spec, rules, contexts, configs, pending):
    """Findings of the spec's host-path volumes, one per volume. A volume whose rule waits for
    config text the input has not shown yet goes to `pending` as (waiting, decided): waiting is
    [(finding, context, config refs)], decided the finding to give if none of them turns out."""
    findings = []
    for volume in spec.volumes:
        waiting, decided = [], None
        for rule, matcher in matchers(rules, "hostpath"):
            if not any(p.fullmatch(volume.path) for p in matcher.params["paths"]):
                continue
            name = matcher.params.get("when")
            state = True if name is None else in_context(contexts[name], spec, configs)
            if state is False:
                continue
            finding = _finding(rule, volume.location, volume.path, volume.line, spec.users(volume))
            if state is True:
                decided = finding
                break
            waiting.append((finding, contexts[name], state))
        if waiting:
            pending.append((waiting, decided))
        elif decided is not None:
            findings.append(decided)
    return findings


def resolve(waiting, decided, configs):
    """The finding of a pending volume, once the whole input has been read."""
    for finding, context, refs in waiting:
        if any(context.name in configs.get(ref, ()) for ref in refs):
            return finding
    return decided


def _when(matcher, spec, contexts):
    name = matcher.params.get("when")
    return True if name is None else in_context(contexts[name], spec, {}) is True


def container_findings(spec, rules, contexts):
    findings = []
    for container in spec.containers:
        for rule, matcher in matchers(rules, "container"):
            params = matcher.params
            hit = next((container.image for p in params.get("images", ()) if p.search(container.image)), None)
            if hit is None:
                hit = next((name for name in params.get("programs", ()) if name in container.programs), None)
            if hit is None or _unless_env(params, container) or not _when(matcher, spec, contexts):
                continue
            value = f"{hit} (privileged)" if container.privileged else hit
            findings.append(_finding(rule, container.location, value, container.line, (container.label,)))
            break
    return findings


def _unless_env(params, container):
    excluded = params.get("unless_env", {})
    return any(name in excluded and excluded[name].search(value) for name, value, _ in container.env)


def env_findings(spec, rules, contexts):
    findings = []
    for container in spec.containers:
        for name, value, line in container.env:
            for rule, matcher in matchers(rules, "env"):
                params = matcher.params
                if "names" in params and name not in params["names"]:
                    continue
                if "values" in params and not any(p.search(value) for p in params["values"]):
                    continue
                if not _when(matcher, spec, contexts):
                    continue
                where = f"{container.location}.env[{name}]"
                findings.append(_finding(rule, where, f"{name}={value}", line, (container.label,)))
                break
    return findings


# Text


def config_findings(strings, rules):
    """One finding per rule and string: (path, text, first line of the text). A matcher with
    `with_patterns` needs one of them in some string of the same object (a config that names a
    CRI socket beside the Docker one)."""
    findings = []
    for rule, matcher in matchers(rules, "config-text"):
        beside = matcher.params.get("with_patterns")
        if beside and not any(_first_match(beside, text) for _, text, _ in strings):
            continue
        for path, text, line in strings:
            match = _first_match(matcher.params["patterns"], text)
            if match is not None:
                offset = text.count("\n", 0, match.start())
                findings.append(_finding(rule, path, _snippet(text, match), line + offset if line else None))
    return findings


def text_location():
    return gettext("text")


def _first_match(patterns, text):
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match
    return None


def _snippet(text, match):
    """The line of `text` that holds the start of `match`, shortened to a readable length."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    line = text[start : end if end != -1 else len(text)].strip()
    return line if len(line) <= _SNIPPET else line[: _SNIPPET - 1] + "…"


# Keys and fields


def key_findings(value, rules):
    """One finding per rule and object: the first key a rule's `key` matcher names."""
    found = {}
    by_key = {}
    for rule, matcher in matchers(rules, "key"):
        for key in matcher.params["keys"]:
            by_key.setdefault(key, []).append((rule, matcher))
    if not by_key:
        return []
    root = value if isinstance(value, Obj) else Obj()
    for path, key, parent, mapping in walk.keys(value):
        for rule, matcher in by_key.get(key, ()):
            if rule.id in found or not _key_matches(matcher.params, key, parent, mapping, root):
                continue
            shown = text_of(mapping[key])
            shown = f"{key}: {shown}" if shown else key
            found[rule.id] = _finding(rule, path, shown, mapping.line_of(key))
    return list(found.values())


def _key_matches(params, key, parent, mapping, root):
    if key not in params["keys"]:
        return False
    if "parents" in params and parent not in params["parents"]:
        return False
    if "values" in params:
        text = mapping[key]
        if not isinstance(text, str) or not any(p.search(text) for p in params["values"]):
            return False
    if any(name not in mapping for name in params.get("with_keys", ())):
        return False
    excluded = params.get("unless_root", {})
    return not any(isinstance(root.get(name), str) and p.search(root[name]) for name, p in excluded.items())


def field_findings(obj, rules):
    findings = []
    kind = walk.identity(obj)[0]
    for rule, matcher in matchers(rules, "field"):
        params = matcher.params
        if kind in params["kinds"]:
            value = text_of(value_at(obj, *params["path"].split(".")))
            if value and params["pattern"].search(value):
                findings.append(_finding(rule, params["path"], value, obj.line))
    return findings


# Kubelet flags


def flag_findings(occurrences, rules, location):
    """One finding per kubelet flag a rule names; occurrences are (flag, value, line)."""
    findings, used = [], set()
    for rule, matcher in matchers(rules, "kubelet-flag"):
        params = matcher.params
        for number, (flag, flag_value, line) in enumerate(occurrences):
            wanted = params.get("value")
            if number in used or flag not in params["flags"]:
                continue
            if wanted is not None and not wanted.fullmatch(flag_value):
                continue
            used.add(number)
            shown = f"--{flag}={flag_value}" if flag_value else f"--{flag}"
            if all(f.value != shown for f in findings):
                findings.append(_finding(rule, location, shown, line))
    return findings


def _finding(rule, location, value, line, containers=()):
    return Finding(rule.id, rule.severity, location, value, line, containers)


def is_seq(value):
    return isinstance(value, Seq)

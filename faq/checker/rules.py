"""The manifest checker's rules from content/checker_rules.yaml: loaded once, validated with
file:line problems (unknown matcher types, bad patterns, contexts and rules that do not exist,
FAQ ids that do not exist), and rendered to safe HTML per language."""

import fnmatch
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import entryfile, markup, review, snapshot, yamlschema
from ..content.entryfile import per_language, read_yaml
from ..content.problems import ContentError, Problem
from ..content.yamlschema import SchemaError

FILE_NAME = "checker_rules.yaml"
SEVERITIES = ("high", "medium", "low")
RULE_FIELDS = ("id", "severity", "match", "faq", "title", "explanation", "fix")
RULE_OPTIONAL = ("pages", "review_by", "supersedes")
# Matcher type -> (required parameters, optional parameters). The code for each type is in
# matchers.py; a parameter ending in "s" is a list, `unless_*` a mapping of a name
# to a regular expression, `when` the name of a context.
MATCHERS = {
    "hostpath": (("paths",), ("when",)),
    "container": ((), ("images", "programs", "unless_env", "when")),
    "env": ((), ("names", "values", "when")),
    "config-text": (("patterns",), ("with_patterns",)),
    "kubelet-flag": (("flags",), ("value",)),
    "field": (("kinds", "path", "pattern"), ()),
    "key": (("keys",), ("values", "parents", "with_keys", "unless_root")),
}
REGEX_PARAMS = {
    "images",
    "values",
    "patterns",
    "with_patterns",
    "pattern",
    "value",
    "configs",
    "api_versions",
}
GLOB_PARAMS = {"paths"}
MAPPING_PARAMS = {"unless_env", "unless_root"}
# Evidence a context looks for in a Pod spec (see `contexts:` in the rules file).
CONTEXT_EVIDENCE = ("paths", "values", "images", "programs", "configs")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Matcher:
    type: str
    params: dict  # name -> tuple of str / compiled regexes, or one value


@dataclass(frozen=True)
class Context:
    """A condition on a Pod spec: any of `any`'s evidence is there and none of `none`'s."""

    name: str
    any: dict  # evidence name -> tuple of compiled patterns or names
    none: dict


class RuleSet(tuple):
    """The rules in the file's order (earlier rules win a thing two could report), with the
    contexts they name and the apiVersions of policy objects, which no rule reads."""

    def __new__(cls, rules=(), contexts=None, policies=()):
        self = super().__new__(cls, rules)
        self.contexts = contexts or {}
        self.policies = policies  # apiVersion patterns of objects that describe others (policies)
        return self


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    match: tuple  # of Matcher: the rule finds what any of them finds
    faq: tuple
    pages: tuple
    title: dict  # lang -> plain text
    explanation: dict  # lang -> Markdown source
    fix: dict
    explanation_html: dict  # lang -> sanitized HTML
    fix_html: dict
    line: int  # where the rule starts in the file, for problems found after loading
    review_by: object = None  # datetime.date: re-check the versions it states by then (faq/content/review.py)
    supersedes: tuple = ()  # rule ids whose findings in the same object this rule's replace


def get_rules():
    """The validated rules of the content being served; raises ContentError if the file is broken."""
    rules, problems = _load(snapshot.folder())
    if problems:
        raise ContentError(problems)
    return rules


def load(content_dir):
    """(rules, problems) of the rules file in `content_dir`; no rules when it is broken."""
    return _load(str(Path(content_dir).resolve()))


def validate(content_dir, entry_ids=None):
    """Problems in the rules file. `entry_ids`: {(lang, id)} that FAQ links may point to."""
    rules, problems = load(content_dir)
    if entry_ids is None:
        return problems
    return problems + _missing_entries(rules, entry_ids)


def content_check(folder, store):
    """The content check of the rules file (registered in apps.py, run by content.publish.check):
    (problems, review items of its rules)."""
    problems = validate(folder, set(store.entries))
    return problems, list(review.rule_items(load(folder)[0], FILE_NAME))


@functools.lru_cache(maxsize=8)  # keyed on the folder, like loader._load
def _load(content_dir):
    rules, problems = read_yaml(Path(content_dir) / FILE_NAME, _rules)
    return (RuleSet() if rules is None else rules), problems


def _rules(root):
    fields = yamlschema.mapping(root, FILE_NAME)
    yamlschema.check_keys(
        root, fields, required=("rules",), optional=("contexts", "policies"), name=FILE_NAME
    )
    policies = _policies(fields["policies"]) if "policies" in fields else ()
    contexts = {}
    if "contexts" in fields:
        for name, node in yamlschema.mapping(fields["contexts"], "contexts").items():
            contexts[name] = _context(name, node)
    rules, seen = [], {}
    for node in yamlschema.sequence(fields["rules"], "rules"):
        rule = _rule(node, contexts)
        if rule.id in seen:
            raise SchemaError(node, f"duplicate rule id {rule.id!r}")
        seen[rule.id] = node
        rules.append(rule)
    for rule in rules:
        for other in rule.supersedes:
            if other not in seen or other == rule.id:
                raise SchemaError(
                    seen[rule.id], f"rule {rule.id!r} supersedes {other!r}, which is not another rule"
                )
    return RuleSet(rules, contexts, policies)


def _policies(node):
    fields = yamlschema.mapping(node, "policies")
    yamlschema.check_keys(node, fields, required=("api_versions",), name="policies")
    return _values("api_versions", fields["api_versions"])


def _context(name, node):
    fields = yamlschema.mapping(node, f"context {name!r}")
    yamlschema.check_keys(node, fields, required=("any",), optional=("none",), name=f"context {name!r}")
    parts = {}
    for part in ("any", "none"):
        evidence = yamlschema.mapping(fields[part], f"{part} of context {name!r}") if part in fields else {}
        for key, value_node in evidence.items():
            if key not in CONTEXT_EVIDENCE:
                raise SchemaError(
                    value_node, f"unknown evidence {key!r}; known: {', '.join(CONTEXT_EVIDENCE)}"
                )
        parts[part] = {key: _values(key, value) for key, value in evidence.items()}
    return Context(name, parts["any"], parts["none"])


def _rule(node, contexts):
    fields = yamlschema.mapping(node, "a rule")
    yamlschema.check_keys(node, fields, required=RULE_FIELDS, optional=RULE_OPTIONAL, name="a rule")
    rule_id = yamlschema.text(fields["id"], "rule id")
    if not entryfile.ID_PATTERN.fullmatch(rule_id):
        raise SchemaError(fields["id"], f"rule id {rule_id!r} must be lower-case words joined by hyphens")
    severity = yamlschema.text(fields["severity"], "severity")
    if severity not in SEVERITIES:
        raise SchemaError(fields["severity"], f"severity must be one of {', '.join(SEVERITIES)}")
    pages = _texts(fields["pages"], "pages") if "pages" in fields else ()
    for page in pages:
        if page not in markup.PAGE_URL_NAMES:
            raise SchemaError(fields["pages"], f"unknown page {page!r}")
    explanation = per_language(fields["explanation"], "explanation")
    fix = per_language(fields["fix"], "fix")
    return Rule(
        id=rule_id,
        severity=severity,
        match=_matchers(fields["match"], contexts),
        faq=_texts(fields["faq"], "faq"),
        pages=pages,
        title=per_language(fields["title"], "title"),
        explanation=explanation,
        fix=fix,
        explanation_html={lang: markup.render(text, lang).html for lang, text in explanation.items()},
        fix_html={lang: markup.render(text, lang).html for lang, text in fix.items()},
        line=node.start_mark.line + 1,
        review_by=yamlschema.date(fields["review_by"], "review_by") if "review_by" in fields else None,
        supersedes=_texts(fields["supersedes"], "supersedes") if "supersedes" in fields else (),
    )


def _matchers(node, contexts):
    """One matcher, or a list of them (the rule finds what any of them finds)."""
    if isinstance(node, yaml.SequenceNode):
        matchers = tuple(_matcher(item, contexts) for item in node.value)
        if not matchers:
            raise SchemaError(node, "match must not be an empty list")
        return matchers
    return (_matcher(node, contexts),)


def _matcher(node, contexts):
    fields = yamlschema.mapping(node, "match")
    if "type" not in fields:
        raise SchemaError(node, "match is missing the required field 'type'")
    kind = yamlschema.text(fields["type"], "match type")
    if kind not in MATCHERS:
        raise SchemaError(node, f"unknown match type {kind!r}; known: {', '.join(MATCHERS)}")
    required, optional = MATCHERS[kind]
    yamlschema.check_keys(node, fields, required=("type", *required), optional=optional, name="match")
    if not required and not (set(fields) & (set(optional) - {"when", "unless_env"})):
        raise SchemaError(node, f"match type {kind!r} needs at least one of {', '.join(optional)}")
    params = {}
    for name, value_node in fields.items():
        if name == "type":
            continue
        if name == "when":
            context = yamlschema.text(value_node, "when")
            if context not in contexts:
                raise SchemaError(value_node, f"unknown context {context!r}; known: {', '.join(contexts)}")
            params[name] = context
        elif name in MAPPING_PARAMS:
            params[name] = {
                key: _regex(item, yamlschema.text(item, name))
                for key, item in yamlschema.mapping(value_node, name).items()
            }
        else:
            params[name] = _values(name, value_node)
    return Matcher(kind, params)


def _values(name, value_node):
    """A parameter's value: a list for a name ending in "s", else one value; patterns compiled."""
    values = _texts(value_node, name) if name.endswith("s") else (yamlschema.text(value_node, name),)
    if name in REGEX_PARAMS:
        values = tuple(_regex(value_node, value) for value in values)
    elif name in GLOB_PARAMS:
        values = tuple(re.compile(fnmatch.translate(value)) for value in values)
    return values if name.endswith("s") else values[0]


def _texts(node, what):
    values = tuple(yamlschema.text(item, what) for item in yamlschema.sequence(node, what))
    if not values:
        raise SchemaError(node, f"{what} must not be empty")
    return values


def _regex(node, value):
    try:
        return re.compile(value)
    except re.error as exc:
        raise SchemaError(node, f"invalid regular expression {value!r}: {exc}") from None


def _missing_entries(rules, entry_ids):
    problems = []
    for rule in rules:
        for entry_id in rule.faq:
            for lang in entryfile.LANGS:
                if (lang, entry_id) not in entry_ids:
                    problems.append(
                        Problem(
                            FILE_NAME,
                            rule.line,
                            f"rule {rule.id!r} links FAQ entry {entry_id!r}, which has no {lang} file",
                        )
                    )
    return problems

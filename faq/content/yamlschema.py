"""Read YAML as a tree of nodes and convert it field by field, so every value keeps its line
and YAML 1.1's silent coercions (`no` -> False, `0123` -> 83) are refused instead of guessed."""

import datetime
import re

import yaml

from .problems import Problem

STR_TAG = "tag:yaml.org,2002:str"
_INT = re.compile(r"0|[1-9][0-9]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"https?://[^\s<>\"']+")


class SchemaError(Exception):
    def __init__(self, node, message):
        self.line = node.start_mark.line if node is not None else 0
        self.message = message
        super().__init__(message)


def compose(text):
    """Return the root node of `text`, or raise SchemaError for a YAML syntax error."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        node = yaml.Node("", "", mark, mark) if mark else None
        raise SchemaError(node, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SchemaError(None, f"invalid YAML: {exc}") from None


def mapping(node, what="this"):
    """Return {key: value_node} of a mapping node, refusing duplicate or non-text keys."""
    if not isinstance(node, yaml.MappingNode):
        raise SchemaError(node, f"{what} must be a mapping of `key: value` lines")
    result = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise SchemaError(key_node, "keys must be plain words")
        if key in result:
            raise SchemaError(key_node, f"duplicate key {key!r}")
        result[key] = value_node
    return result


def check_keys(node, fields, *, required, optional=(), name):
    """Refuse unknown fields (a typo must not pass silently) and missing required ones."""
    for key, value_node in fields.items():
        if key not in required and key not in optional:
            raise SchemaError(value_node, f"unknown field {key!r} in {name}")
    for key in required:
        if key not in fields:
            raise SchemaError(node, f"{name} is missing the required field {key!r}")


def sequence(node, what):
    if not isinstance(node, yaml.SequenceNode):
        raise SchemaError(node, f"{what} must be a list")
    return node.value


def list_of(root, key, convert, *, name, kind):
    """The `key:` list of a file whose root mapping holds only that list, each item converted by
    `convert` (which returns something with an `id`); two items with one id are refused."""
    fields = mapping(root, name)
    check_keys(root, fields, required=(key,), name=name)
    items, seen = [], set()
    for node in sequence(fields[key], key):
        item = convert(node)
        if item.id in seen:
            raise SchemaError(node, f"duplicate {kind} id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return tuple(items)


def text(node, what, *, allow_empty=False):
    """A text value. A plain scalar that YAML 1.1 would read as anything but text is refused."""
    if not isinstance(node, yaml.ScalarNode):
        raise SchemaError(node, f"{what} must be text")
    if node.style is None:
        implicit = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, node.value, (True, False))
        if implicit != STR_TAG:
            kind = implicit.rsplit(":", 1)[-1]
            raise SchemaError(
                node, f"{what} {node.value!r} would be read by YAML as a {kind}: put it in quotes"
            )
    value = node.value.strip()
    if not value and not allow_empty:
        raise SchemaError(node, f"{what} must not be empty")
    if "\x00" in value:
        raise SchemaError(node, f"{what} contains a NUL character")
    return value


def integer(node, what):
    value = _plain(node, what)
    if not _INT.fullmatch(value):
        if re.fullmatch(r"0[0-9]+", value):
            raise SchemaError(
                node, f"{what} {value!r} has a leading zero (YAML 1.1 reads it as octal); write {int(value)}"
            )
        raise SchemaError(node, f"{what} must be a whole number, not {value!r}")
    return int(value)


def date(node, what):
    value = _plain(node, what)
    if not _DATE.fullmatch(value):
        raise SchemaError(node, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SchemaError(node, f"{what} {value!r} is not a real date") from None


def url(node, what):
    value = text(node, what)
    if not _URL.fullmatch(value):
        raise SchemaError(node, f"{what} must be an http(s) URL, not {value!r}")
    return value


def boolean(node, what):
    value = _plain(node, what)
    if value not in {"true", "false"}:
        raise SchemaError(node, f"{what} must be true or false, not {value!r}")
    return value == "true"


def _plain(node, what):
    if not isinstance(node, yaml.ScalarNode):
        raise SchemaError(node, f"{what} must be a single value")
    return node.value.strip()


def problem(path, first_line, exc):
    """Turn a SchemaError raised while reading `path` into a Problem with a file line number."""
    return Problem(str(path), first_line + exc.line, exc.message)

"""Cross-references between entries: their categories, related ids, `entry:` and `page:` links,
and the sections `entry:<id>#<anchor>` links name, each problem at its file:line."""

from . import markup
from .entryfile import LANGS
from .problems import Problem


def check(raw, files, categories, problems, *, one_language=False):
    """Categories, related ids and entry links must exist; with `one_language` (an overlay), an
    entry may lack its translation, and may be linked to in either language (ContentStore.untranslated)."""
    category_ids = {c.id for c in categories}
    if one_language:
        files = files | {(lang, i) for _, i in files for lang in LANGS}
    for (lang, entry_id), fields in raw.items():
        path, lines = fields["path"], fields["lines"]
        if category_ids and fields["category"] not in category_ids:
            problems.append(Problem(path, lines["category"], f"unknown category {fields['category']!r}"))
        for rid in fields["related"]:
            if (lang, rid) not in files:
                problems.append(
                    Problem(path, lines["related"], f"related id {rid!r} is not an entry in {lang}")
                )
        other = "en" if lang == "ja" else "ja"
        # A file that exists but is broken is reported already.
        if not one_language and (other, entry_id) not in files:
            problems.append(Problem(path, 1, f"missing translation: there is no {other}/{entry_id}.md"))
        for offset, line in enumerate(fields["body"].split("\n")):
            for kind, target, _ in markup.INTERNAL_LINK.findall(line):
                if _link_missing(kind, target, lang, files):
                    problems.append(
                        Problem(path, fields["body_line"] + offset, f"link to unknown {kind} {target!r}")
                    )


def _link_missing(kind, target, lang, files):
    if kind == "entry":
        return (lang, target) not in files
    return markup.internal_url(kind, target, lang) is None


def check_fragments(raw, entries, problems):
    """`entry:<id>#<anchor>` links must name a section of that entry (an old alias counts)."""
    for (lang, _), fields in raw.items():
        for offset, line in enumerate(fields["body"].split("\n")):
            for kind, target, fragment in markup.INTERNAL_LINK.findall(line):
                linked = entries.get((lang, target)) if kind == "entry" and fragment else None
                if linked is None:
                    continue
                names = {h.anchor for h in linked.headings} | {h.alias for h in linked.headings}
                if fragment[1:] not in names:
                    problems.append(
                        Problem(
                            fields["path"],
                            fields["body_line"] + offset,
                            f"link to {target}{fragment}: that entry has no such section "
                            f"(its sections: {', '.join('#' + h.anchor for h in linked.headings)})",
                        )
                    )

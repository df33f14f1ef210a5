"""Links into the runtime wizard from other pages, driven by the wizard's own data."""

from django import template

from faq.content.problems import ContentError
from faq.wizard.tree import get_tree

register = template.Library()


@register.inclusion_tag("wizard/includes/wizard_link.html")
def wizard_entry_link(entry_id):
    """A "Not sure? Use the wizard" box on the FAQ entries that wizard.yaml lists as entry points."""
    try:
        tree = get_tree()
    except ContentError:  # a broken wizard file must not take the FAQ pages down with it
        return {"tree": None}
    return {"tree": tree if entry_id in tree.entry_points else None}

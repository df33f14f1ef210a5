"""The search page's parameters, checked once: the query (cleaned here, the one time it is), the
category and the page number."""

from django import forms
from django.utils.translation import gettext

from . import engine, query


class SearchForm(forms.Form):
    # Plain fields: CharField would refuse a NUL, which the query's cleaning turns into a space.
    q = forms.Field(required=False)
    category = forms.Field(required=False)
    page = forms.Field(required=False)

    def __init__(self, data, categories):
        super().__init__(data)
        self.categories = categories  # [(id, title)], engine.categories()

    def clean_q(self):
        return query.clean(self.cleaned_data["q"] or "")

    def clean_category(self):
        value = self.cleaned_data["category"]
        if value and value not in dict(self.categories):
            raise forms.ValidationError(gettext("There is no such category."))
        return value or None

    def clean_page(self):
        value = self.cleaned_data["page"]
        if not value:
            return 1
        if not (
            value.isascii() and value.isdigit() and len(value) <= 3 and 1 <= int(value) <= engine.MAX_PAGE
        ):
            raise forms.ValidationError(gettext("That page number is not valid."))
        return int(value)

    def error(self):
        """The first problem, for the reader (fields in order: the category before the page)."""
        return next(message for errors in self.errors.values() for message in errors)

"""Django's admin site, answering 405 to the methods it has no use for, as every other page does
(its views would otherwise redirect TRACE or OPTIONS to the login page, or serve the page)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

# The admin's forms need POST; nothing needs TRACE, OPTIONS, PUT, DELETE or PATCH.
admin_methods = require_http_methods(["GET", "HEAD", "POST"])


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):  # every admin view but the login goes through here
        return admin_methods(super().admin_view(view, cacheable))

    @method_decorator(admin_methods)
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)


class FaqAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin (see INSTALLED_APPS)."""

    default_site = "faq.portal.adminsite.AdminSite"

"""The read-only JSON API under /api/v1/ (entries, search, the wizard) and the manifest checker's
POST /api/v1/check, declared once with django-ninja: each endpoint's parameters (params.py) and
response shapes (shapes.py) are Python types, and /api/v1/openapi.json is generated from them.
Every error is JSON {"error": {"code", "message"}}, never HTML (refusals.py here, and
faq/portal/errors.py for the errors Django raises before an API view runs)."""

"""The OpenAPI 3.0 document for the JSON API (faq/api.py), built from the same limits it enforces."""

TITLE = "Dockershim removal FAQ API"
VERSION = "1"
ENTRY_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 100}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
SUMMARY = {
    "type": "object",
    "required": ["id", "lang", "title", "summary", "category", "updated", "url"],
    "properties": {
        "id": ENTRY_ID,
        "lang": {"type": "string"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "category": {"type": "string"},
        "updated": {"type": "string", "format": "date"},
        "url": {"type": "string"},
    },
}
DETAIL = {
    "allOf": [
        SUMMARY,
        {
            "type": "object",
            "required": ["html", "headings", "sources", "related", "stale_translation"],
            "properties": {
                "html": {"type": "string", "description": "sanitized HTML of the answer"},
                "headings": {"type": "array", "items": {"type": "object"}},
                "sources": {"type": "array", "items": {"type": "object"}},
                "related": {"type": "array", "items": {"type": "string"}},
                "stale_translation": {"type": "boolean"},
            },
        },
    ]
}
HIT = {
    "type": "object",
    "required": ["kind", "id", "lang", "title", "url"],
    "properties": {k: {"type": "string"} for k in ("kind", "id", "lang", "title", "url")},
}
SEARCH = {
    "type": "object",
    "required": ["query", "lang", "total", "page", "pages", "truncated", "partial", "hits"],
    "properties": {
        "query": {"type": "string"},
        "lang": {"type": "string"},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "truncated": {"type": "boolean"},
        # A quoted phrase was checked in the best-matching documents only; total counts those.
        "partial": {"type": "boolean"},
        "hits": {"type": "array", "items": HIT},
    },
}
WIZARD = {
    "type": "object",
    "required": ["kind", "answers"],
    "properties": {
        "kind": {"type": "string", "enum": ["step", "result"]},
        "answers": {"type": "object", "additionalProperties": {"type": "string"}},
        "question": {"type": "object"},
        "result": {"type": "object"},
    },
}
INDEX = {
    "type": "object",
    "required": ["title", "version", "links"],
    "properties": {
        "title": {"type": "string"},
        "version": {"type": "string"},
        "links": {
            "type": "object",
            "required": ["entries", "search", "wizard", "openapi"],
            "additionalProperties": {"type": "string"},
        },
    },
}


CHECK_BODY_KEYS = ("manifests", "kind", "apiVersion", "items")


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes):
    return {str(code): _json(ERROR, "error") for code in codes}


def document(langs, max_page, max_query, check_path=None):
    """The OpenAPI document; `check_path` adds the manifest checker's POST endpoint when it exists."""
    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": list(langs)},
        "description": "language of the answers (default: ja)",
    }
    paths = {
        "/api/v1/": {
            "get": {
                "summary": "The API's endpoints, by name (entries, search, wizard, check, openapi)",
                "responses": {"200": _json(INDEX, "absolute URLs of the endpoints")},
            }
        },
        "/api/v1/entries": {
            "get": {
                "summary": "All entries in one language",
                "parameters": [lang],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "lang": {"type": "string"},
                                "entries": {"type": "array", "items": SUMMARY},
                            },
                        },
                        "entries",
                    ),
                    **_errors(400),
                },
            }
        },
        "/api/v1/entries/{entry_id}": {
            "get": {
                "summary": "One entry with its rendered HTML and metadata",
                "parameters": [
                    {"name": "entry_id", "in": "path", "required": True, "schema": ENTRY_ID},
                    lang,
                ],
                "responses": {"200": _json(DETAIL, "the entry"), **_errors(400, 404)},
            }
        },
        "/api/v1/search": {
            "get": {
                "summary": "Full-text search in one language",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": max_query},
                    },
                    lang,
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": max_page},
                    },
                ],
                "responses": {"200": _json(SEARCH, "one page of hits"), **_errors(400, 404, 503)},
            }
        },
        "/api/v1/wizard": {
            "get": {
                "summary": "The wizard: answers in (question id = option id), next question or result out",
                "parameters": [
                    lang,
                    {
                        "name": "answers",
                        "in": "query",
                        "required": False,
                        "style": "form",
                        "explode": True,
                        "schema": {
                            "type": "object",
                            "additionalProperties": {"type": "string", "maxLength": 200},
                        },
                    },
                ],
                "responses": {"200": _json(WIZARD, "next step or result"), **_errors(400)},
            }
        },
    }
    if check_path:
        paths[check_path] = {
            "post": {
                "summary": "Check Kubernetes manifests for dockershim dependencies",
                "parameters": [lang],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            # {"manifests": "..."}, or kubectl's JSON itself (an object or a List)
                            "schema": {
                                "type": "object",
                                "properties": {"manifests": {"type": "string"}},
                                "anyOf": [{"required": [key]} for key in CHECK_BODY_KEYS],
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json({"type": "object"}, "the report"),
                    "default": _json(ERROR, "error"),
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": VERSION},
        "paths": paths,
    }

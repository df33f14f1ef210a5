"""The site around the capabilities: reader feedback and the searches that found nothing (the
models, the admin), errors and request bodies, probes, sitemap, feed, OpenSearch, robots.txt,
the language switch, the catalogs. Its Django app keeps the label `faq` (see apps.py)."""

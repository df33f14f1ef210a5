"""The "Am I affected?" checker: read Kubernetes manifests, walk them, apply the rules of
content/checker_rules.yaml, and report what depends on Docker Engine or dockershim."""

"""The runtime wizard: the decision tree from content/wizard.yaml, its checks, the evaluation of
a person's answers, and its pages."""

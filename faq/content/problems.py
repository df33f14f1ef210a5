"""A problem found in the content: where it is and what is wrong, for file:line reports."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    level: str = "error"  # "error" fails check_content; "warning" is reported only

    def __str__(self):
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class ContentError(Exception):
    """Raised when the content cannot be served; carries every problem found."""

    def __init__(self, problems):
        self.problems = [p for p in problems if p.level == "error"]
        super().__init__("\n".join(str(p) for p in self.problems))

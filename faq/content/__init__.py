"""The content: entries, categories, home, the crictl table and translator, read from the
published content snapshot, validated with file:line problems, and the pages that show them."""

"""Stage 4, render: the typed corpus -> Markdown pages, one per power, statute, agency, category."""

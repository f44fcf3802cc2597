"""Official statute texts: parse the Markdown of Chinese-law collections, keep versions side by
side, and compare the wording the lists quote with the law as it stands.

- `parse`    Markdown text -> `StatuteVersion` (articles, 款, 项, chapters), with one-line errors
- `history`  issuance lines -> dates, issuer, document number, label
- `text`     the official wording of an article, 款 or 项, and the version in force at a date
- `compare`  a quote against the official wording: equal, or a short diff
- `importer` `quanze import-statute`: write the registry, mark older versions 已修改
- `check`    the problems `quanze check` reports on quotes and validity
"""

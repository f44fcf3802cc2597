"""The text extracted from each agency's file (`source_text`), published beside its page.

The agency's own file (`source_file`) is published by the build as 原始文件; the extracted text
is a second file, read under the same rules (`content.checks.open_source_file`: a regular file
of sources/, of a kind published as it is, reached through no link, within the size bound) and
labelled on the agency's page as text taken from the agency's file.
"""

from __future__ import annotations

from ..content.checks import SourceFileRefused, read_source_file, source_file_error
from ..content.corpus import Corpus
from ..errors import ContentError
from ..site import data_paths as paths


def source_text_files(corpus: Corpus) -> dict[str, bytes]:
    """{logical path: bytes} of every agency's extracted text; ContentError at the line of each
    `source_text` that no longer passes the checks. A corpus made in memory publishes none."""
    if corpus.project is None:
        return {}
    files, problems = {}, []
    for agency_id in sorted(corpus.agencies):
        value = corpus.agencies[agency_id].source_text
        if value is None:
            continue
        try:
            files[paths.source_text_file(agency_id, value)] = read_source_file(corpus.project, value)
        except SourceFileRefused as refused:
            problems.append(source_file_error(corpus, agency_id, refused, "source_text"))
    if problems:
        raise ContentError(problems)
    return files

"""Stage 3, model: every agency and statute, typed, with citations resolved both ways.

`load_corpus(content_dir)` runs load -> validate and returns a `Corpus`, or raises
`ContentError` with every problem found. The corpus answers the questions the site asks:
which powers cite this article, which powers elsewhere are the same power.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem
from .load import Document, list_content, load_document
from .model import Agency, Citation, Power, Statute
from .validate import validate_document


@dataclass(frozen=True)
class PowerRef:
    """A power together with the agency that holds it."""

    agency_id: str
    agency: Agency
    power: Power
    index: int


@dataclass
class Corpus:
    """All content, typed and indexed. Iteration orders are deterministic."""

    agencies: dict[str, Agency]
    statutes: dict[str, Statute]
    documents: dict[str, Document] = field(default_factory=dict)
    cited_by: dict[tuple[str, int | None], list[tuple[PowerRef, Citation]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cited_by = index_citations(self)

    def powers(self):
        """Every power of every agency, agencies in id order, powers in published order."""
        for agency_id in sorted(self.agencies):
            agency = self.agencies[agency_id]
            for index, power in enumerate(agency.powers):
                yield PowerRef(agency_id, agency, power, index)

    def citing(self, statute_id: str, article: int | None) -> list[tuple[PowerRef, Citation]]:
        """Powers citing `article` of a statute (None: citing the statute without an article)."""
        return self.cited_by.get((statute_id, article), [])


def index_citations(corpus: Corpus) -> dict:
    index: dict[tuple[str, int | None], list] = defaultdict(list)
    for ref in corpus.powers():
        seen = set()
        for citation in ref.power.basis:
            key = (citation.statute, citation.article)
            if key not in seen:
                index[key].append((ref, citation))
                seen.add(key)
    return dict(index)


def load_documents(content_dir: Path, root: Path | None = None) -> tuple[dict[str, dict[str, Document]], list[Problem]]:
    """Load every YAML file under content/agencies and content/statutes."""
    docs: dict[str, dict[str, Document]] = {"agencies": {}, "statutes": {}}
    files, problems = list_content(content_dir, root)
    for file in files:
        doc, found = load_document(file.path, root)
        problems += found
        if doc is not None:
            docs[file.kind][file.id] = doc
    return docs, problems


def build_corpus(content_dir: Path, root: Path | None = None) -> tuple[Corpus | None, list[Problem]]:
    """Load and validate; return the corpus (None if any error) and all problems."""
    from .checks import check_corpus  # cross-file checks, after the schema

    docs, problems = load_documents(content_dir, root)
    agencies, statutes = {}, {}
    for stem, doc in docs["agencies"].items():
        agency, found = validate_document(doc, Agency)
        problems += found
        if agency is not None:
            agencies[stem] = agency
    for stem, doc in docs["statutes"].items():
        statute, found = validate_document(doc, Statute)
        problems += found
        if statute is not None:
            statutes[stem] = statute
    documents = {f"agencies/{k}": v for k, v in docs["agencies"].items()}
    documents.update({f"statutes/{k}": v for k, v in docs["statutes"].items()})
    corpus = Corpus(agencies, statutes, documents)
    problems += check_corpus(corpus)
    if any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    return corpus, sorted(problems)


def load_corpus(content_dir: Path, root: Path | None = None) -> Corpus:
    """The corpus, or ContentError listing every error."""
    corpus, problems = build_corpus(content_dir, root)
    if corpus is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    return corpus

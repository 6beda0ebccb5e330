"""The data set as the public (or preview) site sees it: drafts removed before anything renders.

`published(data)` keeps, for every SOP, only its published versions: `sops[id]` becomes the
version in force and `archive[id]` the earlier published ones. An SOP that has never been
published disappears (with it: its pages, index entries, search entries and PDFs). Every page
and PDF is rendered from this view, so draft text cannot leak through a forgotten index.
With `drafts=True` (a preview build) the data set is returned as it is.
"""

from __future__ import annotations

import dataclasses

from sop.dataset import DataSet
from sop.revisions import versions


def published(data: DataSet, drafts: bool = False) -> DataSet:
    """The data set without draft versions (idempotent); unchanged when `drafts` is set."""
    if drafts:
        return data
    sops, archive = {}, {}
    for sop_id in data.sops:
        found = versions(data, sop_id)
        if found:
            sops[sop_id] = found[-1]
            if len(found) > 1:
                archive[sop_id] = found[:-1]
    decrees = {
        did: d if all(s in sops for s in d.lampiran)
        else d.model_copy(update={"lampiran": [s for s in d.lampiran if s in sops]})
        for did, d in data.decrees.items()
    }
    # The source documents of draft files are dropped too: nothing renders them, nothing should.
    documents = {key: doc for key, doc in data.documents.items()
                 if not key.startswith("sop:") or sops.get(key[4:]) is data.sops.get(key[4:])}
    return dataclasses.replace(data, sops=sops, archive=archive, decrees=decrees,
                               documents=documents)

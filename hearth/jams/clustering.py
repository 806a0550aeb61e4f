"""Emerging themes: a jam's contributions grouped by their words with scikit-learn
(TF-IDF, then non-negative matrix factorisation), with the keywords of each group. Filler words
of every language Hearth reads are left out, so a German or Arabic jam's themes are named by
what people talk about, not by "und" or "في".

Runs in the worker every few minutes while a jam is live, and once more when it closes. Only
published, visible-to-all text goes in (hidden, held and deleted posts stay out), and clusters
keep post ids, which every reader sees through their own visibility rules.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from hearth.conversations.models import Comment, Post
from hearth.core.languages import content_words

from .models import Cluster, Jam

MIN_DOCUMENTS = 6
MAX_CLUSTERS = 6
KEYWORDS = 6
EXAMPLES = 3
# Words every jam uses: they would name every cluster and tell nothing.
EXTRA_STOP_WORDS = {
    "idea",
    "ideas",
    "think",
    "like",
    "just",
    "make",
    "need",
    "use",
    "really",
    "good",
    "great",
    "people",
    "way",
    "new",
    "want",
    "thanks",
    "agree",
}


def theme_words(text: str) -> list[str]:
    """The words a theme may be named by: no filler word of any language Hearth reads (the
    stopwords-iso lists), none of the words every jam uses, Chinese and Japanese in pairs."""
    return [w for w in content_words(text) if w not in EXTRA_STOP_WORDS and not w[0].isdigit()]


def _documents(jam: Jam) -> tuple[list[str], list[int]]:
    posts = Post.objects.filter(
        jam_contribution__jam=jam,
        jam_contribution__merged_into__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        held=False,
    )
    texts: dict[int, list[str]] = {}
    for pk, title, body in posts.values_list("pk", "title", "body"):
        texts[pk] = [title, body]
    comments = Comment.objects.filter(
        post_id__in=list(texts), deleted_at__isnull=True, hidden_at__isnull=True, held=False
    )
    # A post's discussion belongs to its post: one document per thread keeps clusters readable.
    for post_id, body in comments.values_list("post_id", "body"):
        texts[post_id].append(body)
    ids = list(texts)
    return [" ".join(texts[pk]) for pk in ids], ids


def compute(jam: Jam) -> list[Cluster]:
    """Recompute the jam's clusters; fewer than MIN_DOCUMENTS threads give none."""
    documents, post_ids = _documents(jam)
    clusters: list[Cluster] = []
    now = timezone.now()
    if len(documents) >= MIN_DOCUMENTS:
        # Imported here: scikit-learn, SciPy and NumPy weigh about 100 MB, which only the worker
        # (and the demo) needs; web processes never cluster.
        import numpy as np
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=theme_words, max_features=3000, sublinear_tf=True)
        try:
            matrix = vectorizer.fit_transform(documents)
        except ValueError:  # nothing but stop words
            matrix = None
        if matrix is not None and matrix.shape[1] >= 2:
            k = max(2, min(MAX_CLUSTERS, len(documents) // 4, matrix.shape[1]))
            model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=400)
            weights = model.fit_transform(matrix)
            words = vectorizer.get_feature_names_out()
            assigned = weights.argmax(axis=1)
            for component in range(k):
                members = np.where((assigned == component) & (weights.max(axis=1) > 0))[0]
                if len(members) == 0:
                    continue
                top_words = model.components_[component].argsort()[::-1][:KEYWORDS]
                best = members[np.argsort(weights[members, component])[::-1][:EXAMPLES]]
                clusters.append(
                    Cluster(
                        jam=jam,
                        keywords=[str(words[i]) for i in top_words],
                        size=int(len(members)),
                        example_post_ids=[int(post_ids[i]) for i in best],
                        computed_at=now,
                        position=0,
                    )
                )
    clusters.sort(key=lambda c: -c.size)
    for position, cluster in enumerate(clusters):
        cluster.position = position
    with transaction.atomic():
        Cluster.objects.filter(jam=jam).delete()
        Cluster.objects.bulk_create(clusters)
    return clusters


def refresh_live(now=None) -> int:
    """Recompute every live jam, and jams closed in the last hour (their final picture)."""
    now = now or timezone.now()
    jams = Jam.objects.filter(starts_at__lte=now, ends_at__gte=now - datetime.timedelta(hours=1))
    count = 0
    for jam in jams:
        compute(jam)
        count += 1
    return count

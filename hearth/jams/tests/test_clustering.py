"""Emerging themes: contributions grouped by their words, with keywords and examples."""

from __future__ import annotations

from hearth.jams import clustering
from hearth.jams.models import Cluster
from hearth.jams.selectors import clusters_for

from .factories import make_jam
from .test_jams import idea

SUPPORT = [
    "Customers wait too long for support on the phone",
    "Support chat should answer customers at night",
    "Phone support queues make customers angry",
    "A support chatbot could help customers waiting",
    "Customers want support answers faster by chat",
]
ENERGY = [
    "Solar panels on the office roof would cut energy bills",
    "Switch the data centre to renewable energy",
    "Office lights waste energy at night, add sensors",
    "Solar energy for the cell towers in the south",
    "Energy bills of the towers could drop with solar",
]


def test_contributions_fall_into_clusters_named_by_their_keywords(company):
    jam = make_jam(company)
    for i, text in enumerate(SUPPORT + ENERGY):
        idea(jam, company.member if i % 2 else company.colleague, text[:40], body=text)
    clusters = clustering.compute(jam)
    assert len(clusters) >= 2
    keywords = [set(c.keywords) for c in clusters]
    assert any({"support", "customers"} & k for k in keywords)
    assert any({"energy", "solar"} & k for k in keywords)
    assert sum(c.size for c in clusters) == 10
    shown = clusters_for(company.ceo, jam)
    assert all(1 <= len(c.examples) <= 3 for c in shown)


def test_too_few_contributions_give_no_clusters_yet(company):
    jam = make_jam(company)
    idea(jam, company.member, "Only one idea")
    assert clustering.compute(jam) == []
    assert not Cluster.objects.filter(jam=jam).exists()

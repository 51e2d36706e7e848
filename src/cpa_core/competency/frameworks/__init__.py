"""Competency frameworks and role profiles: the defaults, a Trust's own, and fitting a post.

Rooms: :mod:`~cpa_core.competency.frameworks.models`,
:mod:`~cpa_core.competency.frameworks.rules` and
:mod:`~cpa_core.competency.frameworks.checks`; their public names are re-exported from
:mod:`cpa_core.competency`.
"""

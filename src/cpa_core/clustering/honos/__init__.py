"""HoNOS and the MHCT: the items and their ratings, the assessments, HoNOS scoring and the
codes the data sets use for them.

HoNOS remains a national outcome measure; the MHCT is HoNOS with six more scales (item 13
and the historical items A to E), rated to allocate a care cluster.
"""

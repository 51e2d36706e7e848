"""Legal holds: the holds placed nationally, a Trust's own, and the records they cover.

While a hold covering a record is in force the record may not be disposed of, whatever its
appraisal says (Records Management Code of Practice, Appendix I).
"""

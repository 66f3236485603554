"""The audit chain's anchors: signed checkpoints, held and checked outside the database.

An insider who can write the inquiry database can rewrite the hash chain and recompute every
hash, but cannot sign: the key is a PEM secret (distributed mode) or a file beside the data
folder (embedded/dev), never in the database. Anyone holding the published public keys
checks the chain against the published checkpoints (`verification.py`).
"""

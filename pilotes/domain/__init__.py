"""The rules: what Pilotes does, without requests, templates or commits."""

"""The rules: signups, pipelines, goals, services, accounts, privacy, abuse, counting."""

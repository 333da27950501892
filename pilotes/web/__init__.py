"""The web edge: blueprints (public, team, api) and their plumbing."""

"""Signups (demands, pilot volunteers, partners): ``core`` does what they share, ``kinds``
lists them, ``links`` follows the links of their emails. Import the modules, not this package:
it imports nothing, so that a kind may import ``core`` without a cycle."""

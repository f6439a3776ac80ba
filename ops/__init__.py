"""Operators' tools (`certif-admin`): run from a workstation, never shipped to Lambda."""

"""Eligibility: 270/271 checks, benefit snapshots, appointments to check, prior authorizations."""

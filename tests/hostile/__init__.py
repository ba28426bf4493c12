"""Hostile and broken input: every bad file ends in one clear located error, exit code 1."""

"""The readers of intake: the fast ones agree with the reference on every file."""

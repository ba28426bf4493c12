"""The use cases the command line and a future web page both call: check, score, rank."""

"""What happens over a campaign: rounds overlaid on a unit's input, survey aggregation, deltas
between rounds, campaign status. Imports engine, results, intake, criteria and core only."""

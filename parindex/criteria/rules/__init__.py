"""Rule kinds, one module each (yes_no, levels, bands, proportional, per_item, deduction, formula,
relative), found through `registry`. What a kind holds is described in `kind`; adding one is a new
module here registered in `registry.BUILT_IN` (see docs/criteria-format.md, "Adding a rule kind")."""

"""The law as pure functions and per-year parameters: premiums, penalties, the average wage,
the yearly figures (YearParameters, PenaltyParameters) and their published file."""

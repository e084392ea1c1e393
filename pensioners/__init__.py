"""pensioners: pension rulings (حکم), payslips, certificates and dependents' papers
(docs/pensions.md); the rule itself is `tamin.rules.pensions`."""

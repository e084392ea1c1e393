"""insured app: insured persons, versioned contribution records and their pages and PDFs,
objections, inquiries and bank accounts (docs/architecture.md)."""

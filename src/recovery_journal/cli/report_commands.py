"""`rj export summary|tlfb|diary-card`: reports for a therapist or counsellor."""

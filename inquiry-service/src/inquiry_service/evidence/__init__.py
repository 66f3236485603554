"""Evidence: the documents inquiry-service fetches online instead of taking them on paper."""

"""SMS to applicants: providers, templates, the SMS consumer and the Shahkar confirmation."""

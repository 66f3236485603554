"""The decision dossier: signed at decision, stored with the application, served and checked."""

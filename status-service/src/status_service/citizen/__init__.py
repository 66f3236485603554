"""The citizen's side of the status service (API.md, Citizens): the person signed in by a
one-time code sees every application of theirs and every fetch of their data, and disputes
a fetch."""

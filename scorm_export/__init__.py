"""SCORM exporter of the course (see issue 3); the `insertion-pro` command lives in cli.py."""

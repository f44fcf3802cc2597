"""Commands around the pipeline that read or write a project's files: init, fmt, new power,
registry update, diff, schema."""

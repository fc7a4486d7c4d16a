"""The course for every other LMS: OLX reader, SCO pages, manifests, validation, preview.

Flow: `olx_reader` (course folder -> `model.Course`) -> `render` (one SCO page per competence
block, activities through the seam of `activities`) -> `package` (manifest from `manifest`,
schema files, deterministic zip) ; `validate` and `preview` work on the zips; `cli` is the
`insertion-pro` command.
"""

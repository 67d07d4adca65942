"""The disclosure pack (信息公开): one frozen set of figures for a period (:mod:`.figures`), and a
writer per format (JSON and CSV and HTML in :mod:`.pack`, Excel, PDF, 360Giving). A new format
is a new writer over the same figures."""

"""How much an imported file may hold, and why these numbers.

A file is read before anyone has checked it, so every reader stops with a clear message at
these limits instead of spending minutes and gigabytes on a file that declares more than it
holds (an xlsx that says A1:XFD20000, a zip that unpacks a thousandfold, JSON nested a
hundred thousand deep). The real files are far below them: a whole-country kwb table has
about 18,000 rows (municipalities, wijken and buurten) and 130 to 230 columns; the PDOK
GeoJSON of Baarn has 21 regions with 223 properties and 3,000 boundary points.

The readers look the names up here when they run, so a test can lower one with
`monkeypatch.setattr(limits, "MAX_CELLS", …)`.
"""

from __future__ import annotations

MiB = 1024 * 1024

# --- Every form ----------------------------------------------------------------------------

MAX_ROWS = 50_000  # lines of a table (header and empty lines included) or GeoJSON features
MAX_COLUMNS = 500  # filled columns of a row, or properties of a feature
MAX_CELLS = 5_000_000  # filled cells (properties) in the whole file
MAX_COLUMN_NAME = 100  # characters in a column or property name (CBS uses at most 40)

# --- CSV -----------------------------------------------------------------------------------

# One record: a kwb line is about 1,000 characters. Kept below csv's own field limit
# (131,072), so that limit never speaks first and the process-wide setting stays as it is.
MAX_LINE_CHARS = 100_000

# --- xlsx (a zip of XML parts) -------------------------------------------------------------

MAX_ZIP_MEMBERS = 1_000  # Excel writes 10 to 30 parts
MAX_UNPACKED_BYTES = 400 * MiB  # all parts together; a whole-country kwb sheet is ~100 MB
MAX_PART_BYTES = 32 * MiB  # every part that is not a worksheet (shared texts, styles, …)
MAX_PACKING_RATIO = 100  # XML packs 5 to 20 times smaller; a zip bomb a thousandfold
RATIO_CHECKED_FROM_BYTES = 1 * MiB  # tiny parts may pack well, and cost nothing
# Excel's own sheet: nothing in a real file lies beyond it.
EXCEL_MAX_COLUMNS = 16_384  # column XFD

# --- GeoJSON -------------------------------------------------------------------------------

# Arrays and objects: each costs 60 bytes or more of memory for 2 bytes of file.
MAX_JSON_CONTAINERS = 3_000_000
MAX_POINTS = 2_000_000  # boundary points in the whole file (a point is ~21 bytes of file)
MAX_POINTS_PER_REGION = 100_000  # the boundary is stored and drawn on the neighbourhood page

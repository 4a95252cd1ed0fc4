"""The page model of modular pages: where things sit on the grid and how copy runs through them.

- ``grid``: a page's type area and columns, rectangles in millimetres;
- ``plan``: each modular page's plan from the issue's places and the booked ads, refused
  before layout when things overlap;
- ``frames``: a story's copy set through its frames as a galley, split at the line, moved
  onto the page, measured (copyfit, holes);
- ``fill``: what the build changes to fill a story's frames (its lead picture's depth);
- ``paragraph``: the paragraph composer (Knuth-Plass), fonts and HTML unknown to it;
- ``lines``: a story body's paragraphs measured with Pango, composed, and written back so
  that WeasyPrint breaks where the composer chose;
- ``justify``: each composed line spread as the composer did, letters and spaces.

The page types of a layout (templates/pages/) stack their stories without it; a page whose
stories have places is laid out here (docs/layout.md, "Modular pages").
"""

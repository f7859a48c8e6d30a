"""The version of the passages a corpus yields, recorded in every saved index and cache entry."""

from __future__ import annotations

__all__ = ["FORMAT_VERSION"]

FORMAT_VERSION = 35
"""Bumped whenever the passages a corpus yields or the files change, so that neither a saved
index nor a cache entry from an older nkqa is served as current. 2: paragraphs packed; 3:
file hashes; 4: sections, markdown code and tables, pages; 5: HTML lines, reStructuredText;
6-8: full-width markup, roles, MyST and MkDocs markup; 9: rst directives nest; 10: format
characters dropped; 11: heading-mark runs; 12: a code block or table packed with the
paragraph ending in a colon that introduces it, code's opening and closing lines cleaned away;
13: no sentence ends at a stop without white space after it, so long paragraphs cut elsewhere;
14: blockquote markers cleaned away; 15: rst hyperlink references; 16: rst footnotes; 17:
markdown link reference definitions and reference links; 18: not citation marks ("[1][2]");
21: Sphinx's ``.rst.txt`` and ``.md.txt`` page sources read in their markup; 22: a paragraph
that is one code span kept, lines of nothing but HTML tags dropped; 23: a numbered section's
heading ("4.2. Regenerate Key...") no release heading, a heading's permalink sign dropped; 24:
a table of contents' dot-leader lines dropped, a PDF's running heads dropped and its numbered
headings read as headings, a Word document's headings and tables read as markdown; 25:
setext headings, plain text's numbered headings and its table of contents' entries; 26: a
list item's number opens the sentence after it (long paragraphs cut elsewhere); 27: a line of
prose that opens with "copyright" ("copyright holder, and you cure...") kept, only a copyright
notice is boilerplate; a run-in heading ("2. Grant of Copyright License.") opens the sentence
after it; 28: plain text paginated with form feeds drops its running heads and feet, and a
table of contents' line with its heading before the dot leaders is dropped ("1. Introduction
. . . . 2"); 29: an HTML page with no content area trafilatura knows (DocBook's) keeps its
headings and lists, and paragraphs holding link-less anchors (index terms) are kept; 30: an
HTML definition list's term is a paragraph before its definition, not a list item; 31: a
definition's paragraphs stand on their own, so a short one with a cross-reference is kept; 32:
a one-line ``<pre>`` inside a sentence ("use the | lsb_release -a | command.") is code within
one paragraph; 33: a PDF's text is read by PDFium, which keeps the word spaces of tightly
justified lines, and a word hyphenated at a line's end is joined (:mod:`nkqa.pdf`); 34: a
sentence is not cut after an abbreviation ("J. Math. Phys.", :func:`nkqa.chunking.split_sentences`);
35: a PDF's footnote marks, raised and smaller after a word, are dropped ("website2" is
"website", :mod:`nkqa.pdf`)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkqa.cleaning import clean, clean_with_map, normalize


def test_markdown_escapes_emphasis_and_mailto_are_removed():
    raw = "**Chheang Vannarith** paid \\$2 at [a@b.org](mailto:a@b.org), *really*."
    assert clean(raw) == "Chheang Vannarith paid $2 at a@b.org, really."


def test_sphinx_and_myst_roles_show_their_title_or_target():
    raw = "See :func:`attrs.asdict`, {class}`~attrs.Attribute` and {doc}`extensibility <extending>`."
    cleaned = clean_with_map(raw)
    assert cleaned.text == "See attrs.asdict, attrs.Attribute and extensibility."
    start, end = cleaned.raw_span(cleaned.text.index("extensibility"), len(cleaned.text) - 1)
    assert raw[start:end] == "{doc}`extensibility <extending>`"
    # Inline code, a time before a backtick and braces inside a word are no roles.
    assert clean("``x``, at 10:30:`z` and a{x}`y`") == "``x``, at 10:30:`z` and a{x}`y`"


def test_markdown_reference_links_show_their_text_and_images_by_reference_are_markup():
    raw = "By [Saurabh Kumar][home] and [Bo][]; ![logo][img] [![CI][badge]][ci] d[key][0], heart.[1][2]"
    cleaned = clean_with_map(raw)
    # Code's subscripts and a web page's citation marks are no links.
    assert cleaned.text == "By Saurabh Kumar and Bo; d[key][0], heart.[1][2]"
    assert clean(cleaned.text) == cleaned.text
    start, end = cleaned.raw_span(3, 16)
    assert raw[start:end] == "[Saurabh Kumar][home]"  # the link, markup and all


def test_rst_hyperlink_references_and_wrapped_roles_show_their_text():
    raw = ("It enables `1400+ plugins`_, like `Flask <https://flask.org/>`_ and `tox`__, see\n"
           ":ref:`plugin management and hook\ncalling <pytest:writing-plugins>`.")
    cleaned = clean_with_map(raw)
    assert cleaned.text == "It enables 1400+ plugins, like Flask and tox, see plugin management and hook calling."
    start, end = cleaned.raw_span(cleaned.text.index("Flask"), cleaned.text.index(" and tox"))
    assert raw[start:end] == "`Flask <https://flask.org/>`_"
    # Inline code, interpreted text without a trailing "_" and a bare reference name stay.
    assert clean("``x``_ and `x` and uv_.") == "``x``_ and `x` and uv_."
    # A title stops at a blank line: two backticks a paragraph apart are no reference.
    assert clean("`a\n\nb`_") == "`a b`_"


def test_a_directive_line_keeps_its_name_and_argument():
    raw = "   .. versionchanged:: 21.3.0\n      Now frozen."
    cleaned = clean_with_map(raw)
    assert cleaned.text == "versionchanged 21.3.0 Now frozen."
    start, end = cleaned.raw_span(0, len("versionchanged"))
    assert raw[start:end].strip() == ".. versionchanged::"
    # Only at a line's start: two dots inside a sentence are text; other directives' lines
    # reach cleaning only inside code (a markdown file's eval-rst block), kept as written.
    assert clean("It ends .. versionadded:: here") == "It ends .. versionadded:: here"
    assert clean(".. autoclass:: Option") == ".. autoclass:: Option"


def test_blockquote_markers_are_dropped_but_doctest_prompts_kept():
    raw = "> I believe this is no longer correct.\n>\n> > Nested, too.\n> # A heading"
    assert clean(raw) == "I believe this is no longer correct. Nested, too. A heading"
    assert clean(">>> print(1)\n1") == ">>> print(1) 1"
    assert clean("a > b") == "a > b"  # only at a line's start


def test_lines_that_open_or_close_code_are_dropped():
    raw = "Install it with pip:\n\n```bash\npip install zorblat\n```\n\n~~~\nzorblat --init\n~~~"
    cleaned = clean_with_map(raw)
    assert cleaned.text == "Install it with pip: pip install zorblat zorblat --init"
    start, end = cleaned.raw_span(cleaned.text.index("pip install"), len(cleaned.text))
    assert clean(raw[start:end]) == "pip install zorblat zorblat --init"
    assert clean("```{note}\nSee this.\n```") == "note See this."  # a prose directive
    assert clean("Run:\n\n.. code-block:: python\n   :linenos:\n\n   zorblat.run()") == "Run: zorblat.run()"
    assert clean("```{code-block} python\nzorblat.run()\n```") == "zorblat.run()"
    # Triple backticks inside a line are inline code, not a fence.
    assert clean("```zorblat```") == "```zorblat```"


def test_nfkc_and_white_space():
    assert clean("  ﬁne\u00a0\u00a0day\n\tnow\u200b ") == "fine day now"


def test_curly_quotes_are_kept_in_clean_text_but_folded_by_normalize():
    assert clean("“Yes” – he said") == "“Yes” – he said"
    assert normalize("“Yes” – He said \\$5") == '"yes" - he said $5'


def test_map_points_each_clean_char_at_its_raw_source():
    raw = "a  **bold** \\$3"
    cleaned = clean_with_map(raw)
    assert cleaned.text == "a bold $3"
    start, end = cleaned.raw_span(2, 6)  # "bold"
    assert raw[start:end] == "**bold**"
    start, end = cleaned.raw_span(7, 9)  # "$3"
    assert raw[start:end] == "\\$3"


words = st.sampled_from([
    "alpha", "**beta**", "\\$5", "ﬁx", "“q”", "e\u0301", "x\u200by", "[m](mailto:m@x.y)",
    "{func}`a.b`", ":class:`~c.D`", "{doc}`title <page>`", "`Flask <https://f.org/>`_", "`semver`_", "`anon`__",
])
spaces = st.sampled_from([" ", "  ", "\n", "\t ", "\u00a0"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(words, spaces), min_size=1, max_size=12), st.data())
def test_any_word_span_reads_back_from_raw(parts, data):
    raw = "".join(w + s for w, s in parts)
    cleaned = clean_with_map(raw)
    # Spans that start and end on word boundaries, as chunk and sentence spans do.
    bounds = [0] + [i + 1 for i, c in enumerate(cleaned.text) if c == " "]
    ends = [i for i, c in enumerate(cleaned.text) if c == " "] + [len(cleaned.text)]
    i = data.draw(st.integers(0, len(bounds) - 1))
    j = data.draw(st.integers(i, len(ends) - 1))
    start, end = bounds[i], ends[j]
    raw_start, raw_end = cleaned.raw_span(start, end)
    assert clean(raw[raw_start:raw_end]) == cleaned.text[start:end]


@pytest.mark.parametrize("raw", ["#\x1f0", "＃ heading words", "＊＊bold＊＊", "［a］(b)", "＼$5", "a\n#\x0bb", "\u2025 versionadded:: x",
                                 "# # x", "# .. versionadded:: 2", "# ```{versionadded} 2",
                                 "> # x", "# > x", "> ```py\nx", ">\x1f> x", "> >>> x"])
def test_cleaning_is_idempotent_where_folding_or_nfkc_would_make_markup(raw):
    from nkqa.cleaning import clean

    once = clean(raw)
    assert once and clean(once) == once


def test_rst_footnote_labels_and_references_are_markup():
    raw = ".. [#t4] Zone names, e.g. January [#t1]_ or [2]_, see [CIT2002]_."
    cleaned = clean_with_map(raw)
    # A citation's reference names its source and stays; an index is no reference.
    assert cleaned.text == "Zone names, e.g. January or, see [CIT2002]_."
    assert clean(cleaned.text) == cleaned.text
    assert clean("d[key]_ and x[1]_") == "d[key]_ and x[1]_"
    start, _ = cleaned.raw_span(0, 4)
    assert raw[start:].startswith("Zone")

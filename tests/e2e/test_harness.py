"""The checks themselves: they must catch real problems, so that 'zero violations' on the
platform's pages means something."""

from __future__ import annotations

import pytest

from tests.e2e.harness import (
    assert_no_axe_violations,
    assert_no_keyboard_trap,
    focused,
    has_visible_focus,
)

BAD_PAGE = """<!DOCTYPE html>
<html><head><title>x</title></head>
<body><img src="data:,"><a href="#"></a><p>grey on white</p><div><p>unclosed</body></html>"""


def test_axe_reports_wcag_violations(page):
    page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page, "bad-page")
    report = str(failure.value)
    assert "image-alt" in report and "html-has-lang" in report and "link-name" in report


def test_html_checker_reports_errors(html_checker):
    errors = html_checker.errors(BAD_PAGE)
    assert any("Unclosed element" in error or "unclosed" in error.lower() for error in errors)
    good = '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><p>ok</p></body>'
    assert html_checker.errors(good) == []


def test_keyboard_checks_notice_a_missing_focus_indicator(page):
    page.set_content(
        "<!DOCTYPE html><html lang='nl'><head><title>x</title>"
        "<style>a:focus { outline: none; box-shadow: none; }</style></head>"
        "<body><a href='#a'>een</a> <a href='#b'>twee</a></body></html>"
    )
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["tag"] == "a"
    assert not has_visible_focus(info)
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        assert_no_keyboard_trap(page)

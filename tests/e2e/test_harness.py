"""The checks themselves: they must catch real problems, so that 'zero violations' on the
platform's pages means something."""

from __future__ import annotations

import pytest

from tests.e2e.harness import (
    assert_no_axe_violations,
    assert_no_keyboard_trap,
    assert_no_squeezed_text,
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


SQUEEZED_PAGE = """<!DOCTYPE html><html lang="nl"><head><title>x</title><style>
.box {{ display: flex; width: {width}px; }}
h2 {{ overflow-wrap: anywhere; min-width: 0; }}</style></head><body>
<section class="box"><h2>Officieel antwoord</h2><p>Status: in behandeling.</p><p>Tekst.</p>
</section></body></html>"""


def test_layout_check_notices_a_heading_squeezed_into_a_column(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.set_content(SQUEEZED_PAGE.format(width=120))
    with pytest.raises(AssertionError, match="Officieel antwoord"):
        assert_no_squeezed_text(page, "squeezed")
    page.set_content(SQUEEZED_PAGE.format(width=120).replace("display: flex", "display: block"))
    assert_no_squeezed_text(page, "one block")


def test_layout_check_lets_a_short_label_that_fits_on_one_line_be_narrow(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body>'
        '<label for="w" style="display: inline-block">Je wijk</label><input id="w">'
        '<div style="width: 40px"><label for="v">Je eigen wijk</label></div><input id="v">'
        "</body></html>"
    )
    with pytest.raises(AssertionError) as refused:
        assert_no_squeezed_text(page, "labels")
    # The wrapped label in 40 px is reported, the one-line "Je wijk" is not.
    assert "Je eigen wijk" in str(refused.value)
    assert '"Je wijk"' not in str(refused.value)


CSP_PAGE = """<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body>
<p>tekst</p><script>document.body.dataset.ran = "yes";</script></body></html>"""


def test_console_check_catches_a_csp_violation_and_a_script_error(new_context, console_log):
    page = new_context().new_page()
    page.route(
        "http://csp.invalid/",
        lambda route: route.fulfill(
            body=CSP_PAGE,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
        ),
    )
    page.goto("http://csp.invalid/")
    page.evaluate("setTimeout(() => { throw new Error('kapot'); }, 0)")
    page.wait_for_timeout(50)
    found = "\n".join(console_log.unexpected())
    assert "Content Security Policy" in found
    assert "kapot" in found
    with pytest.raises(AssertionError, match="console errors"):
        console_log.assert_clean()
    console_log.errors.clear()  # caught on purpose: the test itself passes


def test_layout_check_notices_a_button_that_breaks_its_word(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body>'
        '<div style="display: flex; width: 400px"><input style="flex: 1 1 auto; min-width: 0">'
        '<button style="overflow-wrap: anywhere">Tonen</button></div></body></html>'
    )
    assert_no_squeezed_text(page, "wide enough")
    page.set_content(page.content().replace("width: 400px", "width: 60px"))
    with pytest.raises(AssertionError, match="Tonen"):
        assert_no_squeezed_text(page, "squeezed button")

"""The municipal review and the optional "about you" form, in a browser: the reviewer reads
the page (axe and the HTML checker, in Dutch and English), narrows it to one neighbourhood
without JavaScript tricks, and a resident gives and corrects their age group."""

from __future__ import annotations

from tests.e2e.steps import RESIDENT, choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

REVIEWER = next(person for person in PEOPLE if person["email"].startswith("gemeente"))


def test_reviewer_reads_the_review_and_narrows_it_to_one_neighbourhood(page, audit, lang, width):
    log_in(page, REVIEWER["email"], REVIEWER["password"])
    choose_language(page, lang)
    page.locator('header a[href="/review/"]').click()
    page.wait_for_load_state("load")
    assert path(page) == "/review/"
    for section in ("drafts", "over-time", "compare", "who", "priorities", "chain"):
        assert page.locator(f"#review-{section}").count() == 1
    audit.check(page, "review", screenshots=True)

    page.select_option("#review-neighbourhood", "oude-haven")
    page.select_option("#review-weeks", "4")
    page.locator("main form.filter-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "neighbourhood=oude-haven" in page.url
    assert page.locator("#review-over-time tbody tr").count() == 4
    audit.check(page, "review-one-neighbourhood")

    page.goto("/review/?weeks=7&colour=red")
    assert page.locator("#review-ignored-filters p").count() == 2
    audit.check(page, "review-ignored-filters")
    log_out(page)


def test_resident_gives_an_age_group_and_a_wrong_value_is_refused(page, audit, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/account/about-you")
    audit.check(page, "about-you")
    page.select_option("#age_group", "25_44")
    page.select_option("#years_here", "more_than_10")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == "/account/"
    page.goto("/account/about-you")
    assert page.input_value("#age_group") == "25_44"
    # Someone who edits the form by hand gets the message beside the field.
    page.locator("#age_group").evaluate("select => { select.options[1].value = 'elf'; }")
    page.select_option("#age_group", "elf")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#age_group-error").count() == 1
    audit.check(page, "about-you-errors")
    page.select_option("#age_group", "")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == "/account/"
    log_out(page)

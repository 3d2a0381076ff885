"""Fill wizard pages in a real browser, by mouse/touch or by keyboard alone."""

from __future__ import annotations

from web_helpers import ANMELDUNG_STEPS, PERSON_PAGES


def continue_button(page):
    return page.locator(".actions button.button").first


def complete_anmeldung(page, base: str, lang: str) -> None:
    page.goto(f"{base}/?lang={lang}")
    page.goto(f"{base}/forms/anmeldung")
    page.locator("button.button.start").click()
    for step in ("einzug", "wohnungsstatus", "herkunft"):
        page.wait_for_url(f"**/forms/anmeldung/{step}")
        _fill(page, ANMELDUNG_STEPS[step])
    page.wait_for_url("**/forms/anmeldung/personen")
    page.locator('button[name="action"][value="add"]').click()
    for name, data in PERSON_PAGES.items():
        page.wait_for_url(f"**/forms/anmeldung/personen/1/{name}")
        _fill(page, data)
    page.wait_for_url("**/forms/anmeldung/personen")
    page.locator('button[name="action"][value="continue"]').click()
    page.wait_for_url("**/forms/anmeldung/vermieter")
    _fill(page, ANMELDUNG_STEPS["vermieter"])
    page.wait_for_url("**/forms/anmeldung/check")
    page.locator("form.print-hidden button.button").click()
    page.wait_for_url("**/forms/anmeldung/done")


def _fill(page, data: dict) -> None:
    for name, value in data.items():
        locator = page.locator(f'[name="{name}"]')
        if locator.count() == 0 or not locator.first.is_visible():
            continue
        first = locator.first
        kind = first.get_attribute("type")
        tag = first.evaluate("el => el.tagName.toLowerCase()")
        if kind in ("radio", "checkbox"):
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif tag == "select":
            first.select_option(value)
        else:
            first.fill(value)
    continue_button(page).click()


# --------------------------------------------------------------------------- keyboard only


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement; return {
            tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
            value: el.value || '', checked: !!el.checked, text: (el.textContent || '').trim(),
            cls: el.className || '' }; }"""
    )


def _visible_names(page, names) -> set[str]:
    return {
        n
        for n in names
        if page.locator(f'[name="{n}"]').count()
        and page.locator(f'[name="{n}"]').first.is_visible()
    }


def keyboard_fill(page, data: dict, max_tabs: int = 250) -> None:
    """Fill a page with Tab, typing, Space and arrow keys only, then press Enter on Continue.

    Questions revealed while filling (conditional questions) are picked up as
    Tab reaches them.
    """
    todo = {k: v for k, v in data.items() if v != ""}
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        el = _focused(page)
        name = el["name"]
        if name in todo:
            value = todo[name]
            if el["type"] == "radio":
                page.keyboard.press("Space")
                for _step in range(30):
                    if _focused(page)["value"] == value:
                        break
                    page.keyboard.press("ArrowDown")
                todo.pop(name)
            elif el["type"] == "checkbox":
                if el["value"] == value:
                    if not el["checked"]:
                        page.keyboard.press("Space")
                    todo.pop(name)
            elif el["tag"] == "select":
                for _step in range(400):
                    if _focused(page)["value"] == value:
                        break
                    page.keyboard.press("ArrowDown")
                todo.pop(name)
            else:
                page.keyboard.press("Control+A")
                page.keyboard.type(value)
                todo.pop(name)
        is_continue = (
            el["tag"] == "button" and "button" in el["cls"].split() and "secondary" not in el["cls"]
        )
        if is_continue and not _visible_names(page, todo):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"could not reach by keyboard: {sorted(todo)}")


def tab_to(page, selector: str, max_tabs: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def keyboard_anmeldung(page, base: str) -> None:
    page.goto(f"{base}/?lang=de")
    tab_to(page, 'a[href="/forms/anmeldung"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/forms/anmeldung")
    tab_to(page, "button.button.start")
    page.keyboard.press("Enter")
    for step in ("einzug", "wohnungsstatus", "herkunft"):
        page.wait_for_url(f"**/forms/anmeldung/{step}")
        keyboard_fill(page, ANMELDUNG_STEPS[step])
    page.wait_for_url("**/forms/anmeldung/personen")
    tab_to(page, 'button[name="action"][value="add"]')
    page.keyboard.press("Enter")
    for name, data in PERSON_PAGES.items():
        page.wait_for_url(f"**/forms/anmeldung/personen/1/{name}")
        keyboard_fill(page, data)
    page.wait_for_url("**/forms/anmeldung/personen")
    tab_to(page, 'button[name="action"][value="continue"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/forms/anmeldung/vermieter")
    keyboard_fill(page, ANMELDUNG_STEPS["vermieter"])
    page.wait_for_url("**/forms/anmeldung/check")


def complete_form(page, base: str, form, answers: dict, lang: str) -> None:
    """Fill every page of any form in the browser from stored ``answers``, then finish."""
    from form_walker import pages

    page.goto(f"{base}/?lang={lang}")
    page.goto(f"{base}/forms/{form.id}")
    page.locator("button.button.start").click()
    for p in pages(form, answers):
        if p.kind == "item" and not page.url.endswith(p.url):
            # on the group's summary page: "add" opens the next item's first page
            page.locator('button[name="action"][value="add"]').click()
        page.wait_for_url(f"**{p.url}")
        if p.kind == "repeat":
            page.locator('button[name="action"][value="continue"]').click()
            continue
        _fill_any(page, p.data)
    page.wait_for_url(f"**/forms/{form.id}/check")
    page.locator("form.print-hidden button.button").click()
    page.wait_for_url(f"**/forms/{form.id}/done")


def _fill_any(page, data: dict, rounds: int = 3) -> None:
    """Fill what is visible and continue; when the server answers with the same page
    (it revealed questions a simple rule could not), fill the new ones and continue again."""
    for _ in range(rounds):
        url = page.url
        _fill_visible(page, data)
        page.wait_for_load_state("load")
        if page.url != url or page.locator(".error-summary").count():
            return


def _fill_visible(page, data: dict) -> None:
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        locator = page.locator(f'[name="{name}"]')
        if locator.count() == 0 or not locator.first.is_visible():
            continue
        first = locator.first
        kind = first.get_attribute("type")
        tag = first.evaluate("el => el.tagName.toLowerCase()")
        if kind in ("radio", "checkbox"):
            for v in values:
                if v != "":
                    page.locator(f'[name="{name}"][value="{v}"]').check()
        elif tag == "select":
            for i, v in enumerate(values):
                if i > 0 and page.locator(f'[name="{name}"]').count() <= i:
                    page.locator(f'button[name="add_country"][value="{name}"]').click()
                page.locator(f'[name="{name}"]').nth(i).select_option(v)
        else:
            first.fill(values[0] if values else "")
    with page.expect_navigation():
        continue_button(page).click()

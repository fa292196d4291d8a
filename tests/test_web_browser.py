"""The web page as its users meet it, in a real browser: Debian's Chromium, headless, driven
through chromedriver by selenium, against the page served on a free port of this machine.

A controller logs in, hands in a broken workbook and reads the problem at its cell, downloads
the workbook marked, fixes it there and hands it in again; the administrator's status board shows
the change; another ansvar's page is refused.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from werkzeug.serving import make_server

from tests.programs import chromium
from tests.web_helpers import BROKEN, PEOPLE, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRIFT = "8 RR skattefin övriga delår"


class Browser:
    """One Chromium on the page at `base`; downloads land in `downloads`."""

    def __init__(self, base: str, downloads: Path) -> None:
        program, driver = chromium()
        options = webdriver.ChromeOptions()
        options.binary_location = program
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--lang=sv-SE"):  # fmt: skip
            options.add_argument(argument)
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
        self.driver = webdriver.Chrome(options=options, service=Service(executable_path=driver))
        self.driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        self.driver.implicitly_wait(5)
        self.base, self.downloads = base, downloads

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def text(self, selector: str = "main") -> str:
        return str(self.driver.find_element(By.CSS_SELECTOR, selector).text)

    def log_in(self, name: str) -> None:
        self.open("/")
        self.driver.find_element(By.ID, "namn").send_keys(name)
        # by the keyboard: Enter in the password field sends the form
        with self.next_page():
            self.driver.find_element(By.ID, "losenord").send_keys(PEOPLE[name][2], Keys.ENTER)

    def log_out(self) -> None:
        self.press("Logga ut")

    def press(self, button: str) -> None:
        """Press the button and wait for the page it leads to (a loaded machine may be slow)."""
        with self.next_page():
            self.driver.find_element(By.XPATH, f"//button[text()='{button}']").click()

    @contextmanager
    def next_page(self, timeout: float = 60) -> Iterator[None]:
        old = self.driver.find_element(By.TAG_NAME, "html")
        yield

        def gone(_driver: Any) -> bool:
            """The old page's root is no longer in the document. Selenium's staleness_of expects
            StaleElementReferenceException, but Chromium may answer a node that left the document
            mid-navigation with another inspector error ("Node … does not belong to the document")."""
            try:
                old.is_enabled()
            except WebDriverException:  # StaleElementReferenceException is one of them
                return True
            return False

        WebDriverWait(self.driver, timeout).until(gone)

    def hand_in(self, ansvar: str, path: Path, period: str) -> None:
        self.open(f"/ansvar/{ansvar}")
        Select(self.driver.find_element(By.ID, "period")).select_by_visible_text(period)
        self.driver.find_element(By.ID, "fil").send_keys(str(path))
        self.press("Lämna in")

    def downloaded(self, name: str, timeout: float = 20) -> Path:
        target = self.downloads / name
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if target.exists() and not list(self.downloads.glob("*.crdownload")):
                return target
            time.sleep(0.1)
        raise AssertionError(f"{name} was not downloaded; the folder has {sorted(self.downloads.iterdir())}")

    def status_row(self, ansvar: str) -> str:
        return str(self.driver.find_element(By.ID, f"rad-{ansvar}").text)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site.make(tmp_path)


@pytest.fixture
def browser(site: Site, tmp_path: Path) -> Iterator[Browser]:
    server = make_server("127.0.0.1", 0, site.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    downloads = tmp_path / "nedladdat"
    downloads.mkdir()
    opened = Browser(f"http://127.0.0.1:{server.server_port}", downloads)
    try:
        yield opened
    finally:
        opened.driver.quit()
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_controller_fixes_a_broken_workbook_through_its_marked_copy(browser: Browser, tmp_path: Path) -> None:
    # the administrator's board: Hemtjänst Norr has not handed in, and the deadline has passed
    browser.log_in("admin")
    browser.open("/status?period=delarsbokslut-8")
    assert browser.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert "81911 Hemtjänst Norr enhet försenad" in browser.status_row("81911")
    browser.log_out()

    # the controller logs in and sees her avdelning and the enheter below it
    browser.log_in("anna")
    assert browser.text("h1") == "Mina ansvar"
    assert "81911 Hemtjänst Norr" in browser.text()

    # a broken workbook: not stored, and the problem at its flik and cell
    mine = tmp_path / "81911.xlsx"
    shutil.copy(BROKEN, mine)
    browser.hand_in("81911", mine, "Delårsbokslut 2022")
    assert "Lagrades inte: 81911.xlsx har 1 fel. Rätta och lämna in igen." in browser.text()
    row = browser.driver.find_element(By.CSS_SELECTOR, "table.problem tbody tr.fel")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    assert cells[:3] == ["fel", DRIFT, "B5"]
    assert cells[3].startswith("Personalkostnader: kostnader ska anges med minustecken")

    # her own workbook, marked: the comment at the cell
    browser.driver.find_element(By.LINK_TEXT, "Ladda ner din arbetsbok med felen markerade").click()
    marked = browser.downloaded("81911-markerad.xlsx")
    book = load_workbook(marked)
    comment = book[DRIFT]["B5"].comment
    assert comment is not None and "kostnader ska anges med minustecken" in comment.text

    # fixed where the problem is, and handed in again: stored, with who handed it in
    book[DRIFT]["B5"] = -51030
    book.save(marked)
    browser.hand_in("81911", marked, "Delårsbokslut 2022")
    assert "Lagrad: 81911-markerad.xlsx är version 1 av 81911 Hemtjänst Norr." in browser.text()
    browser.open("/ansvar/81911")
    assert "anna 81911-markerad.xlsx" in browser.text()

    # another ansvar's page is refused
    browser.open("/ansvar/81921")
    assert "Du har inte behörighet till den här sidan." in browser.text()
    browser.open("/")
    browser.log_out()

    # the administrator sees the change
    browser.log_in("admin")
    browser.open("/status?period=delarsbokslut-8")
    row_text = browser.status_row("81911")
    assert "inlämnad" in row_text and "anna" in row_text and "försenad" not in row_text


def test_a_wrong_password_in_the_browser(browser: Browser) -> None:
    browser.open("/")
    browser.driver.find_element(By.ID, "namn").send_keys("anna")
    browser.driver.find_element(By.ID, "losenord").send_keys("inte-rätt-lösenord", Keys.ENTER)
    assert "Fel användarnamn eller lösenord." in browser.text()
    assert browser.text("h1") == "Logga in"


def test_the_administrator_renders_and_downloads_a_document(browser: Browser, site: Site) -> None:
    browser.log_in("anna")
    browser.hand_in(
        "81911",
        Path(__file__).resolve().parent.parent / "examples/delarsbokslut-2022/json/81911.json",
        "Delårsbokslut 2022",
    )
    assert "Lagrad:" in browser.text()
    browser.log_out()
    browser.log_in("admin")
    browser.open("/status?period=delarsbokslut-8")
    Select(browser.driver.find_element(By.ID, "ansvar")).select_by_value("81911")
    browser.press("Skriv dokumenten")
    assert "Skrev 1 dokument" in browser.text()
    browser.driver.find_element(By.LINK_TEXT, "81911 Hemtjänst Norr.docx").click()
    document = browser.downloaded("81911 Hemtjänst Norr.docx")
    assert document.read_bytes()[:2] == b"PK"

"""Shared pieces of the browser proof: results, headless Chromium, `syllabus serve`.

Plain Python 3 and Selenium; no test framework. Every wait here is bounded.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or (
    "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else shutil.which("chromedriver") or "chromedriver")
CHROMIUM = os.environ.get("CHROMIUM") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium") or "")


def default_binary():
    return os.path.join(REPO, ".build", "release", "syllabus")


def default_templates(content):
    """The theme under test: Templates/ beside the content folder, else the repository's."""
    for candidate in (os.path.join(os.path.dirname(os.path.abspath(content)), "Templates"),
                      os.path.join(REPO, "Templates")):
        if os.path.isdir(candidate):
            return candidate
    return None


def site_argument(doc):
    """The built site named by `--site` (syllabus build --output), as an absolute path."""
    import argparse
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True, help="a built site (syllabus build --output)")
    return os.path.abspath(parser.parse_args().site)


class Results:
    """Prints `PASS name` / `FAIL name: reason` and the closing `N passed, M failed`."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, name, note=""):
        self.passed += 1
        print(f"PASS {name}" + (f" ({note})" if note else ""), flush=True)

    def fail(self, name, reason):
        self.failed += 1
        reason = " ".join(str(reason).split()) or "failed"
        print(f"FAIL {name}: {reason}", flush=True)

    def skip(self, name, reason):
        self.skipped += 1
        print(f"SKIP {name}: {reason}", flush=True)

    def run(self, name, fn, *args):
        """Run one check. fn returns None or a note; raises to fail; Skip to skip."""
        try:
            note = fn(*args)
        except Skip as skip:
            self.skip(name, skip)
            return False
        except AssertionError as error:
            self.fail(name, error or "assertion failed")
            return False
        except Exception as error:  # a crash of the check is a failure of the check
            last = traceback.extract_tb(error.__traceback__)[-1]
            message = getattr(error, "msg", None) or str(error) or type(error).__name__
            self.fail(name, f"{type(error).__name__}: {message.splitlines()[0] if message else ''}"
                            f" (at {os.path.basename(last.filename)}:{last.lineno})")
            return False
        self.ok(name, note or "")
        return True

    def close(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        print(line, flush=True)
        return 1 if self.failed else 0


class Skip(Exception):
    pass


def wait_for(predicate, timeout, interval=0.1, what="condition"):
    """Poll predicate() until it returns something truthy; raise AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the page may be between two loads
            last_error = error
        if time.monotonic() >= deadline:
            extra = f" (last error: {type(last_error).__name__}: {str(last_error).splitlines()[0] if str(last_error) else ''})" if last_error else ""
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}{extra}")
        time.sleep(interval)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


# ---------------------------------------------------------------- the browser

def make_driver(width=1280, height=900, logs=True, bfcache=True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if CHROMIUM and os.path.exists(CHROMIUM):
        options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--hide-scrollbars",
                 "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--mute-audio", "--lang=en-US"):
        options.add_argument(flag)
    if not bfcache:
        options.add_argument("--disable-features=BackForwardCache")
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER, log_output=subprocess.DEVNULL)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(30)
    return driver


def quit_driver(driver):
    if driver is None:
        return
    try:
        driver.quit()
    except Exception:
        pass


# ---------------------------------------------------------------- syllabus serve

class Server:
    """`syllabus serve` on a free 127.0.0.1 port, always stopped by stop()."""

    def __init__(self, binary, content, templates=None, log_dir=None, output=None):
        self.binary = binary
        self.content = content
        self.templates = templates
        self.output = output
        self.log_dir = log_dir or tempfile.mkdtemp(prefix="syllabus-serve-")
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.log_dir, "serve.log")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}/"

    def status(self, timeout=2):
        _, body = http_get(self.base + "__syllabus/status", timeout=timeout)
        return json.loads(body.decode("utf-8"))

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return " | ".join(handle.read().strip().splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, timeout=60):
        last = "did not start"
        for _ in range(3):  # the free port may be taken between probing and binding
            self.port = free_port()
            command = [self.binary, "serve", "--content", self.content, "--port", str(self.port)]
            if self.templates:
                command += ["--templates", self.templates]
            if self.output:
                command += ["--output", self.output]
            log = open(self.log_path, "w")
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=self.log_dir, start_new_session=True)
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    last = f"serve exited with {self.proc.returncode}: {self.log_tail()}"
                    break
                try:
                    state = self.status(timeout=1)
                    if state.get("ok") is True:
                        return state
                    last = f"status is not ok: {json.dumps(state)[:400]}"
                except (urllib.error.URLError, OSError, ValueError) as error:
                    last = f"no status yet: {error}"
                time.sleep(0.1)
            else:
                self.stop()
                raise RuntimeError(f"serve did not answer /__syllabus/status with ok within {timeout} s: {last}")
            self.stop()
        raise RuntimeError(last)

    def stop(self):
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait(timeout=5)


def install_signal_cleanup(cleanup):
    """Run cleanup on SIGTERM/SIGINT/SIGHUP too, then exit with the usual status."""
    def handler(signum, _frame):
        try:
            cleanup()
        finally:
            sys.exit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, handler)


def copy_content(content):
    """A private copy of the course, so that edits never touch the original."""
    work = tempfile.mkdtemp(prefix="syllabus-proof-")
    copy = os.path.join(work, "content")
    shutil.copytree(content, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    return work, copy

"""N browser sessions at once on one server: what each user waits, and what the client costs.

After one untimed visit to "/" (the server has been up a while when users arrive), N
sessions start together, each in its own browser context (its own cookies and Streamlit
session) of one headless Chromium: session i opens page i mod 6 of the registry with a
segment in the URL, waits until it is rendered (bench.browser's definition), then picks a
region, each session a filter set no other asked for (bench.browser.FilterSets). Per
session: navigation to rendered, and click to last chart drawn. Reported: p50, p95 and max
over the sessions (nearest rank: p95 of 20 is the 19th smallest).

The browser runs on the same 2 cores as the server, so its CPU time (the Playwright driver
and every Chromium process: all this process's descendants but the server) is reported
beside the server's and the whole machine's over the same interval (/proc), and the server's
CPU time per session (the work a session costs the server, whatever the client). While a
page waits, Streamlit animates its "Running..." icon; twenty pages doing that for a minute
cost these 2 cores what twenty users' own machines would pay, so by default each session's
CSS animations are paused (DevTools Animation.setPlaybackRate 0; `pause_animations=False`
keeps them). Nothing the measurement waits for is an animation.
"""
from __future__ import annotations

import asyncio
import math
import os
import time
from pathlib import Path

from bench import browser as bb
from bench.browser import (CHROMIUM_ARGS, CONTENT, PROBE, RENDERED, SETTLE_MS, VIEWPORT, FilterSets, Server, page_url,
                           peak_rss_mb, serve)
from ui.pages import VIEWS

TICK = os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) of every live process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return out


def tree_cpu(root: int, exclude: int) -> tuple[float, float]:
    """CPU seconds of the live descendants of `root` outside the subtree of `exclude`, and of that subtree."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)

    def total(pid: int, skip: int | None) -> float:
        if pid == skip:
            return 0.0
        return procs.get(pid, (0, 0.0))[1] + sum(total(c, skip) for c in children.get(pid, []))

    client = sum(total(c, exclude) for c in children.get(root, []))
    return client, total(exclude, None)


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine so far (all cores; /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICK


async def _rendered(page, runs: int, least: int = 1) -> float:
    """bench.browser.wait_rendered, asynchronously."""
    from playwright.async_api import TimeoutError as Timeout

    try:
        await page.wait_for_function(RENDERED, arg={"runs": runs, "settle": SETTLE_MS, "least": least}, timeout=bb.TIMEOUT_MS,
                                     polling=100)
    except Timeout:
        raise RuntimeError(f"not rendered after {bb.TIMEOUT_MS / 1000:.0f} s: {await page.evaluate(bb.STATE)}") from None
    return await page.evaluate("() => Math.max(window.__bench.runEnd, window.__bench.chart)")


async def _session(browser, server: Server, i: int, segment: str | None, region: str, pause: bool) -> dict:
    context = await browser.new_context(viewport=VIEWPORT, locale="en-US")
    await context.add_init_script(PROBE)
    page = await context.new_page()
    if pause:  # CSS animations (the "Running..." icon) stop: a user's own machine would pay for them
        cdp = await context.new_cdp_session(page)
        await cdp.send("Animation.enable")
        await cdp.send("Animation.setPlaybackRate", {"playbackRate": 0})
    spec = VIEWS[i % len(VIEWS)]
    await page.goto(page_url(server, spec, segment), wait_until="commit", timeout=bb.TIMEOUT_MS)
    load = await _rendered(page, 1) / 1000
    before = await page.evaluate(CONTENT)
    await page.locator(".st-key-filter_region").get_by_role("combobox").click()
    option = page.get_by_role("option", name=region, exact=True)
    await option.wait_for(timeout=bb.TIMEOUT_MS)
    runs, t0 = await page.evaluate("() => [window.__bench.runs, performance.now()]")
    await option.click()
    done = await _rendered(page, runs + 1, least=0)
    changed = await page.evaluate(CONTENT) != before
    return {"page": spec.key, "load_s": load, "change_s": (done - t0) / 1000, "changed": changed, "context": context}


async def _run(server: Server, chromium: str, sets: list[tuple[str | None, str]], pause: bool) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        first = await browser.new_context(viewport=VIEWPORT, locale="en-US")
        await first.add_init_script(PROBE)
        page = await first.new_page()  # the server's first visitor and the browser's JS cache: not timed
        await page.goto(page_url(server, VIEWS[0], None), wait_until="commit", timeout=bb.TIMEOUT_MS)
        await _rendered(page, 1)
        await first.close()
        client0, server0 = tree_cpu(os.getpid(), server.process.pid)
        machine0, t0 = machine_cpu(), time.perf_counter()
        sessions = await asyncio.gather(*(_session(browser, server, i, *s, pause) for i, s in enumerate(sets)))
        wall = time.perf_counter() - t0
        client1, server1 = tree_cpu(os.getpid(), server.process.pid)  # before the contexts close
        machine = machine_cpu() - machine0
        peak = peak_rss_mb(server.process.pid)
        for s in sessions:
            await s.pop("context").close()
        await browser.close()
    return {"sessions": sessions, "wall_s": wall, "client_cpu_s": client1 - client0,
            "server_cpu_s": server1 - server0, "machine_cpu_s": machine, "cores": os.cpu_count() or 1,
            "server_peak_rss_mb": peak}


def concurrent(db: Path | str, chromium: str, n: int, log: Path, pause_animations: bool = True) -> dict:
    """`n` sessions at once on a fresh server on `db` (see the module docstring).

    Returns the per-session dicts (page, load_s, change_s, changed), the wall time of the
    whole batch, the CPU seconds of the client, the server and the machine over it, and
    the server's peak memory (MB)."""
    filter_sets = FilterSets(db, repeat=True)  # 20 sets on the demo; more sessions reuse them
    sets = [filter_sets.take() for _ in range(n)]
    with serve(db, log) as server:
        return asyncio.run(_run(server, chromium, sets, pause_animations))


def summary(result: dict) -> dict:
    """p50 / p95 / max of the load and change times, and the CPU shares of the batch's wall time."""
    out: dict = {"n": len(result["sessions"])}
    for what in ("load_s", "change_s"):
        values = [s[what] for s in result["sessions"]]
        out[what] = {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}
    capacity = result["wall_s"] * result["cores"]
    for who in ("client", "server", "machine"):
        out[f"{who}_share"] = result[f"{who}_cpu_s"] / capacity
    out["unchanged"] = sum(not s["changed"] for s in result["sessions"])
    return out

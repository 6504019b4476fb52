#!/usr/bin/env python3
"""The Windows suite: signdesk-cli.exe under Wine, with Windows semantics — the archive
in %APPDATA% (the default data folder, not given on the command line), every file the
user names on another drive letter (D:) in folders with Chinese names, a .docx import,
signing, search, export, backup, restore, verify with a backup as anchor, processes
killed mid-signing, and the installer's silent install / Start menu / uninstall round
trip that keeps the archive. Run by `scripts/windows.sh test`; each step asserts and
the first failure stops the suite with a message.

Produced PDFs are checked on the Linux side with poppler (pdftotext, pdffonts, pdfsig).
"""

import argparse
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WINE = os.environ.get("SIGNDESK_WINE", "/usr/lib/wine/wine64")
WINESERVER = os.environ.get("SIGNDESK_WINESERVER", "/usr/lib/wine/wineserver")
PASSPHRASE = "测试口令 windows 2027"
TEMPLATE = "kefu-anquan-mubiao-2018"
DOCX = REPO / "src-tauri/crates/agreement/tests/fixtures/libreoffice-kefu-gongzuo-mubiao.docx"
# The results sheet written by LibreOffice Calc (the end-to-end tests' fixture).
RESULTS_XLSX = REPO / "tests" / "fixtures" / "assessment-2027.xlsx"

steps = 0


def step(what):
    global steps
    steps += 1
    print(f"[{steps:02d}] {what}", flush=True)


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def check(cond, message):
    if not cond:
        fail(message)


def png(path: Path, wave: float):
    """A transparent PNG with an inked scribble (a signature from the pad)."""
    w, h = 300, 100
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            ink = 20 <= x < 280 and 0 <= y - int(50 + 30 * math.sin(x / wave)) < 4
            row += bytes([20, 24, 40, 255] if ink else [0, 0, 0, 0])
        rows.append(bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"".join(rows)))
                     + chunk(b"IEND", b""))


class Wine:
    def __init__(self, prefix: Path, exe: str):
        self.prefix = prefix
        self.exe = exe
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=",
                        SIGNDESK_PASSPHRASE=PASSPHRASE, SIGNDESK_ORG="某某燃气有限公司")
        # The archive goes where Windows puts it: never SIGNDESK_DATA here.
        self.env.pop("SIGNDESK_DATA", None)

    def unix(self, windows_path: str) -> Path:
        """D:\\协议输出\\x.pdf → the Linux path behind the drive letter."""
        drive, rest = windows_path[0].lower(), windows_path[3:]
        base = (self.prefix / "dosdevices" / f"{drive}:").resolve()
        return base.joinpath(*[p for p in rest.split("\\") if p])

    def start(self, *args):
        return subprocess.Popen([WINE, self.exe, *args], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, *args, ok=True):
        p = subprocess.run([WINE, self.exe, *args], env=self.env, capture_output=True,
                           timeout=600)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        if ok and p.returncode != 0:
            fail(f"{' '.join(args)} exited {p.returncode}: {err.strip()}")
        return p.returncode, out, err

    def json(self, *args):
        _, out, _ = self.run(*args, "--json")
        try:
            return json.loads(out)
        except json.JSONDecodeError:
            fail(f"{' '.join(args)} printed no JSON: {out[:300]!r}")


def poppler(tool, *args) -> str:
    p = subprocess.run([tool, *args], capture_output=True)
    return p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def check_pdf(path: Path, name: str, record: bool = True):
    check(path.is_file(), f"no PDF at {path}")
    text = poppler("pdftotext", str(path), "-")
    check(name in text, f"{name} is not in {path.name}")
    check(not record or "签署记录" in text, f"no record page in {path.name}")
    fonts = poppler("pdffonts", str(path))
    rows = [l.split() for l in fonts.splitlines()[2:] if l.strip()]
    # Columns: name type encoding emb sub uni object ID — every font embedded.
    check(rows and all(r[-5] == "yes" for r in rows) and "Noto" in fonts,
          f"fonts not embedded in {path.name}:\n{fonts}")
    sig = poppler("pdfsig", str(path))
    check("Signature is Valid." in sig, f"seal not valid in {path.name}:\n{sig}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", required=True, help="folder with signdesk-cli.exe")
    ap.add_argument("--installer", help="the NSIS installer (its round trip is skipped without it)")
    a = ap.parse_args()
    dist = Path(a.dist)
    prefix = Path(os.environ.get("WINEPREFIX", f"/tmp/signdesk-wine-{os.getuid()}"))
    started = time.time()

    work = Path(tempfile.mkdtemp(prefix="signdesk-wine-suite-"))
    # Another drive letter, D:, for everything the user names.
    ddrive = work / "D盘"
    ddrive.mkdir()
    link = prefix / "dosdevices" / "d:"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(ddrive)
    # A fresh Windows profile: no archive from an earlier run.
    appdata = prefix / "drive_c/users" / os.environ.get("USER", "root") / "AppData/Roaming/cn.signdesk.app"
    shutil.rmtree(appdata, ignore_errors=True)
    cli_copy = ddrive / "程序" / "signdesk-cli.exe"
    cli_copy.parent.mkdir()
    shutil.copy(dist / "signdesk-cli.exe", cli_copy)
    w = Wine(prefix, "D:\\程序\\signdesk-cli.exe")
    # One Wine server for the whole suite: otherwise each command pays its start-up,
    # and timings (the kills below) measure Wine rather than SignDesk.
    # (`-p`: persistent; it stays in the foreground, so it is started, not waited for.)
    subprocess.Popen([WINESERVER, "-p"], env=w.env, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
    # Wine's background services start with the first program and live as long as the
    # server: start them here, on /dev/null, or they would hold a command's output
    # pipe open and the suite would wait for it forever.
    subprocess.run([WINE, "wineboot"], env=w.env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)

    step("info: a new archive in %APPDATA%\\cn.signdesk.app")
    info = w.json("info")
    check("AppData" in info["archive_path"] and info["archive_path"].startswith("C:"),
          f"archive not under %APPDATA%: {info['archive_path']}")
    check(info["counts"]["templates"] > 0, "no built-in templates")
    check((appdata / "signdesk.db").is_file(), f"no archive at {appdata}")

    step("template import of a .docx from D:\\导入")
    (ddrive / "导入").mkdir()
    shutil.copy(DOCX, ddrive / "导入" / "客服部工作目标责任书.docx")
    t = w.json("template", "import", "D:\\导入\\客服部工作目标责任书.docx")
    check(t["title"] == "客服部工作目标责任书", f"imported title {t['title']!r}")
    check(t["copies"] == 2 and len(t["roles"]) >= 2, f"roles/copies: {t['roles']}, {t['copies']}")

    step("sign three agreements into D:\\协议输出")
    (ddrive / "签名").mkdir()
    (ddrive / "协议输出").mkdir()
    people = [("张三", "E001", "客服部"), ("李四", "E002", "安全科"), ("欧阳娜娜", "E003", "客服部")]
    for i, (name, no, dept) in enumerate(people):
        png(ddrive / "签名" / f"{name}.png", 14 + i * 3)
    png(ddrive / "签名" / "总监.png", 11)
    numbers = []
    for name, no, dept in people:
        r = w.json("sign", "--template", TEMPLATE, "--signer", name, "--employee-no", no,
                   "--department", dept, "--year", "2027",
                   "--signature", f"employee=D:\\签名\\{name}.png",
                   "--signature", "director=D:\\签名\\总监.png", "--signed-by", "director=李总监",
                   "--out", f"D:\\协议输出\\{name}.pdf")
        numbers.append(r["number"])
        check_pdf(ddrive / "协议输出" / f"{name}.pdf", name)
    check(numbers == ["SD-2027-000001", "SD-2027-000002", "SD-2027-000003"], f"numbers {numbers}")

    step("search by name, pinyin initials and employee number")
    for query, want in [("张三", "张三"), ("oynn", "欧阳娜娜"), ("E002", "李四")]:
        hits = w.json("search", query)["hits"]
        check([h["signer"] for h in hits] == [want], f"search {query}: {hits}")

    step("assessment: results from an .xlsx in D:\\导入\\考核, the report and a result page in D:\\协议输出")
    (ddrive / "导入" / "考核").mkdir()
    shutil.copy(RESULTS_XLSX, ddrive / "导入" / "考核" / "2027年度考核成绩.xlsx")
    r = w.json("assess", "import", "D:\\导入\\考核\\2027年度考核成绩.xlsx", "--year", "2027")
    check(r["assessed"] == 3 and not r["errors"] and not r["unmatched"], f"assess import: {r}")
    s = w.json("assess", "show", numbers[2])
    check(s["score"] == 96.5 and s["parts"][0]["label"] == "安全责任", f"assess show: {s}")
    rep = w.json("assess", "report", "--year", "2027", "--xlsx", "D:\\协议输出\\2027年度考核汇总.xlsx")
    depts = {d["department"]: d for d in rep["departments"]}
    check(rep["assessed"] == 3 and depts["客服部"]["assessed"] == 2 and depts["安全科"]["below_pass"] == 1,
          f"assess report: {rep}")
    xlsx = ddrive / "协议输出" / "2027年度考核汇总.xlsx"
    check(xlsx.is_file() and xlsx.read_bytes()[:2] == b"PK", f"no report at {xlsx}")
    w.json("assess", "pdf", numbers[0], "--out", "D:\\协议输出\\张三-考核结果.pdf")
    # One page, no signing record: a result page, sealed like every agreement.
    check_pdf(ddrive / "协议输出" / "张三-考核结果.pdf", "考核结果", record=False)

    step("export for an auditor to D:\\审计")
    (ddrive / "审计").mkdir()
    ex = w.json("export", "--out", "D:\\审计")
    folder = w.unix(ex["folder"])
    check(ex["files"] == 3 and (folder / "manifest.csv").is_file(), f"export: {ex}")
    for rel in ex["paths"]:
        check((folder / Path(*rel.replace("\\", "/").split("/"))).is_file(), f"missing {rel}")

    step("backup to D:\\备份, one more signing, restore, verify against the backup")
    (ddrive / "备份").mkdir()
    b = w.json("backup", "--out", "D:\\备份\\签约台备份.sdbak")
    check(b["agreements"] == 3, f"backup: {b}")
    w.json("sign", "--template", TEMPLATE, "--signer", "王五", "--department", "客服部",
           "--year", "2027", "--signature", "employee=D:\\签名\\张三.png",
           "--signature", "director=D:\\签名\\总监.png", "--signed-by", "director=李总监")
    check(w.json("info")["counts"]["agreements"] == 4, "four before the restore")
    r = w.json("restore", "D:\\备份\\签约台备份.sdbak")
    check(r["agreements"] == 3 and r["previous"], f"restore: {r}")
    check(w.json("info")["counts"]["agreements"] == 3, "three after the restore")
    v = w.json("verify", "--anchor", "D:\\备份\\签约台备份.sdbak")
    check(v["ok"], f"verify: {v['problems']}")

    step("self-test (自检): every check in a temporary archive, a sealed report, nothing changed")
    before = w.json("info")["counts"]
    p = subprocess.run([WINE, w.exe, "self-test", "--out", "D:\\自检报告", "--json"],
                       env=w.env, capture_output=True, timeout=300)
    # Exit 1 means a check failed; the JSON says which. Wine's printing is not Windows'
    # (its spooler may answer nothing or an error), so only the printers may fail here.
    check(p.returncode in (0, 1), f"self-test did not run: {p.stderr.decode('utf-8', 'replace')}")
    st = json.loads(p.stdout)
    failed = [c for c in st["checks"] if c["status"] == "failed" and c["key"] != "printers"]
    check(not failed, f"self-test checks failed: {failed}")
    passed = {c["key"] for c in st["checks"] if c["status"] == "passed"}
    for k in ("os", "archive_create", "passphrase_derivation", "rare_names",
              "sign_seal_verify", "search", "export", "backup_restore", "clock"):
        check(k in passed, f"self-test: {k} did not pass: {st['checks']}")
    os_check = next(c for c in st["checks"] if c["key"] == "os")
    check("Windows" in os_check["detail"], f"self-test OS: {os_check}")
    check(st["millis"] < 30_000, f"self-test took {st['millis']} ms")
    report = w.unix(st["report_pdf"])
    check(report.is_file(), f"no report at {st['report_pdf']}")
    sig = poppler("pdfsig", str(report))
    check("Signature is Valid." in sig, f"the self-test report's seal: {sig}")
    check("签约台自检报告" in poppler("pdftotext", str(report), "-"), "report text")
    check(w.json("info")["counts"] == before, "the self-test changed the archive")

    step("signings killed at random moments leave no half-stored agreement")
    rng = random.Random(20271)
    # How long one signing takes with Wine already running (the median of three), so
    # the kills land inside a signing's run.
    times = []
    for i in range(3):
        t0 = time.time()
        w.json("sign", "--template", TEMPLATE, "--signer", f"计时{i}", "--department", "客服部",
               "--year", "2027", "--signature", "employee=D:\\签名\\张三.png",
               "--signature", "director=D:\\签名\\总监.png", "--signed-by", "director=李总监")
        times.append(time.time() - t0)
    one = sorted(times)[1]
    killed = 0
    for i in range(12):
        p = w.start("sign", "--template", TEMPLATE, "--signer", f"崩溃{i}", "--department",
                    "客服部", "--year", "2027", "--signature", "employee=D:\\签名\\张三.png",
                    "--signature", "director=D:\\签名\\总监.png",
                    "--signed-by", "director=李总监", "--json")
        time.sleep(rng.uniform(0.1, 0.9) * one)
        if p.poll() is None:
            p.kill()
            killed += 1
            p.communicate()
        else:
            out, err = p.communicate()
            check(p.returncode == 0, f"signing {i} failed without being killed: "
                  f"{err.decode('utf-8', 'replace').strip()}")
    check(killed >= 4, f"only {killed} of 12 signings were killed (one signing ≈ {one:.1f} s)")
    v = w.json("verify")
    check(v["ok"], f"verify after the kills: {v['problems']}")
    hits = w.json("search", "崩溃", "--limit", "100")["hits"]
    check(all(h["status"] == "signed" for h in hits), f"{hits}")

    if not a.installer:
        print("(no --installer: the installer round trip is skipped)")
        finish(link, work, started, one, killed)
        return

    step("installer: silent install, Start menu 签约台, the installed CLI runs")
    setup = ddrive / "安装" / Path(a.installer).name
    setup.parent.mkdir()
    shutil.copy(a.installer, setup)
    env = w.env
    p = subprocess.run([WINE, f"D:\\安装\\{setup.name}", "/S"], env=env, capture_output=True,
                       timeout=600)
    check(p.returncode == 0, f"installer exited {p.returncode}")
    deadline = time.time() + 30
    user = prefix / "drive_c/users" / os.environ.get("USER", "root")
    installed = user / "AppData/Local/Programs/SignDesk"
    menu = user / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/签约台"
    while not (menu / "签约台.lnk").is_file() and time.time() < deadline:
        time.sleep(0.5)
    check((installed / "signdesk.exe").is_file() and (installed / "signdesk-cli.exe").is_file(),
          f"programs not installed in {installed}")
    check((menu / "签约台.lnk").is_file(), f"no Start-menu entry in {menu}")
    w2 = Wine(prefix, "C:\\users\\" + os.environ.get("USER", "root")
              + "\\AppData\\Local\\Programs\\SignDesk\\signdesk-cli.exe")
    check(w2.json("info")["counts"]["agreements"] >= 3, "the installed CLI opens the archive")

    step("installer: silent uninstall keeps the archive")
    p = subprocess.run([WINE, "C:\\users\\" + os.environ.get("USER", "root")
                        + "\\AppData\\Local\\Programs\\SignDesk\\uninstall.exe", "/S"],
                       env=env, capture_output=True, timeout=600)
    deadline = time.time() + 30
    while ((installed / "signdesk.exe").exists() or menu.exists()) and time.time() < deadline:
        time.sleep(0.5)
    check(not (installed / "signdesk.exe").exists(), "signdesk.exe still installed")
    check(not menu.exists(), "the Start-menu folder is still there")
    check((appdata / "signdesk.db").is_file() and (appdata / "signdesk.key").is_file(),
          "the archive was removed with the program")
    check(w.json("verify")["ok"], "the kept archive verifies")

    finish(link, work, started, one, killed)


def finish(link, work, started, one, killed):
    subprocess.run([WINESERVER, "-k"], env=dict(os.environ, WINEPREFIX=str(link.parent.parent)))
    link.unlink()
    shutil.rmtree(work, ignore_errors=True)
    print(f"Wine suite: {steps} steps passed in {time.time() - started:.0f} s "
          f"(one signing ≈ {one:.1f} s, {killed} killed)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The arm64 CLI suite (issue 27): the aarch64 signdesk-cli under qemu-aarch64 user-mode
emulation — create an archive, sign (a rare-name signer too), search, verify, back up and
restore, and the self-test — each step asserting; PDFs checked with poppler here.
Run by `scripts/arm64.sh test` with EXE set to the aarch64 binary."""

import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

EXE = os.environ["EXE"]
QEMU = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]
TEMPLATE = "kefu-anquan-mubiao-2018"


def fail(msg):
    print(f"FAILED: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def png(path: Path):
    w, h = 300, 100
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            ink = 20 <= x < 280 and abs(y - (50 + 30 * __import__("math").sin(x / 18))) < 2.5
            rows += bytes([20, 24, 40, 255] if ink else [0, 0, 0, 0])

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


def main():
    work = Path(tempfile.mkdtemp(prefix="signdesk-arm64-"))
    env = dict(os.environ, SIGNDESK_PASSPHRASE="测试口令 arm64 2027", SIGNDESK_ORG="某某燃气有限公司",
               SIGNDESK_DATA=str(work / "数据"))

    def cli(*args, ok=True):
        p = subprocess.run(QEMU + [EXE, *args, "--json"], env=env, capture_output=True, timeout=900)
        if ok and p.returncode != 0:
            fail(f"{' '.join(args)} exited {p.returncode}: {p.stderr.decode('utf-8', 'replace')}")
        return json.loads(p.stdout) if p.stdout.strip() else None

    emp, dire = work / "员工.png", work / "总监.png"
    png(emp)
    png(dire)
    arch = subprocess.run(["file", EXE], capture_output=True, text=True).stdout
    check("aarch64" in arch or "ARM aarch64" in arch, f"not an aarch64 binary: {arch}")
    print("[01] info on a new archive", flush=True)
    info = cli("info")
    check(info["counts"]["agreements"] == 0, f"{info}")
    print("[02] sign two agreements, one for a rare name", flush=True)
    for name, no in (("张三", "E001"), ("刘䶮𠀋", "E002")):
        out = work / f"{no}.pdf"
        r = cli("sign", "--template", TEMPLATE, "--signer", name, "--employee-no", no,
                "--department", "客服部", "--year", "2027", "--signature", f"employee={emp}",
                "--signature", f"director={dire}", "--signed-by", "director=李总监", "--out", str(out))
        check(out.is_file() and r["number"], f"sign {name}: {r}")
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        check(name in text, f"{name} not in the PDF text")
        sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
        check("Signature is Valid." in sig, f"seal of {name}: {sig}")
    print("[03] search by name and by initials", flush=True)
    check(cli("search", "张三")["total"] == 1, "search 张三")
    check(cli("search", "zs")["total"] == 1, "search zs")
    print("[04] verify", flush=True)
    v = cli("verify")
    check(v["ok"] and v["checked"] == 2, f"verify: {v}")
    print("[05] backup, sign again, restore", flush=True)
    b = cli("backup", "--out", str(work / "备份.sdbak"))
    check(b["agreements"] == 2, f"backup: {b}")
    cli("sign", "--template", TEMPLATE, "--signer", "王五", "--department", "客服部", "--year", "2027",
        "--signature", f"employee={emp}", "--signature", f"director={dire}", "--signed-by", "director=李总监")
    r = cli("restore", str(work / "备份.sdbak"))
    check(r["agreements"] == 2, f"restore: {r}")
    check(cli("verify")["ok"], "verify after restore")
    print("[06] self-test", flush=True)
    st = cli("self-test", "--out", str(work / "自检报告"))
    failed = [c for c in st["checks"] if c["status"] == "failed"]
    check(st["ok"] and not failed, f"self-test: {failed}")
    os_check = next(c for c in st["checks"] if c["key"] == "os")
    check("aarch64" in os_check["detail"], f"self-test OS: {os_check}")
    sig = subprocess.run(["pdfsig", st["report_pdf"]], capture_output=True, text=True).stdout
    check("Signature is Valid." in sig, f"self-test report seal: {sig}")
    print(f"arm64 suite: all steps passed ({st['millis']} ms self-test under emulation)", flush=True)


if __name__ == "__main__":
    main()

//! Printing through CUPS (Linux, macOS): `lpstat` lists the printers and `lp` reads
//! the merged PDF from its standard input. The commands run with a timeout and
//! `LC_ALL=C` (their output is parsed).

#[cfg(unix)]
use signdesk_base::ErrorKind;
#[cfg(unix)]
use std::process::{Command, Stdio};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use signdesk_archive::ArchiveError;

use super::Printer;

/// How long a printing command may take before it is killed.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs a command with a timeout, `LC_ALL=C`; returns stdout or a Chinese error.
#[cfg(unix)]
pub(crate) fn run_command(
    program: &str,
    args: &[&str],
    what: &'static str,
) -> Result<String, ArchiveError> {
    run_command_with_input(program, args, what, None)
}

/// [`run_command`], with `input` written to the command's standard input.
#[cfg(unix)]
fn run_command_with_input(
    program: &str,
    args: &[&str],
    what: &'static str,
    input: Option<&[u8]>,
) -> Result<String, ArchiveError> {
    // The program's own words (`LC_ALL=C`: English) are the detail, for the log.
    let fail = |reason: &str, detail: String| ArchiveError::Io {
        what,
        reason: reason.to_string(),
        detail: format!("{program}: {detail}"),
    };
    let mut child = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                fail("找不到打印系统（没有安装 CUPS？）", e.to_string())
            } else {
                fail("无法启动打印系统", e.to_string())
            }
        })?;
    // Fed from a thread so a command that writes a lot before reading cannot deadlock
    // against us; dropping the pipe at the end is the command's end of input.
    let feeder = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => {
            let bytes = bytes.to_vec();
            Some(std::thread::spawn(move || {
                std::io::Write::write_all(&mut stdin, &bytes)
            }))
        }
        _ => None,
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(
                    &format!(
                        "打印系统在 {} 秒内没有响应，请稍后重试",
                        COMMAND_TIMEOUT.as_secs()
                    ),
                    "timed out".into(),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(fail("打印系统出错", e.to_string())),
        }
    }
    let out = child
        .wait_with_output()
        .map_err(|e| fail("打印系统出错", e.to_string()))?;
    if let Some(feeder) = feeder {
        match feeder.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(fail("打印系统没有读完要打印的文件", e.to_string())),
            Err(_) => return Err(fail("向打印系统写入失败", String::new())),
        }
    }
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(fail(
            "打印系统拒绝了这项任务：请检查打印机是否连接、开机，再重试",
            if err.is_empty() {
                out.status.to_string()
            } else {
                err
            },
        ));
    }
    Ok(stdout)
}

/// Parses `lpstat -p` and `lpstat -a` output (LC_ALL=C) and the default from `-d`.
pub fn parse_lpstat(p: &str, a: &str, d: &str) -> Vec<Printer> {
    let default = d
        .split_once(':')
        .map(|(_, n)| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let mut out: Vec<Printer> = Vec::new();
    for line in p.lines() {
        let Some(rest) = line.strip_prefix("printer ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let Some(name) = words.next() else { continue };
        let state = if rest.contains("disabled") {
            "disabled"
        } else if rest.contains("now printing") {
            "printing"
        } else {
            "idle"
        };
        out.push(Printer {
            name: name.to_string(),
            accepting: false,
            state: state.to_string(),
            default: default.as_deref() == Some(name),
        });
    }
    for line in a.lines() {
        let mut words = line.split_whitespace();
        if let (Some(name), Some(word)) = (words.next(), words.next()) {
            let accepting = word == "accepting";
            match out.iter_mut().find(|p| p.name == name) {
                Some(p) => p.accepting = accepting,
                None => out.push(Printer {
                    name: name.to_string(),
                    accepting,
                    state: "unknown".into(),
                    default: default.as_deref() == Some(name),
                }),
            }
        }
    }
    out
}

/// The printers this computer can print to.
#[cfg(unix)]
pub fn printers() -> Result<Vec<Printer>, ArchiveError> {
    // `lpstat` exits non-zero when there are no printers at all; treat as empty.
    let p = run_command("lpstat", &["-p"], "读取打印机列表").unwrap_or_default();
    let a = run_command("lpstat", &["-a"], "读取打印机列表").unwrap_or_default();
    let d = run_command("lpstat", &["-d"], "读取打印机列表").unwrap_or_default();
    if p.is_empty() && a.is_empty() {
        // Distinguish "no CUPS" from "no printers".
        run_command("lpstat", &["-r"], "读取打印机列表")?;
    }
    Ok(parse_lpstat(&p, &a, &d))
}

#[cfg(unix)]
pub(super) fn submit(
    pdf: &[u8],
    printer: &str,
    title: &str,
) -> Result<Option<String>, ArchiveError> {
    let known = printers()?;
    if !known.iter().any(|p| p.name == printer) {
        let names: Vec<&str> = known.iter().map(|p| p.name.as_str()).collect();
        return Err(ArchiveError::invalid(
            ErrorKind::PrinterNotFound,
            format!(
                "找不到打印机「{printer}」。可用的打印机：{}",
                if names.is_empty() {
                    "无".into()
                } else {
                    names.join("、")
                }
            ),
        ));
    }
    // No file argument: lp reads the job from standard input.
    let out = run_command_with_input(
        "lp",
        &["-d", printer, "-t", title, "-n", "1"],
        "提交打印任务",
        Some(pdf),
    )?;
    // "request id is SignDeskPDF-12 (1 file(s))"
    Ok(out
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_output() {
        let p = "printer SignDeskPDF is idle.  enabled since Mon 01 Jan 2027\nprinter Office now printing Office-3.  enabled since x\nprinter Old disabled since y -\n\treason unknown\n";
        let a = "SignDeskPDF accepting requests since Mon\nOffice accepting requests since x\nOld not accepting requests since y -\n";
        let d = "system default destination: Office\n";
        let got = parse_lpstat(p, a, d);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            Printer {
                name: "SignDeskPDF".into(),
                accepting: true,
                state: "idle".into(),
                default: false
            }
        );
        assert_eq!((got[1].state.as_str(), got[1].default), ("printing", true));
        assert_eq!(
            (got[2].state.as_str(), got[2].accepting),
            ("disabled", false)
        );
        assert!(parse_lpstat("", "", "no system default destination").is_empty());
    }
}

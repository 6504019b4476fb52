//! The machine's own facts: nothing here writes anything but one probe file in the
//! data folder, removed at once.

use super::{failed, not_applicable, passed, CheckKey, Checks, Outcome, SelfTestEnv};

pub(super) fn before(c: &mut Checks<'_>, env: &SelfTestEnv) {
    c.run(CheckKey::Os, os);
    c.run(CheckKey::Webview, || match &env.webview {
        Some(v) => passed(v.clone()),
        None if env.webview_expected => failed(if cfg!(windows) {
            "没有找到 WebView2 运行时：请安装 Microsoft Edge WebView2 Runtime"
        } else {
            "没有找到 WebKitGTK：请安装 libwebkit2gtk-4.1"
        }),
        None => not_applicable("命令行自检不使用网页视图；请在程序的 设置 → 自检 中查看"),
    });
    c.run(CheckKey::DataFolder, || {
        data_folder(env.data_dir.as_deref())
    });
}

pub(super) fn after(c: &mut Checks<'_>, env: &SelfTestEnv) {
    c.run(CheckKey::Printers, printers);
    c.run(CheckKey::RemovableDrives, || {
        let drives = signdesk_output::drives::removable_drives();
        if drives.is_empty() {
            not_applicable("没有插入可移动磁盘（U 盘）")
        } else {
            passed(
                drives
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join("、"),
            )
        }
    });
    c.run(CheckKey::OsKiosk, || match crate::os_kiosk::detect() {
        Some(k) => passed(format!("本机运行在系统锁定会话中：{}", k.as_str())),
        None => {
            not_applicable("没有配置系统锁定会话（GNOME Kiosk、cage 或 Windows 分配的访问权限）")
        }
    });
    c.run(CheckKey::Screen, || match &env.screen {
        Some(s) => passed(format!(
            "{}×{}（缩放 {}），触控点 {}，{}",
            s.width,
            s.height,
            s.scale,
            s.touch_points,
            if s.pen {
                "有手写笔"
            } else {
                "未发现手写笔"
            }
        )),
        None => not_applicable("命令行自检看不到屏幕；请在程序的 设置 → 自检 中查看"),
    });
    c.run(CheckKey::Clock, || clock(env.last_signed_at.as_deref()));
}

fn os() -> Outcome {
    let arch = std::env::consts::ARCH;
    #[cfg(target_os = "linux")]
    {
        let pretty = std::fs::read_to_string("/etc/os-release")
            .ok()
            .and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                    .map(|v| v.trim_matches('"').to_string())
            })
            .unwrap_or_else(|| "Linux".into());
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        passed(format!("{pretty}，内核 {}，{arch}", kernel.trim()))
    }
    #[cfg(windows)]
    {
        let ver = std::process::Command::new("cmd")
            .args(["/C", "ver"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Windows".into());
        passed(format!("{ver}，{arch}"))
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        passed(format!("{}，{arch}", std::env::consts::OS))
    }
}

fn data_folder(dir: Option<&std::path::Path>) -> Outcome {
    let Some(dir) = dir else {
        return not_applicable("没有指定数据文件夹");
    };
    if !dir.exists() {
        return not_applicable(format!("{} 还不存在（第一次使用时新建）", dir.display()));
    }
    let probe = dir.join(format!(".自检-{}", std::process::id()));
    match std::fs::write(&probe, b"signdesk self-test") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            passed(format!("{}：可读写", dir.display()))
        }
        Err(e) => failed(format!(
            "{}：无法写入（{}）",
            dir.display(),
            signdesk_base::io_reason(&e)
        )),
    }
}

fn printers() -> Outcome {
    match signdesk_output::print::printers() {
        Ok(list) if list.is_empty() => not_applicable("没有找到打印机"),
        Ok(list) => {
            let default = list.iter().find(|p| p.default).map(|p| p.name.clone());
            let names: Vec<String> = list
                .iter()
                .map(|p| {
                    if p.accepting {
                        p.name.clone()
                    } else {
                        format!("{}（不接受任务）", p.name)
                    }
                })
                .collect();
            passed(format!(
                "{} 台：{}；默认打印机：{}",
                list.len(),
                names.join("、"),
                default.unwrap_or_else(|| "未设置".into())
            ))
        }
        Err(e) => failed(format!("无法列出打印机：{e}")),
    }
}

fn clock(last_signed_at: Option<&str>) -> Outcome {
    let now = chrono::Local::now();
    let Some(last) = last_signed_at else {
        return not_applicable(format!(
            "现在 {}；档案库未解锁或没有签署记录，无法比较",
            now.format("%Y-%m-%d %H:%M")
        ));
    };
    match chrono::DateTime::parse_from_rfc3339(last) {
        Ok(t) if t > now.fixed_offset() => failed(format!(
            "系统时间 {} 早于档案库最后一次签署时间 {}：请校准系统时间",
            now.format("%Y-%m-%d %H:%M"),
            t.format("%Y-%m-%d %H:%M")
        )),
        Ok(t) => passed(format!(
            "现在 {}，档案库最后一次签署 {}",
            now.format("%Y-%m-%d %H:%M"),
            t.format("%Y-%m-%d %H:%M")
        )),
        Err(_) => failed(format!("最后一次签署时间无法识别：{last}")),
    }
}

//! Whether the app runs inside an operating-system kiosk session. SignDesk's own
//! kiosk holds the window (full screen, on top, browser keys off, minimise undone);
//! only the OS can take away the rest of the desktop (task switching, other programs,
//! the session menu). Settings shows which one holds, and how to set one up.
//!
//! * GNOME Kiosk (the `gnome-kiosk` compositor; Debian's `gnome-kiosk` package): its
//!   session names itself in `XDG_CURRENT_DESKTOP`/`XDG_SESSION_DESKTOP`.
//! * cage (a Wayland kiosk compositor: one application, full screen): found as the
//!   compositor process of this user's session.
//! * Windows Assigned Access (kiosk mode for one app): Windows keeps its configuration
//!   under `HKLM\SOFTWARE\Microsoft\Windows\AssignedAccessConfiguration`.

/// Which OS kiosk session holds the desktop, if any.
pub fn detect() -> Option<OsKiosk> {
    platform()
}

use signdesk_base::OsKiosk;

#[cfg(target_os = "linux")]
fn platform() -> Option<OsKiosk> {
    let env = |k: &str| std::env::var(k).ok();
    from_session(&env, &compositors())
}

/// Process names of this user's processes (`/proc/<pid>/comm`), enough to find the
/// compositor.
#[cfg(target_os = "linux")]
fn compositors() -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| e.metadata().map(|m| Some(m.uid()) == me).unwrap_or(false))
        .filter_map(|e| std::fs::read_to_string(e.path().join("comm")).ok())
        .map(|c| c.trim().to_string())
        .filter(|c| c == "cage" || c.starts_with("gnome-kiosk"))
        .collect()
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn from_session(env: &dyn Fn(&str) -> Option<String>, processes: &[String]) -> Option<OsKiosk> {
    let desktop = [
        "XDG_CURRENT_DESKTOP",
        "XDG_SESSION_DESKTOP",
        "DESKTOP_SESSION",
    ]
    .iter()
    .filter_map(|k| env(k))
    .collect::<Vec<_>>()
    .join(":")
    .to_lowercase();
    if desktop.contains("gnome-kiosk") || processes.iter().any(|p| p.starts_with("gnome-kiosk")) {
        return Some(OsKiosk::GnomeKiosk);
    }
    if desktop.split(':').any(|d| d == "cage") || processes.iter().any(|p| p == "cage") {
        return Some(OsKiosk::Cage);
    }
    None
}

#[cfg(windows)]
#[allow(unsafe_code)] // RegOpenKeyExW, RegCloseKey
fn platform() -> Option<OsKiosk> {
    use windows_sys::Win32::System::Registry::{
        RegCloseKey, RegOpenKeyExW, HKEY, HKEY_LOCAL_MACHINE, KEY_READ,
    };
    let path: Vec<u16> = "SOFTWARE\\Microsoft\\Windows\\AssignedAccessConfiguration"
        .encode_utf16()
        .chain([0])
        .collect();
    let mut key: HKEY = std::ptr::null_mut();
    // SAFETY: `path` is NUL-terminated UTF-16 and outlives the call; `key` is written
    // only on success and closed below.
    let opened = unsafe { RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.as_ptr(), 0, KEY_READ, &mut key) };
    if opened != 0 {
        return None;
    }
    // SAFETY: `key` was opened above.
    unsafe { RegCloseKey(key) };
    Some(OsKiosk::AssignedAccess)
}

#[cfg(not(any(target_os = "linux", windows)))]
fn platform() -> Option<OsKiosk> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosk_sessions_are_told_from_ordinary_desktops() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let none: [String; 0] = [];
        assert_eq!(
            from_session(&env(&[("XDG_CURRENT_DESKTOP", "GNOME-Kiosk:GNOME")]), &none),
            Some(OsKiosk::GnomeKiosk)
        );
        assert_eq!(
            from_session(&env(&[]), &["Xwayland".into(), "cage".into()]),
            Some(OsKiosk::Cage)
        );
        assert_eq!(
            from_session(&env(&[("XDG_SESSION_DESKTOP", "cage")]), &none),
            Some(OsKiosk::Cage)
        );
        for ordinary in ["GNOME", "KDE", "UKUI", "Deepin", "XFCE", "ubuntu:GNOME"] {
            let pairs: &'static [(&'static str, &'static str)] =
                Box::leak(Box::new([("XDG_CURRENT_DESKTOP", ordinary)]));
            assert_eq!(
                from_session(&env(pairs), &["cagefs".into()]),
                None,
                "{ordinary}"
            );
        }
    }
}

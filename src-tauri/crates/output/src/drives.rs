//! Where exports, merged print files and backups go unless the user says otherwise: a
//! removable drive (the USB stick an auditor takes away), never the laptop's own
//! Documents folder — on a shared signing laptop every later user could read what was
//! left there. With no removable drive the front ends ask.
//!
//! * Linux: the mounts under `/media/` and `/run/media/` (where udisks mounts what is
//!   plugged in on GNOME, KDE, UOS and Kylin desktops), read from `/proc/self/mounts`.
//! * Windows: the drive letters `GetDriveTypeW` reports as `DRIVE_REMOVABLE`.

use std::path::PathBuf;

/// The removable drives mounted now, in a stable order.
pub fn removable_drives() -> Vec<PathBuf> {
    platform()
}

#[cfg(target_os = "linux")]
fn platform() -> Vec<PathBuf> {
    std::fs::read_to_string("/proc/self/mounts")
        .map(|m| removable_in_mounts(&m))
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.is_dir())
        .collect()
}

#[cfg(windows)]
#[allow(unsafe_code)] // GetLogicalDrives, GetDriveTypeW
fn platform() -> Vec<PathBuf> {
    use windows_sys::Win32::Storage::FileSystem::{GetDriveTypeW, GetLogicalDrives};
    const DRIVE_REMOVABLE: u32 = 2;
    // SAFETY: no arguments; returns a bit mask of the drive letters in use.
    let mask = unsafe { GetLogicalDrives() };
    (0..26u8)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| format!("{}:\\", (b'A' + i) as char))
        .filter(|root| {
            let wide: Vec<u16> = root.encode_utf16().chain([0]).collect();
            // SAFETY: `wide` is a NUL-terminated UTF-16 root path that outlives the call.
            unsafe { GetDriveTypeW(wide.as_ptr()) == DRIVE_REMOVABLE }
        })
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .collect()
}

#[cfg(not(any(target_os = "linux", windows)))]
fn platform() -> Vec<PathBuf> {
    Vec::new()
}

/// `/proc/self/mounts` lines whose mount point is under `/media/` or `/run/media/`;
/// the kernel writes spaces and other specials in paths as octal escapes (`\040`).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn removable_in_mounts(mounts: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = mounts
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(unescape)
        .filter(|p| p.starts_with("/media/") || p.starts_with("/run/media/"))
        .map(PathBuf::from)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usb_sticks_are_found_among_the_mounts_and_nothing_else_is() {
        let mounts = "\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/nvme0n1p1 /boot/efi vfat rw 0 0
/dev/sdb1 /media/kefu/KINGSTON vfat rw,nosuid,nodev,uid=1000 0 0
/dev/sdc1 /run/media/anquan/\\345\\256\\211\\345\\205\\250\\347\\247\\221\\040U\\347\\233\\230 exfat rw 0 0
/dev/sdd1 /mnt/backup ext4 rw 0 0
/dev/sdb1 /media/kefu/KINGSTON vfat rw 0 0
";
        assert_eq!(
            removable_in_mounts(mounts),
            vec![
                PathBuf::from("/media/kefu/KINGSTON"),
                PathBuf::from("/run/media/anquan/安全科 U盘"),
            ]
        );
        assert!(removable_in_mounts("").is_empty());
    }
}

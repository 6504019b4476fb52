//! A file the window sends for long work. Tauri carries a file best as the raw body
//! of a request (the shell's `commands/upload.rs`), and such a request has no JSON
//! arguments — so no progress channel can travel with it. The file is therefore sent
//! first and kept here under a random token; the command that does the work (an
//! import, with its job and channel) names the token and takes the file. A staged
//! file lives in the desk and holds names and scores: it is gone once taken, after
//! [`UPLOAD_LIFE`], when more than [`MAX_STAGED`] wait, and when the session locks.

use std::time::{Duration, Instant};

use signdesk_base::ErrorKind;

use crate::{CoreError, Desk};

/// The window sends a file and names it in the next command at once: minutes are
/// only for a slow machine.
pub const UPLOAD_LIFE: Duration = Duration::from_secs(5 * 60);

/// Files waiting at once; the oldest goes first (a window reloaded between the two
/// steps leaves one behind).
pub const MAX_STAGED: usize = 4;

/// A file as the window sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The files waiting for the command that names them (held by the desk).
#[derive(Default)]
pub(crate) struct Staged {
    files: Vec<(String, Instant, Upload)>,
}

impl Staged {
    fn keep(&mut self, token: String, upload: Upload) {
        self.files.retain(|(_, at, _)| at.elapsed() <= UPLOAD_LIFE);
        if self.files.len() >= MAX_STAGED {
            self.files.remove(0);
        }
        self.files.push((token, Instant::now(), upload));
    }

    fn take(&mut self, token: &str) -> Option<Upload> {
        let i = self.files.iter().position(|(t, _, _)| t == token)?;
        let (_, at, upload) = self.files.remove(i);
        (at.elapsed() <= UPLOAD_LIFE).then_some(upload)
    }
}

impl Desk {
    /// Keeps a file the window sent; the token names it in the command that uses it.
    pub fn stage_upload(&mut self, file_name: String, bytes: Vec<u8>) -> Result<String, CoreError> {
        self.guard()?;
        let token = crate::hex::random_token()?;
        self.uploads
            .keep(token.clone(), Upload { file_name, bytes });
        Ok(token)
    }

    /// The file staged under `token`, taken: a token is used once.
    pub fn take_upload(&mut self, token: &str) -> Result<Upload, CoreError> {
        self.guard()?;
        self.uploads.take(token).ok_or_else(|| {
            CoreError::invalid(
                ErrorKind::BadUpload,
                "文件已失效（已用过、超时或签约台已锁定），请重新选择文件",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> Upload {
        Upload {
            file_name: name.into(),
            bytes: name.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_file_is_taken_once_and_the_oldest_makes_room() {
        let mut s = Staged::default();
        s.keep("a".into(), file("名单.csv"));
        assert_eq!(s.take("a"), Some(file("名单.csv")));
        assert_eq!(s.take("a"), None, "used once");
        for i in 0..=MAX_STAGED {
            s.keep(i.to_string(), file(&format!("{i}.csv")));
        }
        assert_eq!(s.take("0"), None, "the oldest went first");
        assert_eq!(
            s.take(&MAX_STAGED.to_string()),
            Some(file(&format!("{MAX_STAGED}.csv")))
        );
    }

    #[test]
    fn a_file_left_too_long_is_gone() {
        let mut s = Staged::default();
        let long_ago = Instant::now()
            .checked_sub(UPLOAD_LIFE + Duration::from_secs(1))
            .unwrap();
        s.files.push(("old".into(), long_ago, file("成绩.xlsx")));
        assert_eq!(s.take("old"), None);
    }
}

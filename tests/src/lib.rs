//! Harness for end-to-end tests of the real SignDesk app in real WebKit.
//!
//! Each [`Session`] gets its own Xvfb display and its own tauri-driver on free ports
//! (WebKitWebDriver allows one session at a time, and a stale driver on a fixed port
//! would silently take our commands). Every WebDriver call goes through [`within`], so
//! a hung webview fails the test instead of hanging CI; processes are killed on drop,
//! also when a test panics.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// The organiser passphrase and organisation of every test archive.
pub const PASSPHRASE: &str = "测试口令 e2e 2027";
pub const ORG: &str = "宁德新奥燃气有限公司";

/// The archive in `data_dir`, created (encrypted, as the first start does) if needed.
pub fn desk(data_dir: &Path) -> Result<signdesk_core::Desk> {
    Ok(match signdesk_core::Desk::folder_state(data_dir) {
        signdesk_core::FolderState::Empty => {
            signdesk_core::Desk::create(data_dir, ORG, PASSPHRASE)?
        }
        _ => signdesk_core::Desk::open(data_dir, PASSPHRASE)?,
    })
}

/// The latest version of the template titled `title` that the app saved in `data_dir`,
/// read back from the archive on disk.
pub fn saved_template(data_dir: &Path, title: &str) -> Result<signdesk_core::agreement::Template> {
    let desk = desk(data_dir)?;
    let saved = desk
        .templates()?
        .into_iter()
        .find(|t| t.title == title)
        .ok_or_else(|| format!("「{title}」 is not in the archive"))?;
    Ok(desk.template(&saved.id, None)?.template)
}

/// Default limit for one WebDriver call.
pub const CALL: Duration = Duration::from_secs(20);

/// Runs one async step with a timeout.
pub async fn within<T, E: Into<Error>>(
    limit: Duration,
    what: &str,
    fut: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> Result<T> {
    match tokio::time::timeout(limit, fut).await {
        Ok(r) => r.map_err(|e| format!("{what}: {}", e.into()).into()),
        Err(_) => Err(format!("{what}: no answer within {limit:?}").into()),
    }
}

/// Where the built app is: `SIGNDESK_APP_BIN`, else `<target>/debug/signdesk`.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SIGNDESK_APP_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("debug/signdesk")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private Xvfb + tauri-driver + WebDriver session on the app.
pub struct Session {
    pub client: Client,
    pub display: String,
    // Dropped after `client` (field order): driver first, then the display.
    _driver: Killed,
    _wm: Option<Killed>,
    _xvfb: Killed,
}

impl Session {
    /// Starts the app on the archive in `data_dir` (created first if there is none)
    /// and unlocks it through the unlock screen with [`PASSPHRASE`].
    pub async fn start(data_dir: &Path) -> Result<Session> {
        drop(desk(data_dir)?);
        let s = Session::start_locked(data_dir, &[]).await?;
        s.unlock(PASSPHRASE).await?;
        Ok(s)
    }

    /// Types `passphrase` into the unlock screen and waits for the main window.
    pub async fn unlock(&self, passphrase: &str) -> Result<()> {
        self.type_into("[data-testid=unlock-passphrase]", passphrase)
            .await?;
        self.click("[data-testid=unlock-go]").await?;
        self.wait_for("nav.sidebar").await?;
        Ok(())
    }

    /// Starts the app with `--data data_dir` as it is (first start, or locked), with
    /// extra environment for the app (e.g. a short idle lock).
    pub async fn start_locked(data_dir: &Path, env: &[(&str, &str)]) -> Result<Session> {
        Session::launch(data_dir, env, &[], false).await
    }

    /// Starts the app on the group archive: `signdesk --group URL` (the group view,
    /// read-only; `data_dir` need hold no archive).
    pub async fn start_group(data_dir: &Path, url: &str) -> Result<Session> {
        Session::launch(data_dir, &[], &["--group", url], false).await
    }

    /// As [`Session::start_locked`], on a display with a window manager (openbox), for
    /// what only a window manager does: minimising, stacking, leaving full screen.
    pub async fn start_locked_with_wm(data_dir: &Path) -> Result<Session> {
        Session::launch(data_dir, &[], &[], true).await
    }

    /// `args`: the app's own arguments after `--data data_dir`.
    async fn launch(
        data_dir: &Path,
        env: &[(&str, &str)],
        args: &[&str],
        wm: bool,
    ) -> Result<Session> {
        let app = app_binary();
        if !app.is_file() {
            return Err(format!(
                "the app is not built at {} — build it first (make e2e does)",
                app.display()
            )
            .into());
        }
        let (xvfb, display) = start_xvfb()?;
        let wm = if wm {
            let child = Command::new("openbox")
                .env("DISPLAY", &display)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("openbox could not start ({e}); run scripts/setup.sh"))?;
            // It must manage the display before the app maps its window.
            std::thread::sleep(Duration::from_millis(500));
            Some(Killed(child))
        } else {
            None
        };
        let port = free_port()?;
        let native_port = free_port()?;
        // The webview keeps its storage (localStorage: the chosen locale) under the XDG
        // folders; give every session fresh ones so tests don't see each other's state.
        let home = data_dir.join(".webview");
        let driver = Killed(
            Command::new("tauri-driver")
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display)
                .env("SIGNDESK_DATA", data_dir) // belt and braces: the app also gets --data
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("XDG_CACHE_HOME", home.join("cache"))
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("tauri-driver could not start ({e}); run scripts/setup.sh"))?,
        );
        // tauri-driver listens at once but proxies to WebKitWebDriver, which it starts
        // on the native port: a session request before that one listens is dropped.
        wait_for_port(port, Duration::from_secs(15))?;
        wait_for_port(native_port, Duration::from_secs(15))?;

        let mut app_args = vec![serde_json::json!("--data"), serde_json::json!(data_dir)];
        app_args.extend(args.iter().map(|a| serde_json::json!(a)));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": app,
                "args": app_args,
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = within(
            Duration::from_secs(60),
            "open WebDriver session",
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .await?;
        Ok(Session {
            client,
            display,
            _driver: driver,
            _wm: wm,
            _xvfb: xvfb,
        })
    }

    /// Waits for an element to appear.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        within(
            CALL,
            &format!("wait for {css}"),
            self.client
                .wait()
                .at_most(CALL)
                .for_element(Locator::Css(css)),
        )
        .await
    }

    /// Clicks `css` once it is enabled. WebKit may still be handling the keys just
    /// typed when the click arrives (a form's button enables on the last key): a click
    /// on a button that is still disabled would be lost without an error.
    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.wait_for(css).await?;
        let deadline = Instant::now() + CALL;
        while !within(CALL, &format!("is {css} enabled"), el.is_enabled()).await? {
            if Instant::now() > deadline {
                return Err(format!("{css} never became enabled").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        within(CALL, &format!("click {css}"), el.click()).await
    }

    /// Replaces the text of the input `css` with `text` (just clears it when empty).
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let el = self.wait_for(css).await?;
        within(CALL, &format!("clear {css}"), el.clear()).await?;
        if text.is_empty() {
            return Ok(());
        }
        within(CALL, &format!("type into {css}"), el.send_keys(text)).await?;
        // Until the page has taken every key, what it shows (and enables) is a prefix.
        let deadline = Instant::now() + CALL;
        loop {
            let value = within(CALL, &format!("value of {css}"), el.prop("value")).await?;
            if value.as_deref() == Some(text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} holds {value:?}, not what was typed").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn text(&self, css: &str) -> Result<String> {
        let el = self.wait_for(css).await?;
        within(CALL, &format!("text of {css}"), el.text()).await
    }

    /// Waits until `css` has text matching `pred`, and returns it.
    pub async fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + CALL;
        loop {
            if let Ok(t) = self.text(css).await {
                if pred(&t) {
                    return Ok(t);
                }
                if Instant::now() > deadline {
                    return Err(format!("{css} never matched; last text: {t:?}").into());
                }
            } else if Instant::now() > deadline {
                return Err(format!("{css} never appeared").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an input's value to match (`wait_text` reads text, not values).
    pub async fn wait_text_value(&self, css: &str, pred: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + CALL;
        loop {
            if let Ok(el) = self.client.find(fantoccini::Locator::Css(css)).await {
                if let Ok(Some(v)) = el.prop("value").await {
                    if pred(&v) {
                        return Ok(v);
                    }
                    if Instant::now() > deadline {
                        return Err(format!("{css} never matched; last value: {v:?}").into());
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never had a matching value").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot under `tests/artifacts/` for people to look at.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = within(CALL, "screenshot", self.client.screenshot()).await?;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the WebDriver session (closing the app), then the driver and display.
    pub async fn close(self) -> Result<()> {
        let r = within(CALL, "close session", self.client.close()).await;
        drop(self._driver);
        drop(self._wm);
        drop(self._xvfb);
        r
    }
}

fn start_xvfb() -> Result<(Killed, String)> {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x860x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Xvfb could not start ({e}); run scripts/setup.sh"))?;
    let stdout = child.stdout.take().ok_or("Xvfb has no stdout")?;
    let guard = Killed(child);
    // -displayfd writes the display number once the server is ready.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(15))
        .map_err(|_| "Xvfb did not report a display")?;
    let n: u32 = line
        .trim()
        .parse()
        .map_err(|_| format!("Xvfb said {line:?}"))?;
    Ok((guard, format!(":{n}")))
}

fn wait_for_port(port: u16, limit: Duration) -> Result<()> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("the WebDriver did not listen on port {port}").into())
}

/// A fresh group archive (issue 25) named `name` on the private PostgreSQL server the
/// test command starts (`scripts/with-postgres.sh`), migrated; answers its owner's URL
/// and a connection to it. Synchronous: call it on a blocking thread.
pub fn fresh_group_archive(name: &str) -> Result<(String, signdesk_group::Client)> {
    let admin = std::env::var("SIGNDESK_TEST_PG_URL").map_err(|_| {
        "SIGNDESK_TEST_PG_URL is not set: run the e2e tests through scripts/with-postgres.sh"
    })?;
    let db = format!("{name}_{}", std::process::id());
    let mut c = signdesk_group::connect(&admin, None)?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))?;
    c.batch_execute(&format!("CREATE DATABASE {db}"))?;
    let url = format!("{}/{db}", admin.rsplit_once('/').ok_or("a URL")?.0);
    let mut c = signdesk_group::connect(&url, None)?;
    signdesk_group::schema::migrate(&mut c)?;
    Ok((url, c))
}

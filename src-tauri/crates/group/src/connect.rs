//! Connecting to the group archive: a PostgreSQL connection string (`postgresql://user@host:port/db?sslmode=require`
//! or `host=… user=…`). TLS is OpenSSL's with the system's trusted roots, plus the
//! file `PGSSLROOTCERT` names (a company's own CA), as libpq does; `sslmode` decides
//! whether it is required. The password comes from the string or from the caller
//! (the desk keeps it encrypted under the archive key; the CLI reads `PGPASSWORD`).

use std::str::FromStr;
use std::time::Duration;

use openssl::ssl::{SslConnector, SslMethod};
use postgres::{Client, Config};
use postgres_openssl::MakeTlsConnector;
use signdesk_base::ErrorKind;

use crate::GroupError;

/// How long a connection attempt may take before the desk says so.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Parses `url` (nothing is contacted): a clear error for a malformed string.
pub fn config(url: &str, password: Option<&str>) -> Result<Config, GroupError> {
    let mut cfg = Config::from_str(url.trim()).map_err(|e| {
        GroupError::new(
            ErrorKind::GroupConnect,
            "集团档案库的连接串无法识别（应为 postgresql://用户@主机:端口/数据库）",
        )
        .with_detail(e)
    })?;
    if cfg.get_password().is_none() {
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            cfg.password(p);
        }
    }
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(CONNECT_TIMEOUT);
    }
    if cfg.get_application_name().is_none() {
        cfg.application_name("signdesk");
    }
    Ok(cfg)
}

/// Who connects where, for people: `viewer@10.0.0.5:5432/signdesk_group` — never
/// the password (the group view shows it in its title).
pub fn describe(url: &str) -> Result<String, GroupError> {
    let cfg = config(url, None)?;
    let host = cfg
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let port = cfg
        .get_ports()
        .first()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    let user = cfg.get_user().map(|u| format!("{u}@")).unwrap_or_default();
    let db = cfg
        .get_dbname()
        .map(|d| format!("/{d}"))
        .unwrap_or_default();
    Ok(format!("{user}{host}{port}{db}"))
}

/// Whether `url` carries its own password (then the window never asks for one).
pub fn has_password(url: &str) -> Result<bool, GroupError> {
    Ok(config(url, None)?.get_password().is_some())
}

/// Opens a connection.
pub fn connect(url: &str, password: Option<&str>) -> Result<Client, GroupError> {
    let cfg = config(url, password)?;
    let mut tls = SslConnector::builder(SslMethod::tls()).map_err(tls_error)?;
    if let Some(ca) = std::env::var_os("PGSSLROOTCERT") {
        tls.set_ca_file(&ca).map_err(tls_error)?;
    }
    let tls = MakeTlsConnector::new(tls.build());
    cfg.connect(tls).map_err(|e| {
        let why = match e.as_db_error().map(|d| d.code().clone()) {
            Some(c)
                if c == postgres::error::SqlState::INVALID_PASSWORD
                    || c == postgres::error::SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                "用户名或密码不对"
            }
            Some(c) if c == postgres::error::SqlState::INVALID_CATALOG_NAME => "数据库不存在",
            Some(_) => "服务器拒绝了连接",
            None if e.to_string().contains("password missing") => "需要密码",
            None => "服务器没有应答（地址、端口或网络不对）",
        };
        GroupError::new(
            ErrorKind::GroupConnect,
            format!("无法连接集团档案库：{why}"),
        )
        .with_detail(e)
    })
}

fn tls_error(e: openssl::error::ErrorStack) -> GroupError {
    GroupError::new(
        ErrorKind::GroupConnect,
        "无法准备加密连接（TLS）：证书文件无法使用",
    )
    .with_detail(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_described_without_its_password() {
        let url = "postgresql://anquanbu:geheim@10.0.0.5:5432/signdesk_group?sslmode=require";
        assert_eq!(
            describe(url).unwrap(),
            "anquanbu@10.0.0.5:5432/signdesk_group"
        );
        assert!(has_password(url).unwrap());
        assert!(!has_password("postgresql://anquanbu@10.0.0.5/g").unwrap());
        assert_eq!(
            describe("host=h user=u dbname=d").unwrap(),
            "u@h/d",
            "the key=value form"
        );
        assert_eq!(
            describe("nonsense://").unwrap_err().kind,
            ErrorKind::GroupConnect
        );
    }
}

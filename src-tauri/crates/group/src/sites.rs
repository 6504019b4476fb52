//! Sites: a desk (or the desks of one installation) registered once by the group's
//! administrator with its root certificate. Registering creates the site's login
//! role, a member of `signdesk_site`, with a random password shown once.

use postgres::{Client, GenericClient};
use serde::Serialize;
use sha2::{Digest, Sha256};
use signdesk_base::ErrorKind;

use crate::GroupError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    pub id: i32,
    pub name: String,
    #[serde(skip)]
    pub root_der: Vec<u8>,
    pub root_fingerprint: String,
    pub db_role: String,
}

/// What `site add` answers: the role's password is shown this once.
#[derive(Debug, Clone, Serialize)]
pub struct SiteAdded {
    #[serde(flatten)]
    pub site: Site,
    pub password: String,
}

/// SHA-256 (hex) of a root certificate's DER: how a bundle names its site.
pub fn fingerprint(root_der: &[u8]) -> String {
    format!("{:x}", Sha256::digest(root_der))
}

/// Registers a site and creates its login role. Run by the group's owner.
pub fn add(client: &mut Client, name: &str, root_der: &[u8]) -> Result<SiteAdded, GroupError> {
    let name = signdesk_base::text::printable(name).trim().to_string();
    if name.is_empty() {
        return Err(GroupError::new(ErrorKind::BadArgument, "站点名称不能为空"));
    }
    let fp = fingerprint(root_der);
    let mut tx = client.transaction()?;
    if let Some(row) = tx.query_opt(
        "SELECT name FROM sites WHERE name = $1 OR root_fingerprint = $2",
        &[&name, &fp],
    )? {
        let existing: String = row.get(0);
        return Err(GroupError::new(
            ErrorKind::SiteExists,
            format!("站点「{existing}」已用这个名称或根证书登记过"),
        ));
    }
    let id: i32 = tx
        .query_one(
            "INSERT INTO sites(name, root_der, root_fingerprint, db_role)
             VALUES ($1, $2, $3, 'pending') RETURNING id",
            &[&name, &root_der, &fp],
        )?
        .get(0);
    // Login roles are the cluster's, databases are not: the database's name keeps two
    // group archives on one server apart.
    let db: String = tx.query_one("SELECT current_database()", &[])?.get(0);
    let db: String = db
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let role = format!("{db}_site_{id}");
    tx.execute("UPDATE sites SET db_role = $1 WHERE id = $2", &[&role, &id])?;
    let password = random_password();
    // Role names and passwords cannot be bound parameters; both are ours (digits,
    // hex), never the user's text.
    tx.batch_execute(&format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}' IN ROLE signdesk_site"
    ))?;
    tx.commit()?;
    Ok(SiteAdded {
        site: Site {
            id,
            name,
            root_der: root_der.to_vec(),
            root_fingerprint: fp,
            db_role: role,
        },
        password,
    })
}

/// Creates (or resets the password of) the read-only login role `name`.
pub fn add_viewer(client: &mut Client, name: &str) -> Result<String, GroupError> {
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || name.is_empty()
    {
        return Err(GroupError::new(
            ErrorKind::BadArgument,
            "只读账号名只能用小写字母、数字和下划线",
        ));
    }
    let password = random_password();
    let exists = client
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])?
        .is_some();
    let verb = if exists { "ALTER" } else { "CREATE" };
    client.batch_execute(&format!("{verb} ROLE {name} LOGIN PASSWORD '{password}'"))?;
    client.batch_execute(&format!("GRANT signdesk_viewer TO {name}"))?;
    Ok(password)
}

pub fn list(client: &mut impl GenericClient) -> Result<Vec<Site>, GroupError> {
    Ok(client
        .query(
            "SELECT id, name, root_der, root_fingerprint, db_role FROM sites ORDER BY id",
            &[],
        )?
        .iter()
        .map(site)
        .collect())
}

pub fn by_fingerprint(
    client: &mut impl GenericClient,
    fp: &str,
) -> Result<Option<Site>, GroupError> {
    Ok(client
        .query_opt(
            "SELECT id, name, root_der, root_fingerprint, db_role FROM sites
             WHERE root_fingerprint = $1",
            &[&fp],
        )?
        .as_ref()
        .map(site))
}

/// The site the logged-in role writes for (a desk's sync), or `site_unknown`.
pub fn current(client: &mut impl GenericClient) -> Result<Site, GroupError> {
    client
        .query_opt(
            "SELECT id, name, root_der, root_fingerprint, db_role FROM sites
             WHERE id = signdesk_current_site()",
            &[],
        )?
        .as_ref()
        .map(site)
        .ok_or_else(|| {
            GroupError::new(
                ErrorKind::SiteUnknown,
                "这个账号不属于任何已登记的站点：请用站点登记时给出的账号连接",
            )
        })
}

fn site(r: &postgres::Row) -> Site {
    Site {
        id: r.get(0),
        name: r.get(1),
        root_der: r.get(2),
        root_fingerprint: r.get(3),
        db_role: r.get(4),
    }
}

fn random_password() -> String {
    let mut b = [0u8; 18];
    openssl::rand::rand_bytes(&mut b).expect("the system's random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}
